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
 * <p>Hot path, on the event loop: never blocks, takes no lock. Allocates the tokenizer (a few
 * small objects) per request, one {@code ByteBuffer} view per fed buffer (per component of a
 * composite), the strings of the fields it reads and the result; nothing per skipped value,
 * whatever its length. Not thread-safe: one request, one event loop.
 */
public final class RequestFieldScanner implements AutoCloseable {

    /** Deepest nesting of objects and arrays accepted; bounds the tokenizer's stack and work. */
    public static final int MAX_NESTING_DEPTH = 512;
    /** Tags beyond this many are ignored. */
    static final int MAX_TAGS = RoutingTags.MAX_TAGS;
    /** Longest {@code model} or {@code user} accepted, in chars. */
    static final int MAX_ID_CHARS = 256;
    /** Longest tag, or comma-separated list of tags, accepted, in chars. */
    static final int MAX_TAG_CHARS = RoutingTags.MAX_CHARS;
    /** Longer than any key looked for, so that a longer key is known to be none of them. */
    private static final int KEY_CHARS = 32;
    /** Enough of a token limit to quote it in an error. */
    private static final int NUMBER_CHARS = 64;

    private enum TopField {
        MODEL("model"), STREAM("stream"), STREAM_OPTIONS("stream_options"), MAX_TOKENS("max_tokens"),
        MAX_COMPLETION_TOKENS("max_completion_tokens"), MAX_OUTPUT_TOKENS("max_output_tokens"), USER("user"),
        METADATA("metadata"), STORE("store"), PREVIOUS_RESPONSE_ID("previous_response_id"),
        INPUT_FILE_ID("input_file_id"), OTHER("");

        final String key;

        TopField(String key) {
            this.key = key;
        }
    }

    /** Null once closed. */
    private JsonTokenizer tokens = new JsonTokenizer(MAX_NESTING_DEPTH);

    // Where the last token left us; depth is the tokenizer's.
    private boolean rootSeen;
    private boolean rootClosed;
    private TopField field = TopField.OTHER;
    private boolean inStreamOptions;
    private boolean atIncludeUsage;
    private boolean inMetadata;
    private boolean atTags;
    private boolean inTagsArray;

    // Results.
    private String model;
    private int modelStart = -1;
    private int modelEnd = -1;
    private boolean stream;
    private boolean includeUsage;
    private boolean hasStreamOptions;
    private long maxTokens = -1;
    private long maxCompletionTokens = -1;
    private String user;
    private RoutingTags tags;
    private String storedObjectId;
    private boolean storeFalse;

    private InvalidRequestBodyException failure;
    private RequestFields result;

