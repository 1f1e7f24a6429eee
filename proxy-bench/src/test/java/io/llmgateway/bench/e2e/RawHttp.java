package io.llmgateway.bench.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.1 client over a socket, for what well-behaved clients cannot send (ambiguous
 * framing) and for watching a connection close. What it reads is kept for the gateway's
 * {@link SecretLeakCheck}.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;

    RawHttp(int port) throws IOException {
        this(port, null);
    }

    /** A connection from {@code localAddress} (e.g. {@code 127.0.0.2}: every 127/8 address is loopback); null for any. */
    RawHttp(int port, String localAddress) throws IOException {
        socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        this.port = port;
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** How long a read waits before failing (20 s unless set). */
    RawHttp readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    RawHttp send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads one response with a Content-Length body; returns head + body as text. */
    String readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String headText = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return received(headText + new String(body, StandardCharsets.UTF_8));
    }

    /** Reads everything until the server closes the connection. */
    String readToClose() throws IOException {
        return received(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** {@code text}, recorded for the {@link SecretLeakCheck} of the gateway on this port. */
    private String received(String text) {
        SecretLeakCheck.received(port, text);
        return text;
    }

    /** True when the server has closed the connection (the next read sees end of stream). */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    /**
     * Waits (up to the read timeout) for the server to close the connection, discarding what it
     * sends: true when it did, by FIN or reset.
     */
    boolean awaitClose() throws IOException {
        try {
            byte[] sink = new byte[4096];
            while (in.read(sink) != -1) {
                // an answer before the close is not what this waits for
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset: closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
