package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code content} of an OpenAI message — a string, or an array of parts ({@code text},
 * {@code image_url}, {@code file}, {@code input_audio}, {@code refusal}) — read once for every
 * translating adapter, which says through its {@link Writer} what each part becomes. Empty text is
 * dropped (providers reject it); every problem is a 400 naming the part ({@code messages[1].content[0].type}).
 *
 * <pre>
 *   List&lt;Object&gt; parts = ContentParts.user(m.get("content"), "messages[1].content", AnthropicParts.WRITER);
 * </pre>
 *
 * Per request, never per stream event; stateless (a writer is a stateless singleton).
 */
public final class ContentParts {

    /** How one provider writes the parts of a message. Implementations are stateless singletons. */
    public interface Writer {

        /** A text part. */
        Map<String, Object> text(String text);

        /** An image given by {@code url} (an http(s) URL or a data URL), from the part at {@code param}. */
        Map<String, Object> image(String url, String param) throws RequestRejectedException;

        /** A {@code file} part (its {@code file} object unchecked). */
        Map<String, Object> file(Map<String, Object> part, String param) throws RequestRejectedException;

        /** An {@code input_audio} part (its {@code input_audio} object unchecked), or a 400. */
        Map<String, Object> audio(Map<String, Object> part, String param) throws RequestRejectedException;

        /** The part types a user message may hold, for the message of a 400 ({@code "text, image_url or file"}). */
        String userPartTypes();
    }

    private ContentParts() {
    }

    /** Content that may only be text (system, assistant, tool): text parts; refusals dropped. */
    public static List<Object> text(Object content, String param, Writer writer) throws RequestRejectedException {
        List<Object> out = new ArrayList<>(1);
        if (content == null || content == JsonTree.NULL) {
            return out;
        }
        if (content instanceof String s) {
            if (!s.isEmpty()) {
                out.add(writer.text(s));
            }
            return out;
        }
        List<Object> parts = JsonTree.asArray(content);
        if (parts == null) {
            throw reject(param, "expected a string or an array of content parts");
        }
        for (int j = 0; j < parts.size(); j++) {
            Map<String, Object> part = Requests.objectAt(parts, j, param + '[' + j + ']');
            String type = Requests.string(part, "type", param + '[' + j + "].type");
            if ("text".equals(type)) {
                String t = Requests.string(part, "text", param + '[' + j + "].text");
                if (t != null && !t.isEmpty()) {
                    out.add(writer.text(t));
                }
            } else if (!"refusal".equals(type)) {
                throw reject(param + '[' + j + "].type", type + " (expected: text)");
            }
        }
        return out;
    }

    /** The content of a user message: text, images, files and (where the writer takes it) audio. */
    public static List<Object> user(Object content, String param, Writer writer) throws RequestRejectedException {
        if (content == null || content == JsonTree.NULL || content instanceof String) {
            return text(content, param, writer);
        }
        List<Object> parts = JsonTree.asArray(content);
        if (parts == null) {
            throw reject(param, "expected a string or an array of content parts");
        }
        List<Object> out = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            String p = param + '[' + j + ']';
            Map<String, Object> part = Requests.objectAt(parts, j, p);
            String type = Requests.string(part, "type", p + ".type");
            if (type == null) {
                throw reject(p + ".type", "missing");
            }
            switch (type) {
                case "text" -> {
                    String t = Requests.string(part, "text", p + ".text");
                    if (t != null && !t.isEmpty()) {
                        out.add(writer.text(t));
                    }
                }
                case "image_url" -> out.add(writer.image(imageUrl(part, p), p));
                case "file" -> out.add(writer.file(part, p));
                case "input_audio" -> out.add(writer.audio(part, p));
                default -> throw reject(p + ".type", type + " (expected: " + writer.userPartTypes() + ")");
            }
        }
        return out;
    }

    /** The URL of an {@code image_url} part: the string itself or its {@code url}. */
    private static String imageUrl(Map<String, Object> part, String param) throws RequestRejectedException {
        Object iu = part.get("image_url");
        String url = iu instanceof String s ? s : JsonTree.asString(JsonTree.path(iu, "url"));
        if (url == null) {
            throw reject(param + ".image_url.url", "missing");
        }
        return url;
    }
}
