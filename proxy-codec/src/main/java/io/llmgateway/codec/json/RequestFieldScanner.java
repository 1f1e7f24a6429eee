package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.json.JsonTokenizer.Token;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;

/**
 * Reads the routing fields of an OpenAI request body as its buffers arrive, with a
 * {@link JsonTokenizer} over the buffers' own memory: no copy of the body, no tree, no databind,
 * and no decoding of any value it does not need.
 *
 * <pre>{@code
 * RequestFieldScanner scanner = new RequestFieldScanner();   // one per request
 * scanner.feed(content);          // for each HttpContent, as it is read
 * RequestFields fields = scanner.finish();                   // on LastHttpContent
 * scanner.close();                // always, also after an exception
 * }</pre>
 *
 * <p>Reads the top-level {@code model}, {@code stream}, {@code stream_options.include_usage},
 * {@code metadata.tags}, {@code max_tokens}, {@code max_completion_tokens} (or the Responses API's
 * {@code max_output_tokens}, read as it), {@code user}, the id of the stored object a request
 * builds on ({@code previous_response_id} of a Responses request, {@code input_file_id} of a
 * batch) and whether {@code store} is {@code false}, and
 * the byte range of the {@code model} value (quotes included) for {@link ModelSplice}. Every
 * other value, however large ({@code messages}, {@code tools}, {@code input}...), is validated
 * and skipped in place: keys named {@code model} or {@code stream} below the top level are
 * ignored. Keys are compared after JSON unescaping, as the upstream's own parser will see them,
 * so <code>"mod&#92;u0065l"</code> is {@code model}. A duplicate top-level {@code model} is rejected,
 * because the gateway and the upstream could disagree on which one counts; other duplicates
 * resolve to the last value, as in most JSON parsers.
 *
 * <p>Rejects (with {@link InvalidRequestBodyException}): malformed JSON, with the byte offset of
 * the fault; data after the object; a top level that is not an object; an empty body; nesting
 * deeper than {@value #MAX_NESTING_DEPTH}; a field above of the wrong type; a negative token
 * limit; a {@code model} or {@code user} longer than {@value #MAX_ID_CHARS} chars or a tag longer
 * than {@value #MAX_TAG_CHARS} (OpenAI's own limit for a metadata value), since routing values
 * are decoded and nothing a client sends may make that cost grow with the body. A missing
 * {@code model} is not an error here: {@link RequestFields#model()} is null.
 *
 * <p>Feeds the buffers to the tokenizer and keeps the scan's state (a failure is final); its
 * superclass {@code RoutingFieldReader} reads the fields out of the tokens.
 *
 * <p>Hot path, on the event loop: never blocks, takes no lock. Allocates the tokenizer (a few
 * small objects) per request, one {@code ByteBuffer} view per fed buffer (per component of a
 * composite), the strings of the fields it reads and the result; nothing per skipped value,
 * whatever its length. Not thread-safe: one request, one event loop.
 */
public final class RequestFieldScanner extends RoutingFieldReader implements AutoCloseable {

    /** Deepest nesting of objects and arrays accepted; bounds the tokenizer's stack and work. */
    public static final int MAX_NESTING_DEPTH = 512;
    /** Tags beyond this many are ignored. */
    static final int MAX_TAGS = RoutingTags.MAX_TAGS;
    /** Longest {@code model} or {@code user} accepted, in chars. */
    static final int MAX_ID_CHARS = 256;
    /** Longest tag, or comma-separated list of tags, accepted, in chars. */
    static final int MAX_TAG_CHARS = RoutingTags.MAX_CHARS;

    private InvalidRequestBodyException failure;
    private RequestFields result;

    public RequestFieldScanner() {
        super(new JsonTokenizer(MAX_NESTING_DEPTH));
    }

    /** Scans a complete body (indexes untouched, not released). */
    public static RequestFields scan(ByteBuf body) throws InvalidRequestBodyException {
        requireNonNull(body, "body");
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            scanner.feed(body);
            return scanner.finish();
        }
    }

    /**
     * Consumes all readable bytes of {@code content}. Its reader index is untouched and the caller
     * keeps ownership: the scanner keeps no reference to it after return.
     *
     * @throws InvalidRequestBodyException as soon as the bytes so far cannot be a valid body; the
     *         same exception again on any later call
     */
    public void feed(ByteBuf content) throws InvalidRequestBodyException {
        requireNonNull(content, "content");
        if (result != null) {
            throw new IllegalStateException("feed() after finish()");
        }
        checkUsable();
        if (!content.isReadable()) {
            return;
        }
        try {
            int count = content.nioBufferCount();
            if (count == 1) {
                scan(content.nioBuffer());
            } else if (count > 1) {
                for (ByteBuffer view : content.nioBuffers()) {
                    scan(view);
                }
            } else {
                // A ByteBuf without NIO views (none of Netty's own): the only case that copies.
                scan(ByteBuffer.wrap(ByteBufUtil.getBytes(content)));
            }
        } catch (JsonSyntaxException e) {
            throw fail(RequestBodyErrors.syntax(e, MAX_NESTING_DEPTH));
        } catch (InvalidRequestBodyException e) {
            throw fail(e);
        }
    }

    /**
     * Ends the body: checks that exactly one complete JSON object was received and returns its
     * routing fields. Returns the same result if called again, also after {@link #close()}.
     *
     * @throws InvalidRequestBodyException when the body is not a complete, valid request; the
     *         same exception again on any later call
     */
    public RequestFields finish() throws InvalidRequestBodyException {
        if (result != null) {
            return result;
        }
        checkUsable();
        try {
            tokens.endOfInput();
            for (Token token; (token = tokens.next()) != Token.END; ) {
                onToken(token);
            }
        } catch (JsonSyntaxException e) {
            throw fail(RequestBodyErrors.syntax(e, MAX_NESTING_DEPTH));
        } catch (InvalidRequestBodyException e) {
            throw fail(e);
        }
        if (!rootSeen()) {
            throw fail(RequestBodyErrors.empty());
        }
        // The tokenizer ends only after a complete value, and a root other than an object was refused.
        result = fields();
        close();
        return result;
    }

    /** Drops the tokenizer. Idempotent; safe after an exception. */
    @Override
    public void close() {
        tokens = null;
    }

    private void scan(ByteBuffer view) throws JsonSyntaxException, InvalidRequestBodyException {
        JsonTokenizer t = tokens;
        t.input(view);
        try {
            for (Token token; (token = t.next()) != Token.NEED_INPUT; ) {
                onToken(token);
            }
        } finally {
            t.detach();
        }
    }

    private void checkUsable() throws InvalidRequestBodyException {
        if (failure != null) {
            throw failure;
        }
        if (tokens == null) {
            throw new IllegalStateException("scanner closed");
        }
    }

    private InvalidRequestBodyException fail(InvalidRequestBodyException e) {
        failure = e;
        close();
        return e;
    }
}
