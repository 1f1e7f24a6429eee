package io.llmgateway.core.observe.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The text of an OpenAI chat event stream as the client received it: the {@code content} of every
 * {@code choices[].delta}, concatenated in order (the legacy completions' {@code choices[].text}
 * too). What the request log shows as a stream's response. Other events ({@code [DONE]}, usage,
 * errors) add nothing; an event cut by the capture's size limit is skipped.
 *
 * <p>Runs on the observer thread, on a copy; never on an event loop.
 */
final class StreamText {

    private static final JsonFactory JSON = new JsonFactory();

    private StreamText() {
    }

    /** The deltas' text in {@code sse}, the bytes of an event stream. */
    static String of(byte[] sse) {
        StringBuilder text = new StringBuilder();
        int lineStart = 0;
        for (int i = 0; i <= sse.length; i++) {
            if (i == sse.length || sse[i] == '\n') {
                data(sse, lineStart, i, text);
                lineStart = i + 1;
            }
        }
        return text.toString();
    }

    /** Adds the text of the line {@code [from, to)} when it is a {@code data:} line holding a chunk. */
    private static void data(byte[] sse, int from, int to, StringBuilder text) {
        if (to - from < 5 || sse[from] != 'd' || sse[from + 1] != 'a' || sse[from + 2] != 't' || sse[from + 3] != 'a'
                || sse[from + 4] != ':') {
            return;
        }
        int start = from + 5;
        int length = to - start;
        int before = text.length();
        try (JsonParser p = JSON.createParser(sse, start, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if ("choices".equals(p.currentName()) && p.nextToken() == JsonToken.START_ARRAY) {
                    choices(p, text);
                } else {
                    p.nextToken();
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            text.setLength(before); // a line cut short, or not JSON ([DONE]): nothing from it
        }
    }

    private static void choices(JsonParser p, StringBuilder text) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("delta".equals(name) && value == JsonToken.START_OBJECT) {
                    delta(p, text);
                } else if ("text".equals(name) && value == JsonToken.VALUE_STRING) {
                    text.append(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void delta(JsonParser p, StringBuilder text) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("content".equals(name) && value == JsonToken.VALUE_STRING) {
                text.append(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    /** {@code text} cut to at most {@code maxBytes} bytes of UTF-8 (a character cut in two becomes U+FFFD). */
    static String capped(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= maxBytes ? text : new String(utf8, 0, maxBytes, StandardCharsets.UTF_8);
    }
}
