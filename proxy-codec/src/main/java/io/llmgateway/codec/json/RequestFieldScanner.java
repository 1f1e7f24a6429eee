package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.json.JsonTokenizer.Token;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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
 * {@code metadata.tags}, {@code max_tokens}, {@code max_completion_tokens} and {@code user}, and
 * the byte range of the {@code model} value (quotes included) for {@link ModelSplice}. Every
 * other value, however large ({@code messages}, {@code tools}, {@code input}...), is validated
 * and skipped in place: keys named {@code model} or {@code stream} below the top level are
 * ignored. Keys are compared after JSON unescaping, as the upstream's own parser will see them,
 * so {@code "mod\u0065l"} is {@code model}. A duplicate top-level {@code model} is rejected,
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
    /** Tags beyond this many are ignored: routing needs a few, a body must not make us hoard them. */
    static final int MAX_TAGS = 32;
    /** Longest {@code model} or {@code user} accepted, in chars. */
    static final int MAX_ID_CHARS = 256;
    /** Longest tag, or comma-separated list of tags, accepted, in chars. */
    static final int MAX_TAG_CHARS = 512;
    /** Longer than any key looked for, so that a longer key is known to be none of them. */
    private static final int KEY_CHARS = 32;
    /** Enough of a token limit to quote it in an error. */
    private static final int NUMBER_CHARS = 64;

    private static final String PARSE_ERROR = "We could not parse the JSON body of your request: ";

    private enum TopField { MODEL, STREAM, STREAM_OPTIONS, MAX_TOKENS, MAX_COMPLETION_TOKENS, USER, METADATA, OTHER }

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
    private long maxTokens = -1;
    private long maxCompletionTokens = -1;
    private String user;
    private List<String> tags;

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
            throw fail(syntaxError(e));
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
            throw fail(syntaxError(e));
        } catch (InvalidRequestBodyException e) {
            throw fail(e);
        }
        if (!rootSeen) {
            throw fail(new InvalidRequestBodyException(
                    PARSE_ERROR + "the body is empty (expected: a JSON object).", null));
        }
        // The tokenizer ends only after a complete value, and a root other than an object was refused.
        result = new RequestFields(model, modelStart, modelEnd, stream, includeUsage, maxTokens,
                maxCompletionTokens, user, tags);
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

    private static InvalidRequestBodyException syntaxError(JsonSyntaxException e) {
        String message = switch (e.kind()) {
            case TRAILING_DATA -> PARSE_ERROR + "unexpected data after the JSON object at byte offset " + e.offset() + '.';
            case TRUNCATED -> PARSE_ERROR + "unexpected end of input at byte offset " + e.offset()
                    + " (expected: a complete JSON object).";
            case TOO_DEEP -> "The JSON body of your request is nested deeper than " + MAX_NESTING_DEPTH
                    + " levels (at byte offset " + e.offset() + ").";
            case MALFORMED -> PARSE_ERROR + e.reason() + " (at byte offset " + e.offset() + ").";
        };
        return new InvalidRequestBodyException(message, null);
    }

    private void onToken(Token token) throws InvalidRequestBodyException {
        int depth = tokens.depth();
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                int outer = depth - 1;
                if (outer == 0) {
                    onRoot(token);
                } else if (outer == 1) {
                    onTopLevelContainer(token);
                } else if (inStreamOptions && outer == 2 && atIncludeUsage) {
                    throw typeError("stream_options.include_usage", "a boolean", token);
                } else if (inMetadata && outer == 2 && atTags && token == Token.START_ARRAY) {
                    inTagsArray = true;
                    tags = new ArrayList<>(4);
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
                    includeUsage = booleanOrNull("stream_options.include_usage", token);
                } else if (token == Token.STRING && inMetadata) {
                    onTag(depth);
                }
            }
        }
        tokens.capture(captureLimit(token));
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
                    case MODEL, USER -> MAX_ID_CHARS;
                    case MAX_TOKENS, MAX_COMPLETION_TOKENS -> NUMBER_CHARS;
                    default -> 0;
                };
            }
            return depth == 2 && inMetadata && atTags ? MAX_TAG_CHARS : 0;
        }
        if (tokens.inObject()) {
            return depth == 1 || depth == 2 && (inStreamOptions || inMetadata) ? KEY_CHARS : 0;
        }
        return depth == 3 && inTagsArray && tags.size() < MAX_TAGS ? MAX_TAG_CHARS : 0;
    }

    /**
     * A string under {@code metadata.tags}: an element of the tags array, or the whole value as a
     * comma-separated list (the form OpenAI itself accepts, since its metadata values are strings).
     * Anything else under {@code metadata} is not ours to judge and is ignored.
     */
    private void onTag(int depth) throws InvalidRequestBodyException {
        if (depth == 3 && inTagsArray) {
            if (tags.size() < MAX_TAGS) {
                String tag = decoded("metadata.tags", MAX_TAG_CHARS);
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        } else if (depth == 2 && atTags) {
            tags = new ArrayList<>(4);
            for (String t : decoded("metadata.tags", MAX_TAG_CHARS).split(",")) {
                if (!t.isBlank() && tags.size() < MAX_TAGS) {
                    tags.add(t.trim());
                }
            }
        }
    }

    private void onRoot(Token token) throws InvalidRequestBodyException {
        if (token != Token.START_OBJECT) {
            throw new InvalidRequestBodyException(
                    "The request body must be a JSON object, but got " + describe(token) + " instead.", null);
        }
        rootSeen = true;
    }

    private void onTopLevelName(CappedText name) throws InvalidRequestBodyException {
        field = name.is("model") ? TopField.MODEL
                : name.is("stream") ? TopField.STREAM
                : name.is("stream_options") ? TopField.STREAM_OPTIONS
                : name.is("max_tokens") ? TopField.MAX_TOKENS
                : name.is("max_completion_tokens") ? TopField.MAX_COMPLETION_TOKENS
                : name.is("user") ? TopField.USER
                : name.is("metadata") ? TopField.METADATA
                : TopField.OTHER;
        if (field == TopField.MODEL && modelStart >= 0) {
            throw new InvalidRequestBodyException("Duplicate key 'model' in the request body.", "model");
        }
    }

    private void onTopLevelContainer(Token token) throws InvalidRequestBodyException {
        switch (field) {
            case MODEL -> throw typeError("model", "a string", token);
            case STREAM -> throw typeError("stream", "a boolean", token);
            case STREAM_OPTIONS -> {
                if (token != Token.START_OBJECT) {
                    throw typeError("stream_options", "an object", token);
                }
                inStreamOptions = true;
                atIncludeUsage = false;
            }
            case MAX_TOKENS -> throw typeError("max_tokens", "an integer", token);
            case MAX_COMPLETION_TOKENS -> throw typeError("max_completion_tokens", "an integer", token);
            case USER -> throw typeError("user", "a string", token);
            case METADATA -> {
                inMetadata = token == Token.START_OBJECT;
                atTags = false;
            }
            case OTHER -> { }
        }
    }

    private void onTopLevelScalar(Token token) throws InvalidRequestBodyException {
        switch (field) {
            case MODEL -> {
                if (token != Token.STRING) {
                    throw typeError("model", "a string", token);
                }
                model = decoded("model", MAX_ID_CHARS);
                modelStart = offset(tokens.tokenStart());
                modelEnd = offset(tokens.tokenEnd());
            }
            case STREAM -> stream = booleanOrNull("stream", token);
            case STREAM_OPTIONS -> {
                if (token != Token.NULL) {
                    throw typeError("stream_options", "an object", token);
                }
                includeUsage = false;
            }
            case MAX_TOKENS -> maxTokens = tokenLimit("max_tokens", token);
            case MAX_COMPLETION_TOKENS -> maxCompletionTokens = tokenLimit("max_completion_tokens", token);
            case USER -> {
                if (token == Token.STRING) {
                    user = decoded("user", MAX_ID_CHARS);
                } else if (token == Token.NULL) {
                    user = null;
                } else {
                    throw typeError("user", "a string", token);
                }
            }
            case METADATA, OTHER -> { }
        }
    }

    /** The string just read, captured up to {@code max} chars; longer is refused, never cut. */
    private String decoded(String param, int max) throws InvalidRequestBodyException {
        CappedText text = tokens.text();
        if (text.truncated()) {
            throw new InvalidRequestBodyException("Invalid '" + param + "': string too long. Expected a string with "
                    + "maximum length " + max + ", but got a string with length " + text.length() + " instead.", param);
        }
        return text.toString();
    }

    private static boolean booleanOrNull(String param, Token token) throws InvalidRequestBodyException {
        return switch (token) {
            case TRUE -> true;
            case FALSE, NULL -> false;
            default -> throw typeError(param, "a boolean", token);
        };
    }

    private long tokenLimit(String param, Token token) throws InvalidRequestBodyException {
        if (token == Token.NULL) {
            return -1;
        }
        if (token != Token.INTEGER) {
            throw typeError(param, "an integer", token);
        }
        JsonNumberReader number = tokens.number();
        CappedText text = tokens.text();
        String quoted = text.truncated() ? text + "... (" + text.length() + " characters)" : text.toString();
        if (number.negative() && (number.overflow() || number.magnitude() != 0)) {
            throw new InvalidRequestBodyException("Invalid '" + param
                    + "': integer below minimum value. Expected a value >= 0, but got " + quoted + " instead.", param);
        }
        if (number.overflow()) {
            throw new InvalidRequestBodyException("Invalid '" + param + "': integer above maximum value. Expected a value <= "
                    + Long.MAX_VALUE + ", but got " + quoted + " instead.", param);
        }
        return number.magnitude();
    }

    private static InvalidRequestBodyException typeError(String param, String expected, Token actual) {
        return new InvalidRequestBodyException("Invalid type for '" + param + "': expected " + expected
                + ", but got " + describe(actual) + " instead.", param);
    }

    private static String describe(Token token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case DECIMAL -> "a decimal";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }

    private static int offset(long offset) throws InvalidRequestBodyException {
        if (offset > Integer.MAX_VALUE) {
            // Unreachable behind max_request_bytes, but a wrapped offset would corrupt a splice.
            throw new InvalidRequestBodyException("The request body is too large.", null);
        }
        return (int) offset;
    }
}
