package io.llmgateway.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A minimal blocking HTTP/1.1 GET over a fresh socket, for readiness checks: it costs a
 * connect, one write and one read, and depends on nothing that needs warming up, so it can time a
 * cold start to the millisecond.
 */
final class HttpProbe {

    private HttpProbe() {
    }

    /** The status code of {@code GET path}, or -1 when the connection fails. */
    static int status(String host, int port, String path, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMs);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ':' + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return -1;
                }
                n += r;
            }
            String line = new String(head, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.") ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Polls {@code GET path} about every millisecond until it answers 200; returns
     * {@link System#nanoTime()} of that answer, or fails after {@code timeoutMs}.
     */
    static long awaitOk(String host, int port, String path, long timeoutMs, ChildProcess process)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0) {
            if (status(host, port, path, 1000) == 200) {
                return System.nanoTime();
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(process + " exited; output:\n  "
                        + String.join("\n  ", process.output()));
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no 200 from http://" + host + ':' + port + path + " within " + timeoutMs
                + " ms" + (process == null ? "" : "; output:\n  " + String.join("\n  ", process.output())));
    }

    /** A port nothing listens on right now (another process may take it before we do; rare on loopback). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
