package io.llmgateway.bench.mock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * Reads the few top-level fields the mock answers with ({@code model}, {@code stream},
 * {@code stream_options.include_usage}, and for embeddings {@code input}, {@code dimensions},
 * {@code encoding_format}) with jackson-core's streaming parser, skipping everything else.
 * Thread-safe: the factory is shared, each call has its own parser.
 */
final class RequestBodyScanner {

    private static final JsonFactory JSON = new JsonFactory();

    /** The fields found; defaults where absent. */
    record Fields(String model, boolean stream, boolean includeUsage, int inputs, int dimensions, boolean base64) {
        static final Fields EMPTY = new Fields(MockRequest.DEFAULT_MODEL, false, false, 1, 0, false);
    }

    private RequestBodyScanner() {
    }

    /**
     * Scans {@code body} without changing its reader index. An empty body gives {@link Fields#EMPTY}.
     *
     * @throws IOException when the body is not a JSON object
     */
    static Fields scan(ByteBuf body) throws IOException {
        if (!body.isReadable()) {
            return Fields.EMPTY;
        }
        String model = MockRequest.DEFAULT_MODEL;
        boolean stream = false;
        boolean includeUsage = false;
        int inputs = 1;
        int dimensions = 0;
        boolean base64 = false;
        try (JsonParser p = JSON.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("request body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : model;
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "stream_options" -> includeUsage = includeUsage(p, value);
                    case "input" -> inputs = countInputs(p, value);
                    case "dimensions" -> dimensions = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getIntValue()) : 0;
                    case "encoding_format" -> base64 = value == JsonToken.VALUE_STRING && "base64".equals(p.getText());
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("request body is not a JSON object");
            }
        }
        return new Fields(model, stream, includeUsage, inputs, dimensions, base64);
    }

    private static boolean includeUsage(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return false;
        }
        boolean include = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("include_usage".equals(name)) {
                include = v == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
        return include;
    }

    /** A string or a token array is one input; an array of strings or token arrays is one per element. */
    private static int countInputs(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 1;
        }
        int count = 0;
        boolean tokens = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                tokens = true;
            }
            p.skipChildren();
            count++;
        }
        return tokens ? 1 : Math.max(1, count);
    }
}
