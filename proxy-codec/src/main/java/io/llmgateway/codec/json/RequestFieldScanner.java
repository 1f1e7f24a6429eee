package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the routing fields of an OpenAI request body as its buffers arrive, with jackson-core's
 * non-blocking parser over the buffers' own memory: no copy of the body, no tree, no databind.
 *
 * <pre>{@code
 * RequestFieldScanner scanner = new RequestFieldScanner();   // one per request
 * scanner.feed(content);          // for each HttpContent, as it is read
 * RequestFields fields = scanner.finish();                   // on LastHttpContent
 * scanner.close();                // always, also after an exception
 * }</pre>
 *
 * <p>Reads the top-level {@code model}, {@code stream}, {@code stream_options.include_usage},
 * {@code metadata.tags},
 * {@code max_tokens}, {@code max_completion_tokens} and {@code user}, and the byte range of the
 * {@code model} value (quotes included) for {@link ModelSplice}. Every other value, however large
 * ({@code messages}, {@code tools}...), is only tokenized: keys named {@code model} or
 * {@code stream} below the top level are ignored. Keys are compared after JSON unescaping, as the
 * upstream's own parser will see them, so {@code "mod\u0065l"} is {@code model}. A duplicate
 * top-level {@code model} is rejected, because the gateway and the upstream could disagree on
 * which one counts; other duplicates resolve to the last value, as in most JSON parsers.
 *
 * <p>Rejects (with {@link InvalidRequestBodyException}): malformed JSON, with the byte offset of
 * the fault; data after the object; a top level that is not an object; an empty body; nesting
 * deeper than {@value #MAX_NESTING_DEPTH}; a field above of the wrong type; a negative token
 * limit. A missing {@code model} is not an error here: {@link RequestFields#model()} is null.
 *
 * <p>Hot path, on the event loop: never blocks, takes no lock. Allocates one jackson parser per
 * request (its buffers come from jackson's per-thread pool), one {@code ByteBuffer} view per fed
 * buffer, the {@code model} and {@code user} strings and the result; nothing per skipped value,
 * except that jackson decodes strings longer than about 64K chars into fresh buffers (see
 * {@code AsyncJsonInput}).
 * Not thread-safe: one request, one event loop.
 */
public final class RequestFieldScanner implements AutoCloseable {

    /** Deepest nesting of objects and arrays accepted; bounds the parser's stack and work. */
    public static final int MAX_NESTING_DEPTH = 512;
    /** Tags beyond this many are ignored: routing needs a few, a body must not make us hoard them. */
    static final int MAX_TAGS = 32;

    private static final String PARSE_ERROR = "We could not parse the JSON body of your request: ";

    /**
     * jackson's non-blocking parser reports a token's location one byte past its first byte (it
     * counts the byte it just consumed; observed in 2.17 to 2.22). Measured
     * once rather than assumed, so that an upgrade that fixes it cannot shift splices silently.
     */
    private static final int TOKEN_LOCATION_BIAS = measureTokenLocationBias();

    private enum TopField { MODEL, STREAM, STREAM_OPTIONS, MAX_TOKENS, MAX_COMPLETION_TOKENS, USER, METADATA, OTHER }

    private final AsyncJsonInput.TokenHandler<InvalidRequestBodyException> handler = this::onToken;
    private AsyncJsonInput input = new AsyncJsonInput();

    // Parse position: depth of open objects/arrays; 1 = inside the top-level object.
    private int depth;
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
    private java.util.List<String> tags;

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
        try {
            input.feed(content, handler);
        } catch (IOException e) {
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
            input.end(handler);
        } catch (IOException e) {
            // At the end of input jackson can only complain that a token or container is open.
            throw fail(rootClosed ? syntaxError(e) : unexpectedEnd());
        } catch (InvalidRequestBodyException e) {
            throw fail(e);
        }
        if (!rootSeen) {
            throw fail(new InvalidRequestBodyException(
                    PARSE_ERROR + "the body is empty (expected: a JSON object).", null));
        }
        if (!rootClosed) {
            throw fail(unexpectedEnd());
        }
        result = new RequestFields(model, modelStart, modelEnd, stream, includeUsage, maxTokens,
                maxCompletionTokens, user, tags);
        // Give jackson's buffers back to its pool now rather than whenever close() comes.
        close();
        return result;
    }

    /** Releases the parser. Idempotent; safe after an exception. */
    @Override
    public void close() {
        AsyncJsonInput in = input;
        if (in != null) {
            input = null;
            in.close();
        }
    }

    private void checkUsable() throws InvalidRequestBodyException {
        if (failure != null) {
            throw failure;
        }
        if (input == null) {
            throw new IllegalStateException("scanner closed");
        }
    }

    private InvalidRequestBodyException fail(InvalidRequestBodyException e) {
        failure = e;
        // A failed parser may still point at the caller's memory: drop it now, not at close().
        close();
        return e;
    }

    private InvalidRequestBodyException unexpectedEnd() {
        return new InvalidRequestBodyException(PARSE_ERROR + "unexpected end of input at byte offset "
                + input.offset() + " (expected: a complete JSON object).", null);
    }

    private InvalidRequestBodyException syntaxError(IOException e) {
        long offset = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? jpe.getLocation().getByteOffset()
                : input.offset();
        if (rootClosed) {
            return new InvalidRequestBodyException(
                    PARSE_ERROR + "unexpected data after the JSON object at byte offset " + offset + '.', null);
        }
        String reason = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new InvalidRequestBodyException(PARSE_ERROR + reason + " (at byte offset " + offset + ").", null);
    }

    private void onToken(JsonToken token, JsonParser parser) throws IOException, InvalidRequestBodyException {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0) {
                    onRoot(token, parser);
                } else if (depth == 1) {
                    onTopLevelContainer(token);
                } else if (inStreamOptions && depth == 2 && atIncludeUsage) {
                    throw typeError("stream_options.include_usage", "a boolean", token);
                } else if (inMetadata && depth == 2 && atTags && token == JsonToken.START_ARRAY) {
                    inTagsArray = true;
                    tags = new java.util.ArrayList<>(4);
                }
                if (++depth > MAX_NESTING_DEPTH) {
                    throw new InvalidRequestBodyException("The JSON body of your request is nested deeper than "
                            + MAX_NESTING_DEPTH + " levels (at byte offset " + input.offset() + ").", null);
                }
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 2) {
                    inTagsArray = false;
                } else if (depth == 1) {
                    inStreamOptions = false;
                    inMetadata = false;
                } else if (depth == 0) {
                    rootClosed = true;
                }
            }
            case FIELD_NAME -> {
                if (depth == 1) {
                    onTopLevelName(parser.currentName());
                } else if (inStreamOptions && depth == 2) {
                    atIncludeUsage = "include_usage".equals(parser.currentName());
                } else if (inMetadata && depth == 2) {
                    atTags = "tags".equals(parser.currentName());
                }
            }
            default -> {
                if (depth == 0) {
                    onRoot(token, parser);
                } else if (depth == 1) {
                    onTopLevelScalar(token, parser);
                } else if (inStreamOptions && depth == 2 && atIncludeUsage) {
                    includeUsage = booleanOrNull("stream_options.include_usage", token);
                } else if (token == JsonToken.VALUE_STRING && inMetadata) {
                    onTag(parser.getText());
                }
            }
        }
    }

    /**
     * A string under {@code metadata.tags}: an element of the tags array, or the whole value as a
     * comma-separated list (the form OpenAI itself accepts, since its metadata values are strings).
     * Anything else under {@code metadata} is not ours to judge and is ignored.
     */
    private void onTag(String text) {
        if (depth == 3 && inTagsArray) {
            if (!text.isBlank() && tags.size() < MAX_TAGS) {
                tags.add(text.trim());
            }
        } else if (depth == 2 && atTags) {
            tags = new java.util.ArrayList<>(4);
            for (String t : text.split(",")) {
                if (!t.isBlank() && tags.size() < MAX_TAGS) {
                    tags.add(t.trim());
                }
            }
        }
    }

    private void onRoot(JsonToken token, JsonParser parser) throws InvalidRequestBodyException {
        if (rootClosed) {
            long offset = parser.currentTokenLocation().getByteOffset() - TOKEN_LOCATION_BIAS;
            throw new InvalidRequestBodyException(
                    PARSE_ERROR + "unexpected data after the JSON object at byte offset " + offset + '.', null);
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidRequestBodyException(
                    "The request body must be a JSON object, but got " + describe(token) + " instead.", null);
        }
        rootSeen = true;
    }

    private void onTopLevelName(String name) throws InvalidRequestBodyException {
        field = switch (name) {
            case "model" -> TopField.MODEL;
            case "stream" -> TopField.STREAM;
            case "stream_options" -> TopField.STREAM_OPTIONS;
            case "max_tokens" -> TopField.MAX_TOKENS;
            case "max_completion_tokens" -> TopField.MAX_COMPLETION_TOKENS;
            case "user" -> TopField.USER;
            case "metadata" -> TopField.METADATA;
            default -> TopField.OTHER;
        };
        if (field == TopField.MODEL && modelStart >= 0) {
            throw new InvalidRequestBodyException("Duplicate key 'model' in the request body.", "model");
        }
    }

    private void onTopLevelContainer(JsonToken token) throws InvalidRequestBodyException {
        switch (field) {
            case MODEL -> throw typeError("model", "a string", token);
            case STREAM -> throw typeError("stream", "a boolean", token);
            case STREAM_OPTIONS -> {
                if (token != JsonToken.START_OBJECT) {
                    throw typeError("stream_options", "an object", token);
                }
                inStreamOptions = true;
                atIncludeUsage = false;
            }
            case MAX_TOKENS -> throw typeError("max_tokens", "an integer", token);
            case MAX_COMPLETION_TOKENS -> throw typeError("max_completion_tokens", "an integer", token);
            case USER -> throw typeError("user", "a string", token);
            case METADATA -> {
                inMetadata = token == JsonToken.START_OBJECT;
                atTags = false;
            }
            case OTHER -> { }
        }
    }

    private void onTopLevelScalar(JsonToken token, JsonParser parser) throws IOException, InvalidRequestBodyException {
        switch (field) {
            case MODEL -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw typeError("model", "a string", token);
                }
                model = parser.getText();
                modelStart = offset(parser.currentTokenLocation().getByteOffset() - TOKEN_LOCATION_BIAS);
                // A string token is complete exactly when its closing quote has been consumed.
                modelEnd = offset(parser.currentLocation().getByteOffset());
            }
            case STREAM -> stream = booleanOrNull("stream", token);
            case STREAM_OPTIONS -> {
                if (token != JsonToken.VALUE_NULL) {
                    throw typeError("stream_options", "an object", token);
                }
                includeUsage = false;
            }
            case MAX_TOKENS -> maxTokens = tokenLimit("max_tokens", token, parser);
            case MAX_COMPLETION_TOKENS -> maxCompletionTokens = tokenLimit("max_completion_tokens", token, parser);
            case USER -> {
                if (token == JsonToken.VALUE_STRING) {
                    user = parser.getText();
                } else if (token == JsonToken.VALUE_NULL) {
                    user = null;
                } else {
                    throw typeError("user", "a string", token);
                }
            }
            case METADATA, OTHER -> { }
        }
    }

    private static boolean booleanOrNull(String param, JsonToken token) throws InvalidRequestBodyException {
        return switch (token) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw typeError(param, "a boolean", token);
        };
    }

    private static long tokenLimit(String param, JsonToken token, JsonParser parser)
            throws IOException, InvalidRequestBodyException {
        if (token == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw typeError(param, "an integer", token);
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new InvalidRequestBodyException("Invalid '" + param + "': integer above maximum value. Expected a value <= "
                    + Long.MAX_VALUE + ", but got " + parser.getText() + " instead.", param);
        }
        long value = parser.getLongValue();
        if (value < 0) {
            throw new InvalidRequestBodyException("Invalid '" + param
                    + "': integer below minimum value. Expected a value >= 0, but got " + value + " instead.", param);
        }
        return value;
    }

    private static InvalidRequestBodyException typeError(String param, String expected, JsonToken actual) {
        return new InvalidRequestBodyException("Invalid type for '" + param + "': expected " + expected
                + ", but got " + describe(actual) + " instead.", param);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
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

    private static int measureTokenLocationBias() {
        byte[] probe = {'{', '"', 'm', '"', ':', '"', 'x', '"', '}'};
        int quoteAt = 5;
        try (AsyncJsonInput in = new AsyncJsonInput()) {
            long[] reported = {-1};
            in.feed(ByteBuffer.wrap(probe), (token, parser) -> {
                if (token == JsonToken.VALUE_STRING) {
                    reported[0] = parser.currentTokenLocation().getByteOffset();
                }
            });
            if (reported[0] < 0) {
                throw new IllegalStateException("jackson did not report the probe's string token");
            }
            return (int) (reported[0] - quoteAt);
        } catch (IOException e) {
            throw new IllegalStateException("jackson could not parse the location probe", e);
        }
    }
}
