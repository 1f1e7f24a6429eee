package io.llmgateway.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RequestFieldScanner} must answer for a body, worked out independently with
 * jackson-core's blocking parser: whether the body is valid JSON (as jackson reads it, with the
 * limits the gateway used to give jackson), and then the routing fields by the rules the scanner
 * documents, written here the plain way, over a parser that reads the whole document at once.
 */
final class JacksonRequestOracle {

    /** The limits the gateway gave jackson when jackson scanned request bodies. */
    private static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(1000)
                        .build())
                .build();
    }

    /** The fields, or a rejection; {@code param} is only meaningful for a body that is valid JSON. */
    record Expected(RequestFields fields, boolean validJson, String param) {

        boolean rejected() {
            return fields == null;
        }
    }

    private JacksonRequestOracle() {
    }

    static Expected expect(byte[] body) {
        if (!validJson(body)) {
            return new Expected(null, false, null);
        }
        try (JsonParser parser = factory().createParser(body)) {
            return new Expected(fields(parser, body), true, null);
        } catch (Rejected r) {
            return new Expected(null, true, r.param);
        } catch (IOException e) {
            throw new AssertionError("jackson read the body once, then not again", e);
        }
    }

    /** One JSON object, nothing after it, nested at most as deep as the scanner allows. */
    static boolean validJson(byte[] body) {
        try (JsonParser parser = factory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                if (token.isStructStart() && ++depth > RequestFieldScanner.MAX_NESTING_DEPTH) {
                    return false;
                }
                if (token.isStructEnd()) {
                    depth--;
                }
                if (token == JsonToken.VALUE_STRING) {
                    parser.getText();
                }
            }
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final String param;

        Rejected(String param) {
            super(param, null, false, false);
            this.param = param;
        }
    }

    private static RequestFields fields(JsonParser p, byte[] body) throws IOException, Rejected {
        p.nextToken();
        String model = null;
        int modelStart = -1;
        int modelEnd = -1;
        boolean stream = false;
        boolean includeUsage = false;
        boolean hasStreamOptions = false;
        long maxTokens = -1;
        long maxCompletionTokens = -1;
        String user = null;
        List<String> tags = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "model" -> {
                    if (modelStart >= 0 || value != JsonToken.VALUE_STRING) {
                        throw new Rejected("model");
                    }
                    model = limited(p.getText(), RequestFieldScanner.MAX_ID_CHARS, "model");
                    modelStart = openingQuote(p, body);
                    modelEnd = closingQuote(body, modelStart) + 1;
                }
                case "stream" -> stream = booleanOrNull(value, "stream");
                case "stream_options" -> {
                    hasStreamOptions = true;
                    if (value == JsonToken.VALUE_NULL) {
                        includeUsage = false;
                    } else if (value != JsonToken.START_OBJECT) {
                        throw new Rejected("stream_options");
                    } else {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            boolean ours = p.currentName().equals("include_usage");
                            JsonToken member = p.nextToken();
                            if (ours) {
                                includeUsage = booleanOrNull(member, "stream_options.include_usage");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
                case "max_tokens" -> maxTokens = tokenLimit(p, value, name);
                case "max_completion_tokens" -> maxCompletionTokens = tokenLimit(p, value, name);
                case "max_output_tokens" -> maxCompletionTokens = tokenLimit(p, value, name);
                case "user" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        user = limited(p.getText(), RequestFieldScanner.MAX_ID_CHARS, "user");
                    } else if (value == JsonToken.VALUE_NULL) {
                        user = null;
                    } else {
                        throw new Rejected("user");
                    }
                }
                case "metadata" -> {
                    if (value == JsonToken.START_OBJECT) {
                        tags = metadataTags(p, tags);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new RequestFields(model, modelStart, modelEnd, stream, includeUsage, hasStreamOptions, maxTokens,
                maxCompletionTokens, user, tags);
    }

    private static List<String> metadataTags(JsonParser p, List<String> tags) throws IOException, Rejected {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean ours = p.currentName().equals("tags");
            JsonToken value = p.nextToken();
            if (ours && value == JsonToken.VALUE_STRING) {
                tags = new ArrayList<>();
                for (String tag : limited(p.getText(), RequestFieldScanner.MAX_TAG_CHARS, "metadata.tags").split(",")) {
                    addTag(tags, tag);
                }
            } else if (ours && value == JsonToken.START_ARRAY) {
                tags = new ArrayList<>();
                for (JsonToken element; (element = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    if (element == JsonToken.VALUE_STRING && tags.size() < RequestFieldScanner.MAX_TAGS) {
                        addTag(tags, limited(p.getText(), RequestFieldScanner.MAX_TAG_CHARS, "metadata.tags"));
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return tags;
    }

    private static void addTag(List<String> tags, String tag) {
        if (!tag.isBlank() && tags.size() < RequestFieldScanner.MAX_TAGS) {
            tags.add(tag.trim());
        }
    }

    private static String limited(String value, int max, String param) throws Rejected {
        if (value.length() > max) {
            throw new Rejected(param);
        }
        return value;
    }

    private static boolean booleanOrNull(JsonToken value, String param) throws Rejected {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new Rejected(param);
        };
    }

    private static long tokenLimit(JsonParser p, JsonToken value, String param) throws IOException, Rejected {
        if (value == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new Rejected(param);
        }
        BigInteger limit = p.getBigIntegerValue();
        if (limit.signum() < 0 || limit.bitLength() > 63) {
            throw new Rejected(param);
        }
        return limit.longValue();
    }

    /** The opening quote of the string token just read, as an offset from the body's first byte. */
    private static int openingQuote(JsonParser p, byte[] body) {
        int quote = (int) p.currentTokenLocation().getByteOffset();
        if (body[quote] != '"') {
            throw new AssertionError("jackson's token location " + quote + " is not an opening quote");
        }
        return quote;
    }

    private static int closingQuote(byte[] body, int opening) {
        for (int i = opening + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        throw new AssertionError("no closing quote after " + opening);
    }
}
