package io.llmgateway.core.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a stored chat completion ({@code "object":"chat.completion"}, the body a plain request
 * got) as the event stream a streaming request expects: per choice one chunk with the whole
 * message as its delta (role, content, refusal, tool calls with their {@code index}) and one with
 * its {@code finish_reason}; then, when the client asked for {@code include_usage}, a chunk with no
 * choices and the usage; then {@code data: [DONE]}. Ids, {@code created}, {@code model} and
 * {@code system_fingerprint} are the stored answer's.
 *
 * <p>Reads with jackson-core's streaming parser and copies the message's parts token by token; runs
 * on the event loop for a cache hit, allocating in proportion to the answer. Thread-safe (no state).
 */
public final class ChatStreamReplay {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private ChatStreamReplay() {
    }

    /**
     * The event stream of {@code completion}; null when it is not a chat completion with choices
     * (then it cannot be replayed as a stream).
     */
    public static byte[] events(byte[] completion, boolean includeUsage) {
        Completion c;
        try {
            c = read(completion);
        } catch (IOException e) {
            return null;
        }
        if (c == null || c.choices.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(completion.length * 2 + 256);
        try {
            for (Choice choice : c.choices) {
                chunk(out, c, g -> {
                    g.writeStartObject();
                    g.writeNumberField("index", choice.index);
                    g.writeFieldName("delta");
                    g.writeStartObject();
                    g.writeStringField("role", "assistant");
                    raw(g, "content", choice.content);
                    raw(g, "refusal", choice.refusal);
                    raw(g, "tool_calls", choice.toolCalls);
                    g.writeEndObject();
                    g.writeNullField("logprobs");
                    g.writeNullField("finish_reason");
                    g.writeEndObject();
                });
                chunk(out, c, g -> {
                    g.writeStartObject();
                    g.writeNumberField("index", choice.index);
                    g.writeFieldName("delta");
                    g.writeStartObject();
                    g.writeEndObject();
                    g.writeNullField("logprobs");
                    raw(g, "finish_reason", choice.finishReason);
                    g.writeEndObject();
                });
            }
            if (includeUsage && c.usage != null) {
                chunk(out, c, null);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        out.writeBytes(DONE);
        return out.toByteArray();
    }

    /** Writes one {@code data:} event: the common fields, then {@code choice} (null: no choices, the usage). */
    private static void chunk(ByteArrayOutputStream out, Completion c, ChoiceWriter choice) throws IOException {
        out.write('d');
        out.write('a');
        out.write('t');
        out.write('a');
        out.write(':');
        out.write(' ');
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            raw(g, "id", c.id);
            g.writeStringField("object", "chat.completion.chunk");
            raw(g, "created", c.created);
            raw(g, "model", c.model);
            raw(g, "system_fingerprint", c.systemFingerprint);
            g.writeFieldName("choices");
            g.writeStartArray();
            if (choice != null) {
                choice.write(g);
            }
            g.writeEndArray();
            if (choice == null) {
                raw(g, "usage", c.usage);
            }
            g.writeEndObject();
        }
        out.write('\n');
        out.write('\n');
    }

    private static void raw(JsonGenerator g, String name, String json) throws IOException {
        if (json != null) {
            g.writeFieldName(name);
            g.writeRawValue(json);
        }
    }

    private static Completion read(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Completion c = new Completion();
            boolean chat = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "object" -> chat = v == JsonToken.VALUE_STRING && p.getText().equals("chat.completion");
                    case "id" -> c.id = copy(p);
                    case "created" -> c.created = copy(p);
                    case "model" -> c.model = copy(p);
                    case "system_fingerprint" -> c.systemFingerprint = copy(p);
                    case "usage" -> c.usage = v == JsonToken.VALUE_NULL ? null : copy(p);
                    case "choices" -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        for (JsonToken e = p.nextToken(); e == JsonToken.START_OBJECT; e = p.nextToken()) {
                            c.choices.add(choice(p, c.choices.size()));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return chat ? c : null;
        }
    }

    private static Choice choice(JsonParser p, int position) throws IOException {
        Choice choice = new Choice();
        choice.index = position;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "index" -> choice.index = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : position;
                case "finish_reason" -> choice.finishReason = copy(p);
                case "message" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    for (JsonToken m = p.nextToken(); m == JsonToken.FIELD_NAME; m = p.nextToken()) {
                        String field = p.currentName();
                        JsonToken mv = p.nextToken();
                        switch (field) {
                            case "content" -> choice.content = mv == JsonToken.VALUE_NULL ? null : copy(p);
                            case "refusal" -> choice.refusal = mv == JsonToken.VALUE_NULL ? null : copy(p);
                            case "tool_calls" -> choice.toolCalls = mv == JsonToken.START_ARRAY ? toolCalls(p) : skip(p);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return choice;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** The tool calls of a message as a stream's delta has them: each with its {@code index} first. */
    private static String toolCalls(JsonParser p) throws IOException {
        StringBuilderWriter w = new StringBuilderWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            int index = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e != JsonToken.START_OBJECT) {
                    g.copyCurrentStructure(p);
                    continue;
                }
                g.writeStartObject();
                g.writeNumberField("index", index++);
                for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                    if (p.currentName().equals("index")) {
                        p.nextToken();
                        continue;
                    }
                    g.copyCurrentStructure(p);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return w.toString();
    }

    /** The current value (scalar or structure) as JSON text. */
    private static String copy(JsonParser p) throws IOException {
        StringBuilderWriter w = new StringBuilderWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    @FunctionalInterface
    private interface ChoiceWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static final class Completion {
        String id;
        String created;
        String model;
        String systemFingerprint;
        String usage;
        final List<Choice> choices = new ArrayList<>(1);
    }

    private static final class Choice {
        int index;
        String content;
        String refusal;
        String toolCalls;
        String finishReason;
    }

    /** An unsynchronised {@link java.io.Writer} over a {@link StringBuilder}. */
    private static final class StringBuilderWriter extends java.io.Writer {

        private final StringBuilder sb = new StringBuilder(64);

        @Override
        public void write(char[] cbuf, int off, int len) {
            sb.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            sb.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
