package io.llmgateway.bench.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over one socket, for tests that must see exactly what goes
 * over the wire: when the connection closes, whether a stream ended, which connection was reused.
 */
public final class RawHttp implements Closeable {

    /** A status line and headers (names lower-cased). */
    public record Head(int status, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean chunked() {
            return "chunked".equalsIgnoreCase(header("transfer-encoding"));
        }
    }

    public record Response(Head head, String body) {
        public int status() {
            return head.status();
        }

        public String header(String name) {
            return head.header(name);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawHttp timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    public RawHttp send(String method, String path, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(path).append(" HTTP/1.1\r\nhost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            req.append("content-type: application/json\r\ncontent-length: ").append(bytes.length).append("\r\n");
        }
        req.append("\r\n");
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawHttp post(String path, String body) throws IOException {
        return send("POST", path, Map.of(), body);
    }

    public RawHttp post(String path, Map<String, String> headers, String body) throws IOException {
        return send("POST", path, headers, body);
    }

    /** Reads a whole response (content-length or chunked). */
    public Response readResponse() throws IOException {
        Head head = readHead();
        if (head.chunked()) {
            StringBuilder body = new StringBuilder();
            String chunk;
            while ((chunk = readChunk()) != null) {
                body.append(chunk);
            }
            return new Response(head, body.toString());
        }
        int length = Integer.parseInt(head.header("content-length"));
        return new Response(head, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    public Head readHead() throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before the response head");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers);
    }

    /** The data of the next chunk, or null after the terminating chunk. */
    public String readChunk() throws IOException {
        String size = readLine();
        if (size == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int n = Integer.parseInt(size.trim(), 16);
        if (n == 0) {
            readLine();
            return null;
        }
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
            throw new IOException("connection closed inside a chunk");
        }
        readLine();
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Everything until the server closes the connection. */
    public String readToEof() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** One byte, or -1 at the end of the stream. */
    public int read() throws IOException {
        return in.read();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