    public RequestFieldScanner() {
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
        if (!rootSeen) {
            throw fail(RequestBodyErrors.empty());
        }
        // The tokenizer ends only after a complete value, and a root other than an object was refused.
        result = new RequestFields(model, modelStart, modelEnd, stream, includeUsage, hasStreamOptions, maxTokens,
                maxCompletionTokens, user, tags == null ? null : tags.list(), storedObjectId, storeFalse);
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

    private void onToken(Token token) throws InvalidRequestBodyException {
        int depth = tokens.depth();
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (!onContainer(token, depth - 1)) {
                    // Nothing to read inside: let the tokenizer validate it without handing out its tokens.
                    tokens.skipContainer();
                    tokens.capture(0);
                    return;
                }
            }
            case END_OBJECT, END_ARRAY -> {
                if (depth == 2) {
                    inTagsArray = false;
                } else if (depth == 1) {
                    inStreamOptions = false;
                    inMetadata = false;
                } else if (depth == 0) {
                    rootClosed = true;
                }
            }
            case NAME -> {
                if (depth == 1) {
                    onTopLevelName(tokens.text());
                } else if (inStreamOptions && depth == 2) {
                    atIncludeUsage = tokens.text().is("include_usage");
                } else if (inMetadata && depth == 2) {
                    atTags = tokens.text().is("tags");
                }
            }
            default -> {
                if (depth == 0) {
                    onRoot(token);
                } else if (depth == 1) {
                    onTopLevelScalar(token);
                } else if (inStreamOptions && depth == 2 && atIncludeUsage) {
                    includeUsage = FieldValues.booleanOrNull("stream_options.include_usage", token);
                } else if (token == Token.STRING && inMetadata) {
                    onTag(depth);
                }
            }
        }
        tokens.capture(captureLimit(token));
    }

    /** A container opened inside {@code outer} others: whether anything in it is read. */
    private boolean onContainer(Token token, int outer) throws InvalidRequestBodyException {
        if (outer == 0) {
            onRoot(token);
            return true;
        }
        if (outer == 1) {
            return onTopLevelContainer(token);
        }
        if (inStreamOptions && outer == 2 && atIncludeUsage) {
            throw RequestBodyErrors.type("stream_options.include_usage", "a boolean", token);
        }
        if (inMetadata && outer == 2 && atTags && token == Token.START_ARRAY) {
            inTagsArray = true;
            tags = new RoutingTags();
            return true;
        }
        return false;
    }

    /**
     * How much of the next token to decode: keys where a routing key may be, the values of
     * routing fields; zero (validate only) everywhere else.
     */
    private int captureLimit(Token last) {
        int depth = tokens.depth();
        if (last == Token.NAME) {
            if (depth == 1) {
                return switch (field) {
                    case MODEL, USER, PREVIOUS_RESPONSE_ID, INPUT_FILE_ID -> MAX_ID_CHARS;
                    case MAX_TOKENS, MAX_COMPLETION_TOKENS, MAX_OUTPUT_TOKENS -> NUMBER_CHARS;
                    default -> 0;
                };
            }
            return depth == 2 && inMetadata && atTags ? MAX_TAG_CHARS : 0;
        }
        if (tokens.inObject()) {
            return depth == 1 || depth == 2 && (inStreamOptions || inMetadata) ? KEY_CHARS : 0;
        }
        return depth == 3 && inTagsArray && !tags.full() ? MAX_TAG_CHARS : 0;
    }

    /**
     * A string under {@code metadata}: an element of the tags array, or the tags as one string.
     * Anything else under {@code metadata} is not ours to judge and is ignored.
     */
    private void onTag(int depth) throws InvalidRequestBodyException {
        if (depth == 3 && inTagsArray) {
            if (!tags.full()) {
                tags.add(FieldValues.string(tokens, "metadata.tags", MAX_TAG_CHARS));
            }
        } else if (depth == 2 && atTags) {
            tags = new RoutingTags();
            tags.addAll(FieldValues.string(tokens, "metadata.tags", MAX_TAG_CHARS));
        }
    }

    private void onRoot(Token token) throws InvalidRequestBodyException {
        if (token != Token.START_OBJECT) {
            throw RequestBodyErrors.notAnObject(token);
        }
        rootSeen = true;
    }

    private void onTopLevelName(CappedText name) throws InvalidRequestBodyException {
        // Every key looked for has its own length: one comparison per key read.
        TopField candidate = switch (name.length()) {
            case 4 -> TopField.USER;
            case 5 -> name.is("store") ? TopField.STORE : TopField.MODEL;
            case 6 -> TopField.STREAM;
            case 8 -> TopField.METADATA;
            case 10 -> TopField.MAX_TOKENS;
            case 13 -> TopField.INPUT_FILE_ID;
            case 14 -> TopField.STREAM_OPTIONS;
            case 17 -> TopField.MAX_OUTPUT_TOKENS;
            case 20 -> TopField.PREVIOUS_RESPONSE_ID;
            case 21 -> TopField.MAX_COMPLETION_TOKENS;
            default -> TopField.OTHER;
        };
        field = candidate != TopField.OTHER && name.is(candidate.key) ? candidate : TopField.OTHER;
        if (field == TopField.STREAM_OPTIONS) {
            hasStreamOptions = true;
        }
        if (field == TopField.MODEL && modelStart >= 0) {
            throw RequestBodyErrors.duplicateModel();
        }
    }

    /** Whether the container is one whose members are read. */
    private boolean onTopLevelContainer(Token token) throws InvalidRequestBodyException {
        switch (field) {
            case MODEL -> throw RequestBodyErrors.type("model", "a string", token);
            case STREAM -> throw RequestBodyErrors.type("stream", "a boolean", token);
            case STREAM_OPTIONS -> {
                if (token != Token.START_OBJECT) {
                    throw RequestBodyErrors.type("stream_options", "an object", token);
                }
                inStreamOptions = true;
                atIncludeUsage = false;
                return true;
            }
            case MAX_TOKENS -> throw RequestBodyErrors.type("max_tokens", "an integer", token);
            case MAX_COMPLETION_TOKENS -> throw RequestBodyErrors.type("max_completion_tokens", "an integer", token);
            case MAX_OUTPUT_TOKENS -> throw RequestBodyErrors.type("max_output_tokens", "an integer", token);
            case USER -> throw RequestBodyErrors.type("user", "a string", token);
            case METADATA -> {
                inMetadata = token == Token.START_OBJECT;
                atTags = false;
                return inMetadata;
            }
            default -> {
                return false;
            }
        }
    }

    private void onTopLevelScalar(Token token) throws InvalidRequestBodyException {
        switch (field) {
            case MODEL -> {
                if (token != Token.STRING) {
                    throw RequestBodyErrors.type("model", "a string", token);
                }
                model = FieldValues.string(tokens, "model", MAX_ID_CHARS);
                modelStart = offset(tokens.tokenStart());
                modelEnd = offset(tokens.tokenEnd());
            }
            case STREAM -> stream = FieldValues.booleanOrNull("stream", token);
            case STREAM_OPTIONS -> {
                if (token != Token.NULL) {
                    throw RequestBodyErrors.type("stream_options", "an object", token);
                }
                includeUsage = false;
            }
            case MAX_TOKENS -> maxTokens = FieldValues.tokenLimit(tokens, "max_tokens", token);
            case MAX_COMPLETION_TOKENS -> maxCompletionTokens = FieldValues.tokenLimit(tokens, "max_completion_tokens", token);
            // The Responses API's output limit: the same reservation as chat's.
            case MAX_OUTPUT_TOKENS -> maxCompletionTokens = FieldValues.tokenLimit(tokens, "max_output_tokens", token);
            case USER -> {
                if (token == Token.STRING) {
                    user = FieldValues.string(tokens, "user", MAX_ID_CHARS);
                } else if (token == Token.NULL) {
                    user = null;
                } else {
                    throw RequestBodyErrors.type("user", "a string", token);
                }
            }
            // The object a Responses or batch request builds on: it lives with the key that made it.
            case PREVIOUS_RESPONSE_ID, INPUT_FILE_ID -> storedObjectId = token == Token.STRING
                    ? FieldValues.string(tokens, field.key, MAX_ID_CHARS) : null;
            case STORE -> storeFalse = token == Token.FALSE;
            case METADATA, OTHER -> { }
        }
    }

    private static int offset(long offset) throws InvalidRequestBodyException {
        if (offset > Integer.MAX_VALUE) {
            // Unreachable behind max_request_bytes, but a wrapped offset would corrupt a splice.
            throw RequestBodyErrors.tooLarge();
        }
        return (int) offset;
    }
}
