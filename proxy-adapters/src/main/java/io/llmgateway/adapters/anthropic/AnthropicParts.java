package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ContentParts;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.adapters.internal.Requests.DataUrl;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.Map;

/**
 * OpenAI content parts → Anthropic content blocks (reference 3.3): text blocks, {@code image}
 * blocks (base64 from a data URL, or the URL for Anthropic to fetch), PDF {@code document} blocks
 * from {@code file_data}; audio input is refused. Stateless.
 */
enum AnthropicParts implements ContentParts.Writer {

    WRITER;

    @Override
    public Map<String, Object> text(String s) {
        Map<String, Object> b = JsonTree.object();
        b.put("type", "text");
        b.put("text", s);
        return b;
    }

    @Override
    public Map<String, Object> image(String url, String param) throws RequestRejectedException {
        Map<String, Object> source = JsonTree.object();
        DataUrl data = DataUrl.parse(url);
        if (data != null) {
            source.put("type", "base64");
            source.put("media_type", data.mediaType() == null ? "image/png" : data.mediaType());
            source.put("data", data.data());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw reject(param + ".image_url.url", "expected an http(s) URL or a base64 data URL");
        }
        return block("image", source);
    }

    @Override
    public Map<String, Object> file(Map<String, Object> part, String param) throws RequestRejectedException {
        Map<String, Object> file = Requests.object(part, "file", param + ".file");
        if (file == null) {
            throw reject(param + ".file", "missing");
        }
        String fileData = Requests.string(file, "file_data", param + ".file.file_data");
        if (fileData == null) {
            throw reject(param + ".file", "only file_data is supported by anthropic (file_id needs OpenAI's file store)");
        }
        DataUrl data = DataUrl.parse(fileData);
        Map<String, Object> source = JsonTree.object();
        source.put("type", "base64");
        source.put("media_type", data != null && data.mediaType() != null ? data.mediaType() : "application/pdf");
        source.put("data", data != null ? data.data() : fileData);
        return block("document", source);
    }

    @Override
    public Map<String, Object> audio(Map<String, Object> part, String param) throws RequestRejectedException {
        throw reject(param + ".type", "input_audio is not supported by anthropic");
    }

    @Override
    public String userPartTypes() {
        return "text, image_url or file";
    }

    private static Map<String, Object> block(String type, Map<String, Object> source) {
        Map<String, Object> b = JsonTree.object();
        b.put("type", type);
        b.put("source", source);
        return b;
    }
}
