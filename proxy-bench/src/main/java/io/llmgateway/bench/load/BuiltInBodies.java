package io.llmgateway.bench.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The small request sent when no body is given, chosen by the end of the URL's path. */
final class BuiltInBodies {

    private BuiltInBodies() {
    }

    static String defaultMethod(URI url, byte[] body) {
        return body == null && isModels(url) ? "GET" : "POST";
    }

    /** The body for {@code url}, or an empty array for {@code GET .../models}. */
    static byte[] body(URI url, String model, boolean stream) {
        String path = url.getPath() == null ? "" : url.getPath();
        String m = model.replace("\\", "\\\\").replace("\"", "\\\"");
        String streamFields = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        String json;
        if (path.endsWith("/chat/completions")) {
            json = "{\"model\":\"" + m + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
                    + "\"max_tokens\":64" + streamFields + '}';
        } else if (path.endsWith("/completions")) {
            json = "{\"model\":\"" + m + "\",\"prompt\":\"Say hello.\",\"max_tokens\":64" + streamFields + '}';
        } else if (path.endsWith("/embeddings")) {
            json = "{\"model\":\"" + m + "\",\"input\":\"The quick brown fox\"}";
        } else if (isModels(url)) {
            json = "";
        } else {
            json = "{\"model\":\"" + m + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]"
                    + streamFields + '}';
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isModels(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.endsWith("/models") || path.contains("/models/");
    }
}
