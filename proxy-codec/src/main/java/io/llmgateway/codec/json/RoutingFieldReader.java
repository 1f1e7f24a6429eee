package io.llmgateway.codec.json;

import static io.llmgateway.codec.json.RequestFieldScanner.MAX_ID_CHARS;
import static io.llmgateway.codec.json.RequestFieldScanner.MAX_TAG_CHARS;

import io.llmgateway.codec.json.JsonTokenizer.Token;

/**
 * Reads the routing fields out of the tokens of one request body, for {@link RequestFieldScanner},
 * which feeds the tokenizer and hands each token here: tracks where the token is (the top level,
 * {@code stream_options}, {@code metadata.tags}), keeps the values of the routing fields, refuses
 * them when they have the wrong type, and tells the tokenizer how much of the next token to decode
 * ({@link JsonTokenizer#capture}: nothing outside the routing fields) and which containers to skip
 * unread ({@link JsonTokenizer#skipContainer}).
 *
 * <pre>
 *   JsonTokenizer --token--> RoutingFieldReader.onToken --> model, stream, limits, user, tags
 *                 <--capture limit / skip container--'
 * </pre>
 *
 * <p>The superclass of the scanner rather than an object of its own, so that a scan allocates no
 * more than one object for both. Hot path: allocates only the strings of the fields it reads and
 * the result. Not thread-safe: one request, one event loop.
 */
abstract class RoutingFieldReader {

    /** Longer than any key looked for, so that a longer key is known to be none of them. */
    private static final int KEY_CHARS = 32;
    /** Enough of a token limit to quote it in an error. */
    private static final int NUMBER_CHARS = 64;

    /** The tokenizer whose tokens {@link #onToken} is given; null once the scanner is closed. */
    JsonTokenizer tokens;

    // Where the last token left us; depth is the tokenizer's.
    private boolean rootSeen;
    private TopLevelField field = TopLevelField.OTHER;
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

    RoutingFieldReader(JsonTokenizer tokens) {
        this.tokens = tokens;
    }

    /** Whether the root value has begun (an empty body has none). */
    final boolean rootSeen() {
        return rootSeen;
    }

    /** The fields read, once the tokenizer has ended on a complete root object. */
    final RequestFields fields() {
        return new RequestFields(model, modelStart, modelEnd, stream, includeUsage, hasStreamOptions, maxTokens,
                maxCompletionTokens, user, tags == null ? null : tags.list(), storedObjectId, storeFalse);
    }

    /** The next token of the body, the tokenizer positioned on it. */
    final void onToken(Token token) throws InvalidRequestBodyException {
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
        field = TopLevelField.of(name);
        if (field == TopLevelField.STREAM_OPTIONS) {
            hasStreamOptions = true;
        }
        if (field == TopLevelField.MODEL && modelStart >= 0) {
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
                    ? FieldValues.string(tokens, field.key(), MAX_ID_CHARS) : null;
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
