package io.llmgateway.core.cli;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ServerConfig;
import io.llmgateway.core.reload.ConfigControl;
import io.llmgateway.core.reload.ReloadTriggers;
import io.llmgateway.core.server.GatewayServer;
import io.llmgateway.core.server.OutOfMemoryExit;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Runs the gateway until SIGTERM or SIGINT: loads the config, starts the server, reloads on
 * SIGHUP (and on what {@link ReloadTriggers} starts), drains on stop. Shared by {@code serve} and {@code demo}, which differ only in where
 * the config comes from.
 *
 * <p>Signals: SIGTERM and SIGINT drain ({@code server.drain_delay_ms}, then requests in flight
 * until {@code server.shutdown_grace_ms} from the signal; see {@code ServerDrain}) and exit 0; a
 * second one while draining ends the drain at once. SIGHUP reloads the config (a config that does
 * not validate is rejected and the running one stays).
 *
 * <p>Exit codes: 0 after an orderly stop; 1 when the config is invalid or the gateway cannot
 * start, with one message saying why and no stack trace for failures an operator can fix;
 * {@value OutOfMemoryExit#EXIT_CODE} after an {@link OutOfMemoryError}, on any thread
 * ({@link OutOfMemoryExit}).
 */
final class GatewayRun {

    /** Where the config comes from: a file, a URL, or the demo's text; opened (read, validated) at start. */
    @FunctionalInterface
    interface ConfigSource {
        ConfigControl open() throws ConfigException;
    }

    /** Told once the gateway listens, with the config it started on. */
    @FunctionalInterface
    interface ReadyListener {
        void ready(GatewayServer server, GatewayConfig config);
    }

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(GatewayRun.class);
    private static final Signal TERM = new Signal("TERM");
    private static final Signal INT = new Signal("INT");

    private final String name;
    private final ConfigSource source;
    private final AtomicReference<ConfigControl> running = new AtomicReference<>();

    private GatewayRun(String name, ConfigSource source) {
        this.name = name;
        this.source = source;
    }

    /**
     * @param name    the config's name in log lines (its path)
     * @param onReady called once listening, before waiting for a signal
     * @return the process's exit code
     */
    static int run(String name, ConfigSource source, PrintStream err, ReadyListener onReady)
            throws InterruptedException {
        return new GatewayRun(name, source).run(err, onReady);
    }

    private int run(PrintStream err, ReadyListener onReady) throws InterruptedException {
        // Signals first: a SIGTERM that arrives while starting must still end in an orderly exit.
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(TERM, s -> stop.countDown());
        Signal.handle(INT, s -> stop.countDown());
        HangUpSignal.handle(this::reload);
        OutOfMemoryExit.install();
        JvmDefaults.defaultLeakDetectionOff();
        JvmDefaults.preloadNatives();
        ConfigControl control;
        try {
            control = source.open();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            LOG.error("cannot load {}: {}", name, e.getMessage());
            return 1;
        }
        GatewayConfig config = control.running().config();
        GatewayServer server;
        try {
            server = GatewayServer.start(config, control);
        } catch (IOException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        } catch (Exception e) {
            LOG.error("cannot start", e);
            return 1;
        }
        LOG.info("ready in {} ms (JVM start to listening)", ManagementFactory.getRuntimeMXBean().getUptime());
        control.publishTo(config, server::publish);
        running.set(control);
        onReady.ready(server, config);
        try (ReloadTriggers triggers = ReloadTriggers.start(control)) {
            stop.await();
        }
        running.set(null);
        ServerConfig last = control.running().config().server();
        LOG.info("shutting down: draining for up to {} ms (a second SIGTERM or SIGINT stops at once)",
                last.shutdownGraceMs());
        Signal.handle(TERM, s -> server.hurryShutdown());
        Signal.handle(INT, s -> server.hurryShutdown());
        server.shutdownGracefully(last.drainDelayMs(), last.shutdownGraceMs());
        JvmDefaults.flushLeakReports();
        LOG.info("stopped");
        return 0;
    }

    /** SIGHUP, on the JVM's signal thread (never an event loop): publish the config again if it is valid. */
    private void reload() {
        ConfigControl control = running.get();
        if (control == null) {
            LOG.warn("SIGHUP while starting or stopping: ignored");
            return;
        }
        try {
            control.reload("SIGHUP");
        } catch (ConfigException e) {
            // logged by ConfigControl; the running config stays
        } catch (RuntimeException e) {
            LOG.error("reload failed, the running config stays", e);
        }
    }
}
