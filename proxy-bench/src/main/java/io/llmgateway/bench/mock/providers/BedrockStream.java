package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.MockStream;
import io.llmgateway.codec.eventstream.EventStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A ConverseStream answer in AWS's binary event-stream framing ({@code application/vnd.amazon.eventstream}):
 * fixed start and end events around paced pieces computed on demand. Each event is an
 * {@code (event type, JSON payload)} pair, framed by {@link EventStreamWriter} when written. The
 * {@code error-mid-stream} fault sends a {@code throttlingException} exception message.
 */
final class BedrockStream implements MockStream {

    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private final Consumer<HttpHeaders> headers;
    private final List<String[]> start;
    private final int pieces;
    private final IntFunction<String[]> piece;
    private final List<String[]> end;

    BedrockStream(Consumer<HttpHeaders> headers, List<String[]> start, int pieces, IntFunction<String[]> piece,
            List<String[]> end) {
        this.headers = headers;
        this.start = start;
        this.pieces = pieces;
        this.piece = piece;
        this.end = end;
    }

    /** An event of {@code type} with {@code payload}. */
    static String[] event(String type, ObjectNode payload) {
        return new String[] {type, ProviderJson.compact(payload)};
    }

    @Override
    public CharSequence contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public void headers(HttpHeaders out) {
        headers.accept(out);
    }

    @Override
    public void start(ByteBufAllocator alloc, List<ByteBuf> out) {
        start.forEach(e -> out.add(frame(alloc, e)));
    }

    @Override
    public int pieces() {
        return pieces;
    }

    @Override
    public ByteBuf piece(ByteBufAllocator alloc, int index) {
        return frame(alloc, piece.apply(index));
    }

    @Override
    public void end(ByteBufAllocator alloc, List<ByteBuf> out) {
        end.forEach(e -> out.add(frame(alloc, e)));
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":exception-type", "throttlingException");
        h.put(":content-type", "application/json");
        h.put(":message-type", "exception");
        return EventStreamWriter.message(alloc, h, "{\"message\":\"Too many tokens, please wait before trying again.\"}");
    }

    private static ByteBuf frame(ByteBufAllocator alloc, String[] event) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":event-type", event[0]);
        h.put(":content-type", "application/json");
        h.put(":message-type", "event");
        return EventStreamWriter.message(alloc, h, event[1]);
    }
}
