package io.llmgateway.core.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the echo provider reads from a request body: the model, whether to stream (and report
 * usage in the stream), the text to repeat, and for embeddings the inputs and vector shape.
 *
 * @param model        {@code model}
 * @param stream       {@code stream}
 * @param includeUsage {@code stream_options.include_usage}
 * @param text         chat: the last user message's text; legacy completions: the first prompt
 * @param promptChars  characters of every message or prompt, for the usage estimate
 * @param inputs       embeddings: each input as text (token arrays as their numbers)
 * @param dimensions   embeddings: {@code dimensions}, else {@link #DEFAULT_DIMENSIONS}
 * @param base64       embeddings: {@code encoding_format: "base64"}
 */
record EchoRequest(String model, boolean stream, boolean includeUsage, String text, int promptChars,
        List<String> inputs, int dimensions, boolean base64) {

    static final int DEFAULT_DIMENSIONS = 16;
    static final int MAX_DIMENSIONS = 4096;

    /**
     * Reads a parsed body.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    static EchoRequest of(Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Object model = map.get("model");
        if (!(model instanceof String m) || m.isEmpty()) {
            throw new IllegalArgumentException("model: expected a non-empty string");
        }
        boolean stream = Boolean.TRUE.equals(map.get("stream"));
        boolean includeUsage = map.get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
        StringBuilder all = new StringBuilder();
        String text = lastUserText(map.get("messages"), all);
        if (text == null) {
            text = firstPrompt(map.get("prompt"), all);
        }
        List<String> inputs = inputs(map.get("input"));
        int dimensions = DEFAULT_DIMENSIONS;
        if (map.get("dimensions") instanceof Number n) {
            dimensions = n.intValue();
            if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
                throw new IllegalArgumentException("dimensions: " + n + " (expected: 1 to " + MAX_DIMENSIONS + ")");
            }
        }
        boolean base64 = "base64".equals(map.get("encoding_format"));
        return new EchoRequest(m, stream, includeUsage, text == null ? "" : text, all.length(), inputs, dimensions,
                base64);
    }

    /** The text of the last {@code user} message (string content, or its text parts joined), or null. */
    private static String lastUserText(Object messages, StringBuilder all) {
        if (!(messages instanceof List<?> list)) {
            return null;
        }
        String last = null;
        for (Object m : list) {
            if (m instanceof Map<?, ?> message) {
                String content = text(message.get("content"));
                all.append(content);
                if ("user".equals(message.get("role"))) {
                    last = content;
                }
            }
        }
        return last == null ? "" : last;
    }

    private static String text(Object content) {
        if (content instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && p.get("text") instanceof String t) {
                    out.append(t);
                }
            }
        }
        return out.toString();
    }

    private static String firstPrompt(Object prompt, StringBuilder all) {
        if (prompt instanceof String s) {
            all.append(s);
            return s;
        }
        if (prompt instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String s) {
            for (Object p : list) {
                all.append(p);
            }
            return s;
        }
        return null;
    }

    private static List<String> inputs(Object input) {
        List<String> out = new ArrayList<>();
        if (input instanceof String s) {
            out.add(s);
        } else if (input instanceof List<?> list) {
            boolean tokens = !list.isEmpty() && list.get(0) instanceof Number;
            if (tokens) {
                out.add(list.toString());
            } else {
                for (Object item : list) {
                    out.add(String.valueOf(item));
                }
            }
        }
        return out;
    }
}
