package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ContentParts;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.adapters.internal.Requests.DataUrl;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI content parts → Gemini parts (reference 4.3): {@code text}; {@code inlineData} for data
 * URLs, audio and {@code file_data}; {@code fileData} for an image URL, which Gemini reads itself
 * (the adapter never fetches). Stateless.
 */
enum GeminiParts implements ContentParts.Writer {

    WRITER;

    @Override
    public Map<String, Object> text(String s) {
        Map<String, Object> p = JsonTree.object();
        p.put("text", s);
        return p;
    }

    @Override
    public Map<String, Object> image(String url, String param) throws RequestRejectedException {
        DataUrl data = DataUrl.parse(url);
        if (data != null) {
            return inline(data.mediaType() == null ? "image/png" : data.mediaType(), data.data());
        }
        if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("gs://")) {
            // The adapter never fetches: Gemini reads the URI itself (gs://, Files API, public https on Vertex).
            Map<String, Object> fd = JsonTree.object();
            fd.put("mimeType", mimeFromExtension(url));
            fd.put("fileUri", url);
            return part("fileData", fd);
        }
        throw reject(param + ".image_url.url", "expected an http(s) or gs:// URL or a base64 data URL");
    }

    @Override
    public Map<String, Object> file(Map<String, Object> part, String param) throws RequestRejectedException {
        String fileData = Requests.string(part, "file", "file_data", param);
        if (fileData == null) {
            throw reject(param + ".file", "only file_data is supported by gemini (file_id needs OpenAI's file store)");
        }
        DataUrl d = DataUrl.parse(fileData);
        return inline(d != null && d.mediaType() != null ? d.mediaType() : "application/pdf", d != null ? d.data() : fileData);
    }

    @Override
    public Map<String, Object> audio(Map<String, Object> part, String param) throws RequestRejectedException {
        String data = Requests.string(part, "input_audio", "data", param);
        if (data == null) {
            throw reject(param + ".input_audio.data", "missing");
        }
        String format = JsonTree.asObject(part.get("input_audio")).get("format") instanceof String f ? f : "wav";
        return inline("audio/" + format, data);
    }

    @Override
    public String userPartTypes() {
        return "text, image_url, input_audio or file";
    }

    private static Map<String, Object> inline(String mimeType, String data) {
        Map<String, Object> in = JsonTree.object();
        in.put("mimeType", mimeType);
        in.put("data", data);
        return part("inlineData", in);
    }

    /** A part of one kind ({@code inlineData}, {@code functionCall}...) holding {@code value}. */
    static Map<String, Object> part(String kind, Map<String, Object> value) {
        Map<String, Object> p = JsonTree.object();
        p.put(kind, value);
        return p;
    }

    /** The media type of a URL by its extension (Gemini needs one for {@code fileData}); JPEG when unknown. */
    static String mimeFromExtension(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        if (path.endsWith(".pdf")) {
            return "application/pdf";
        }
        return "image/jpeg";
    }
}
