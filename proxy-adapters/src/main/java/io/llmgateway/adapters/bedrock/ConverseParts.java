package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ContentParts;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.adapters.internal.Requests.DataUrl;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI content parts → Converse content blocks (reference 7.3): {@code {"text"}}, images from
 * base64 data URLs ({@code {"image":{"format","source":{"bytes"}}}}: Converse fetches no URL),
 * documents from {@code file_data}; audio input is refused. Stateless.
 */
enum ConverseParts implements ContentParts.Writer {

    WRITER;

    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html",
            "txt", "md");

    @Override
    public Map<String, Object> text(String s) {
        Map<String, Object> b = JsonTree.object();
        b.put("text", s);
        return b;
    }

    @Override
    public Map<String, Object> image(String url, String param) throws RequestRejectedException {
        DataUrl data = DataUrl.parse(url);
        if (data == null) {
            throw reject(param + ".image_url.url", "expected a base64 data URL (bedrock converse fetches no image URL)");
        }
        String format = subtype(data.mediaType(), "png");
        if (format.equals("jpg")) {
            format = "jpeg";
        }
        if (!IMAGE_FORMATS.contains(format)) {
            throw reject(param + ".image_url.url", "image/" + format + " (expected: png, jpeg, gif or webp on bedrock)");
        }
        Map<String, Object> image = JsonTree.object();
        image.put("format", format);
        image.put("source", bytes(data.data()));
        return block("image", image);
    }

    @Override
    public Map<String, Object> file(Map<String, Object> part, String param) throws RequestRejectedException {
        Map<String, Object> file = Requests.object(part, "file", param + ".file");
        if (file == null) {
            throw reject(param + ".file", "missing");
        }
        String fileData = Requests.string(file, "file_data", param + ".file.file_data");
        if (fileData == null) {
            throw reject(param + ".file", "only file_data is supported by bedrock (file_id needs OpenAI's file store)");
        }
        DataUrl data = DataUrl.parse(fileData);
        String format = subtype(data == null ? null : data.mediaType(), "pdf");
        if (!DOCUMENT_FORMATS.contains(format)) {
            throw reject(param + ".file.file_data", format + " (expected: one of " + DOCUMENT_FORMATS + " on bedrock)");
        }
        Map<String, Object> doc = JsonTree.object();
        doc.put("format", format);
        // Converse requires a name: letters, digits, spaces, hyphens, parentheses and brackets only.
        String filename = Requests.string(file, "filename", param + ".file.filename");
        String name = filename != null ? filename : param;
        doc.put("name", name.replaceAll("[^A-Za-z0-9 ()\\[\\]-]", "-"));
        doc.put("source", bytes(data != null ? data.data() : fileData));
        return block("document", doc);
    }

    @Override
    public Map<String, Object> audio(Map<String, Object> part, String param) throws RequestRejectedException {
        throw reject(param + ".type", "input_audio is not supported by bedrock converse");
    }

    @Override
    public String userPartTypes() {
        return "text, image_url or file";
    }

    /** The subtype of a media type ({@code image/png} → {@code png}), or {@code dflt} when there is none. */
    private static String subtype(String mediaType, String dflt) {
        if (mediaType == null) {
            return dflt;
        }
        int slash = mediaType.indexOf('/');
        String sub = (slash < 0 ? mediaType : mediaType.substring(slash + 1)).toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "plain" -> "txt";
            case "markdown" -> "md";
            case "msword" -> "doc";
            case "vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
            case "vnd.ms-excel" -> "xls";
            case "vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "xlsx";
            default -> sub;
        };
    }

    private static Map<String, Object> bytes(String base64) {
        Map<String, Object> source = JsonTree.object();
        source.put("bytes", base64);
        return source;
    }

    private static Map<String, Object> block(String type, Map<String, Object> value) {
        Map<String, Object> b = JsonTree.object();
        b.put(type, value);
        return b;
    }
}
