package io.llmgateway.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.core.io.ContentReference;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One jackson-core non-blocking parser fed with the NIO views of {@link ByteBuf}s, handing every
 * complete token to a {@link TokenHandler}. Used by {@link UsageScanner} for responses; request
 * bodies, which a client can fill with one long string, go through {@link JsonTokenizer} instead,
 * which decodes nothing it is not asked for.
 *
 * <p>Hot path. Per {@link #feed}: one {@link ByteBuffer} view per NIO component of the buffer (no
 * copy of the bytes) and, for a composite, the array that holds the views. jackson decodes every
 * string into its own text buffer, even strings nobody reads, and creates no {@code String} unless
 * the handler asks for one. That buffer is recycled up to about 64K chars; a longer string (a
 * base64 image) costs about 2 bytes of short-lived garbage per char, measured with jackson 2.19:
 * 2 MB for a 1 MB string. The non-blocking parser has no way to skip a string undecoded.
 *
 * <p>Not thread-safe: one instance belongs to one request on one event loop.
 */
final class AsyncJsonInput implements AutoCloseable {

    /**
     * Limits are the gateway's: the body is already bounded by {@code max_request_bytes}, so the
     * string length cap is lifted (a base64 image is one long string); nesting is bounded by the
     * scanners themselves, below jackson's own cap, so that their message is the one seen.
     * Field names are canonicalised (repeated keys cost no allocation) but not {@code intern()}ed,
     * so arbitrary keys from clients never reach the JVM string table.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(1000)
                    .build())
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    /**
     * A blocking parser over {@code length} bytes of {@code json}, with the limits of the
     * non-blocking one: cheaper to create and run for a small document already in one array.
     */
    static JsonParser arrayParser(byte[] json, int offset, int length) throws IOException {
        return FACTORY.createParser(json, offset, length);
    }

    /** Fed after each buffer so that the parser drops its reference to the caller's memory. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Receives the tokens of the document, in order. */
    interface TokenHandler<E extends Exception> {
        void onToken(JsonToken token, JsonParser parser) throws IOException, E;
    }

    private final JsonParser parser;
    private final ByteBufferFeeder feeder;
    /** The last non-whitespace byte fed, when it is a separator: see {@link #checkSeparatorFollowed}. */
    private byte separatorAtBoundary;

    AsyncJsonInput() {
        try {
            parser = FACTORY.createNonBlockingByteBufferParser();
        } catch (IOException e) {
            // Creating a non-blocking parser performs no I/O.
            throw new IllegalStateException(e);
        }
        feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
    }

    /**
     * Parses all readable bytes of {@code content} (indexes untouched, nothing retained) and
     * passes every token they complete to {@code handler}.
     */
    <E extends Exception> void feed(ByteBuf content, TokenHandler<E> handler) throws IOException, E {
        if (!content.isReadable()) {
            return;
        }
        try {
            int count = content.nioBufferCount();
            if (count == 1) {
                feed(content.nioBuffer(), handler);
            } else if (count > 1) {
                for (ByteBuffer view : content.nioBuffers()) {
                    feed(view, handler);
                }
            } else {
                // A ByteBuf without NIO views (none of Netty's own): the only case that copies.
                feed(ByteBuffer.wrap(ByteBufUtil.getBytes(content)), handler);
            }
        } finally {
            detach();
        }
    }

    /** Signals the end of the document and passes the tokens that completes to {@code handler}. */
    <E extends Exception> void end(TokenHandler<E> handler) throws IOException, E {
        feeder.endOfInput();
        drain(handler);
    }

    /** Offset just past the last byte the parser consumed, counted from the first byte fed. */
    long offset() {
        return parser.currentLocation().getByteOffset();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // Closing a parser without a source only returns its buffers to jackson's pool.
        }
    }

    /** Parses the remaining bytes of {@code view} (position untouched); the caller detaches. */
    <E extends Exception> void feed(ByteBuffer view, TokenHandler<E> handler) throws IOException, E {
        if (!view.hasRemaining()) {
            return;
        }
        feeder.feedInput(view);
        drain(handler);
        for (int i = view.limit() - 1; i >= view.position(); i--) {
            byte b = view.get(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                separatorAtBoundary = b == ',' || b == ':' ? b : 0;
                break;
            }
        }
    }

    private <E extends Exception> void drain(TokenHandler<E> handler) throws IOException, E {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null) {
            if (separatorAtBoundary != 0) {
                checkSeparatorFollowed(token);
            }
            handler.onToken(token, parser);
        }
    }

    /**
     * jackson 2.17 to 2.22 lose a separator that ends one buffer: cut after the comma of
     * {@code {"a":1,}} or after the colon of {@code {"a":}}, the next buffer's brace is taken as
     * a valid end of object. Whether such a body passed would then depend on how TCP segmented
     * it. After a separator, the first token must be a name or a value, never an end of
     * container; a token that merely contained the separator (a string) comes before any end.
     */
    private void checkSeparatorFollowed(JsonToken token) throws JsonParseException {
        byte separator = separatorAtBoundary;
        separatorAtBoundary = 0;
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
            long end = parser.currentLocation().getByteOffset() - 1;
            throw new JsonParseException(parser, "Unexpected character ('" + (char) separator
                    + "' followed by end of " + (token == JsonToken.END_OBJECT ? "object" : "array")
                    + "): expected a " + (separator == ':' ? "value" : "field name or value"),
                    new JsonLocation(ContentReference.unknown(), end, -1L, -1, -1));
        }
    }

    private void detach() {
        // Only legal once the parser consumed everything it was given; after a parse error it
        // may not have, and the parser is dead anyway.
        if (feeder.needMoreInput() && !parser.isClosed()) {
            try {
                feeder.feedInput(EMPTY);
            } catch (IOException ignored) {
                // Ended input: the parser no longer reads, so the stale view is harmless.
            }
        }
    }
}
