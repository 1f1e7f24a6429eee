package io.llmgateway.bench.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Many connections each sending one large request body as fast as the socket takes it, for a
 * bounded time: the memory attack of issue 10 as a measurement. Each connection sends a head
 * declaring {@code declaredBytes} and then up to {@code bodyBytes} of a chat body (the same
 * read-only buffer for all, never copied), reads the status line of the answer as soon as one
 * comes (a refusal comes before the body is sent), closes, and after {@code retryDelayMs} opens
 * again, until the time is up. One selector thread.
 *
 * <pre>
 *   FloodResult r = new BodyFlood("127.0.0.1", 8080, 1_000, 9_000_000, 9_000_000, 100).run(30_000, tick);
 * </pre>
 */
public final class BodyFlood {

    private final InetSocketAddress target;
    private final int connections;
    private final ByteBuffer request;
    private final long retryDelayNanos;

    /**
     * @param connections   connections kept sending at once
     * @param bodyBytes     bytes of body sent on each (at most {@code declaredBytes})
     * @param declaredBytes the {@code Content-Length} each declares
     * @param retryDelayMs  pause before a slot opens its next connection
     */
    public BodyFlood(String host, int port, int connections, int bodyBytes, int declaredBytes, long retryDelayMs) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections: " + connections + " (expected: >= 1)");
        }
        if (bodyBytes < 64 || bodyBytes > declaredBytes) {
            throw new IllegalArgumentException("bodyBytes: " + bodyBytes + " (expected: 64.." + declaredBytes + ")");
        }
        this.target = new InetSocketAddress(host, port);
        this.connections = connections;
        this.request = request(bodyBytes, declaredBytes).asReadOnlyBuffer();
        this.retryDelayNanos = TimeUnit.MILLISECONDS.toNanos(retryDelayMs);
    }

    /** What the flood did. */
    public record FloodResult(long opened, long bytesSent, Map<String, Long> answers, long millis) {
    }

    private static ByteBuffer request(int bodyBytes, int declaredBytes) {
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: flood\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declaredBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocateDirect(head.length + bodyBytes);
        b.put(head).put(prefix);
        // A whole body is valid JSON (a request the gateway proxies); a partial one stops in the long string.
        int end = bodyBytes == declaredBytes ? b.capacity() - suffix.length : b.capacity();
        while (b.position() < end) {
            b.put((byte) 'a');
        }
        if (b.hasRemaining()) {
            b.put(suffix);
        }
        return b.flip();
    }

    /** One connection slot: its channel, what is left to send, the answer's first bytes. */
    private final class Slot {
        SocketChannel channel;
        ByteBuffer toSend;
        final ByteBuffer answer = ByteBuffer.allocate(64);
        long openAt;

        void open(Selector selector, long now) throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(target);
            toSend = request.duplicate();
            answer.clear();
            channel.register(selector, SelectionKey.OP_CONNECT, this);
            openAt = now;
        }

        /** Closes with a reset, so that thousands of reconnections leave no TIME_WAIT behind. */
        void close(long now) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                channel.close();
            } catch (IOException ignored) {
                // closing a socket the server reset
            }
            channel = null;
            openAt = now + retryDelayNanos;
        }

        /** The status of the answer once its status line is in, else null. */
        String status() {
            int n = answer.position();
            for (int i = 0; i + 1 < n; i++) {
                if (answer.get(i) == '\r' && answer.get(i + 1) == '\n') {
                    String line = new String(answer.array(), 0, i, StandardCharsets.US_ASCII);
                    String[] parts = line.split(" ", 3);
                    return parts.length >= 2 ? parts[1] : line;
                }
            }
            return n == answer.capacity() ? "garbled" : null;
        }
    }

    /**
     * Floods for {@code durationMs}; {@code everySecond} is called once a second (with the total
     * bytes sent so far) from the flooding thread.
     */
    public FloodResult run(long durationMs, LongConsumer everySecond) throws IOException {
        Map<String, Long> answers = new TreeMap<>();
        long opened = 0;
        long sent = 0;
        Slot[] slots = new Slot[connections];
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                slots[i] = new Slot();
            }
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                for (Slot s : slots) {
                    if (s.channel == null && now >= s.openAt) {
                        s.open(selector, now);
                        opened++;
                    }
                }
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    Slot s = (Slot) key.attachment();
                    String outcome = null;
                    try {
                        if (key.isConnectable() && s.channel.finishConnect()) {
                            key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                        }
                        if (key.isValid() && key.isWritable()) {
                            sent += s.channel.write(s.toSend);
                            if (!s.toSend.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable()) {
                            int n = s.channel.read(s.answer);
                            outcome = n < 0 ? "closed" : s.status();
                        }
                    } catch (IOException e) {
                        outcome = "reset";
                    }
                    if (outcome != null) {
                        answers.merge(outcome, 1L, Long::sum);
                        key.cancel();
                        s.close(System.nanoTime());
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTick) {
                    everySecond.accept(sent);
                    nextTick += TimeUnit.SECONDS.toNanos(1);
                }
            }
        } finally {
            for (Slot s : slots) {
                if (s != null && s.channel != null) {
                    s.close(0);
                }
            }
        }
        return new FloodResult(opened, sent, answers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
