package io.llmgateway.bench.mock.providers;

import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A {@link MockStream} from already framed event texts: fixed start and end events around
 * {@code pieces} paced events computed on demand (so a long stream holds no more than one).
 */
final class ScriptedStream implements MockStream {

    private final String contentType;
    private final Consumer<HttpHeaders> headers;
    private final List<String> start;
    private final int pieces;
    private final IntFunction<String> piece;
    private final List<String> end;
    private final String error;
    /** The error event quoting a message (JSON string content), or null when the protocol's error has no message. */
    private final Function<String, String> quotingError;

    ScriptedStream(String contentType, Consumer<HttpHeaders> headers, List<String> start, int pieces,
                   IntFunction<String> piece, List<String> end, String error) {
        this(contentType, headers, start, pieces, piece, end, error, null);
    }

    ScriptedStream(String contentType, Consumer<HttpHeaders> headers, List<String> start, int pieces,
                   IntFunction<String> piece, List<String> end, String error, Function<String, String> quotingError) {
        this.contentType = contentType;
        this.headers = headers;
        this.start = start;
        this.pieces = pieces;
        this.piece = piece;
        this.end = end;
        this.error = error;
        this.quotingError = quotingError;
    }

    @Override
    public CharSequence contentType() {
        return contentType;
    }

    @Override
    public void headers(HttpHeaders out) {
        headers.accept(out);
    }

    @Override
    public void start(ByteBufAllocator alloc, List<ByteBuf> out) {
        start.forEach(e -> out.add(ProviderHttp.utf8(alloc, e)));
    }

    @Override
    public int pieces() {
        return pieces;
    }

    @Override
    public ByteBuf piece(ByteBufAllocator alloc, int index) {
        return ProviderHttp.utf8(alloc, piece.apply(index));
    }

    @Override
    public void end(ByteBufAllocator alloc, List<ByteBuf> out) {
        end.forEach(e -> out.add(ProviderHttp.utf8(alloc, e)));
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc) {
        return ProviderHttp.utf8(alloc, error);
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc, String messageJson) {
        return quotingError == null ? error(alloc) : ProviderHttp.utf8(alloc, quotingError.apply(messageJson));
    }
}
