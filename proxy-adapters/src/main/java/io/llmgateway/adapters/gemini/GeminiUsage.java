package io.llmgateway.adapters.gemini;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;
import java.util.Map;

/**
 * Gemini {@code usageMetadata} → OpenAI usage (reference 9.2), from a whole response or from the
 * stream, where it is cumulative and the last one wins. Completion includes thoughts when
 * candidates exclude them (prompt + candidates != total, as observed on AI Studio and Vertex).
 *
 * <p>One per translator, confined to its event loop: it keeps Gemini's raw counts (-1: not
 * reported) and writes the OpenAI ones into the translator's {@link UsageCounts}. Reading a stream
 * event's counts allocates nothing.
 */
final class GeminiUsage {

    private final UsageCounts usage;
    private long promptCount = -1;
    private long candidatesCount = -1;
    private long thoughtsCount = -1;
    private long totalCount = -1;
    private long cachedCount = -1;

    GeminiUsage(UsageCounts usage) {
        this.usage = usage;
    }

    /** The OpenAI counts this writes to. */
    UsageCounts counts() {
        return usage;
    }

    /** The {@code usageMetadata} of a whole response. */
    void fromBody(Map<String, Object> um) {
        promptCount = JsonTree.asLong(um.get("promptTokenCount"), -1);
        candidatesCount = JsonTree.asLong(um.get("candidatesTokenCount"), -1);
        thoughtsCount = JsonTree.asLong(um.get("thoughtsTokenCount"), -1);
        totalCount = JsonTree.asLong(um.get("totalTokenCount"), -1);
        cachedCount = JsonTree.asLong(um.get("cachedContentTokenCount"), -1);
        compute();
    }

    /** A stream chunk's {@code usageMetadata} (the parser on its value {@code v}). */
    void read(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        boolean counts = false;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT) {
                StreamScratch.skip(p);
                continue;
            }
            long n = p.getLongValue();
            switch (name) {
                case "promptTokenCount" -> promptCount = n;
                case "candidatesTokenCount" -> candidatesCount = n;
                case "thoughtsTokenCount" -> thoughtsCount = n;
                case "totalTokenCount" -> totalCount = n;
                case "cachedContentTokenCount" -> cachedCount = n;
                default -> {
                    continue;
                }
            }
            counts = true;
        }
        // Vertex's intermediate chunks carry only trafficType: they leave the counts alone.
        if (counts) {
            compute();
        }
    }

    private void compute() {
        usage.known();
        usage.prompt = Math.max(0, promptCount);
        long candidates = Math.max(0, candidatesCount);
        long thoughts = Math.max(0, thoughtsCount);
        usage.completion = totalCount >= 0 && usage.prompt + candidates != totalCount ? candidates + thoughts : candidates;
        usage.total = totalCount >= 0 ? totalCount : usage.prompt + usage.completion;
        usage.cached = cachedCount;
        usage.reasoning = thoughtsCount;
    }
}
