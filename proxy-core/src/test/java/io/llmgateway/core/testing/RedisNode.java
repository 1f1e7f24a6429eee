package io.llmgateway.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One private {@code redis-server} process on a free loopback port, with nothing persisted
 * ({@code --save "" --appendonly no}) and its files in a temp directory. It can be killed with
 * SIGKILL and started again on the same port, as the outage tests need.
 *
 * <pre>{@code
 * try (RedisNode redis = RedisNode.start()) {
 *     store = new RedisRuntimeStore(config(redis.addr()));
 *     redis.kill();    // the store now answers StoreUnavailableException
 *     redis.restart(); // same port, empty data
 * }
 * }</pre>
 */
public final class RedisNode implements AutoCloseable {

    private static final long START_DEADLINE_MS = 15_000;
    private static final int START_TRIES = 5;

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    /** Whether the node speaks only TLS on its port. */
    private final boolean tls;
    private Process process;

    private RedisNode(Path dir, int port, List<String> extraArgs, boolean tls) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
        this.tls = tls;
    }

    /**
     * Starts a node on a free port; {@code extraArgs} are added to its command line (e.g.
     * {@code --requirepass secret}, {@code --cluster-enabled yes}).
     */
    public static RedisNode start(String... extraArgs) {
        return start(false, false, extraArgs);
    }

    /**
     * Starts a node that speaks only TLS on its port, presenting {@code certFile} (PEM) with
     * {@code keyFile} (PEM); clients present no certificate.
     */
    public static RedisNode startTls(Path certFile, Path keyFile) {
        return start(false, true, "--tls-cert-file", certFile.toString(), "--tls-key-file", keyFile.toString(),
                "--tls-ca-cert-file", certFile.toString(), "--tls-auth-clients", "no");
    }

    /** Starts a node whose port and cluster bus port ({@code port + 10000}) are both free. */
    static RedisNode startClusterNode(String... extraArgs) {
        return start(true, false, extraArgs);
    }

    private static RedisNode start(boolean needBusPort, boolean tls, String... extraArgs) {
        RedisExecutables.requireInstalled();
        Path dir;
        try {
            dir = Files.createTempDirectory("llmgw-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int i = 0; i < START_TRIES; i++) {
            // another process may take the port between the probe and redis-server's bind: try another
            RedisNode node = new RedisNode(dir, freePort(needBusPort), List.of(extraArgs), tls);
            try {
                node.launch();
                return node;
            } catch (IllegalStateException e) {
                node.kill();
                last = e;
            }
        }
        throw last;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as {@code storage.runtime.addr} takes it. */
    public String addr() {
        return host() + ':' + port;
    }

    /** Kills the process with SIGKILL (no shutdown, no save) and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing redis-server on port " + port, e);
        }
        process = null;
    }

    /** Starts the server again on the same port (empty: nothing was saved). */
    public synchronized void restart() {
        kill();
        launch();
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        kill();
        deleteDir();
    }

    private synchronized void launch() {
        String plainPort = tls ? "0" : Integer.toString(port);
        List<String> cmd = new ArrayList<>(List.of(RedisExecutables.server(), "--port", plainPort));
        if (tls) {
            cmd.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        cmd.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", "dump-" + port + ".rdb"));
        cmd.addAll(extraArgs);
        Path log = dir.resolve("redis-" + port + ".log");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        }
        RedisServers.stopAtExit(this);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String output = readLog(log);
                kill();
                throw new IllegalStateException("redis-server on port " + port + " did not start within "
                        + START_DEADLINE_MS + " ms; its output:\n" + output);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Whether the server answers a PING (a NOAUTH refusal counts: it is up, with a password). */
    private boolean answers() {
        if (tls) {
            return listening(port); // a plain PING cannot be spoken to it; the clients under test speak TLS
        }
        try (Jedis jedis = new Jedis(host(), port, 500)) {
            jedis.ping();
            return true;
        } catch (JedisDataException e) {
            return true;
        } catch (JedisConnectionException e) {
            return false;
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void deleteDir() {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** A loopback port nothing listens on; with {@code needBusPort} also {@code port + 10000}. */
    private static int freePort(boolean needBusPort) {
        for (int i = 0; i < 100; i++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!needBusPort || port + 10_000 <= 65_535 && !listening(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port pair (port, port + 10000) found in 100 tries");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
