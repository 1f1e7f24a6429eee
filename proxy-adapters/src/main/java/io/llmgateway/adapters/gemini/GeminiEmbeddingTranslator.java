package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Gemini {@code :batchEmbedContents} ({@code embeddings[].values}) and Vertex {@code :predict}
 * ({@code predictions[].embeddings.values}, token counts in {@code statistics}) responses → OpenAI's
 * embedding list (reference 10.1). Vector values are copied as their original number text;
 * {@code encoding_format: base64} packs them as little-endian float32. AI Studio reports no token
 * counts: usage is then 0.
 */
final class GeminiEmbeddingTranslator implements ResponseTranslator {

    private final String provider;
    private final Clock clock;
    private final String model;
    private final boolean base64;
    private Usage usage;

    GeminiEmbeddingTranslator(String provider, Clock clock, String model, boolean base64) {
        this.provider = provider;
        this.clock = clock;
        this.model = model;
        this.base64 = base64;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        Map<String, Object> root = JsonTree.responseObject(upstreamBody, provider);
        List<Object> vectors = new ArrayList<>();
        long tokens = 0;
        List<Object> embeddings = JsonTree.asArray(JsonTree.path(root, "embeddings"));
        List<Object> predictions = JsonTree.asArray(JsonTree.path(root, "predictions"));
        if (embeddings != null) {
            for (Object e : embeddings) {
                vectors.add(JsonTree.path(e, "values"));
            }
        } else if (predictions != null) {
            for (Object p : predictions) {
                vectors.add(JsonTree.path(p, "embeddings", "values"));
                tokens += JsonTree.asLong(JsonTree.path(p, "embeddings", "statistics", "token_count"), 0);
            }
        } else if (JsonTree.path(root, "embedding", "values") != null) {
            vectors.add(JsonTree.path(root, "embedding", "values"));
        } else {
            throw new TranslationException(provider + ": response has no embeddings");
        }
        List<Object> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            List<Object> values = JsonTree.asArray(vectors.get(i));
            if (values == null) {
                throw new TranslationException(provider + ": embedding " + i + " has no values");
            }
            Map<String, Object> d = JsonTree.object();
            d.put("object", "embedding");
            d.put("index", (long) i);
            d.put("embedding", base64 ? pack(values) : values);
            data.add(d);
        }
        usage = Usage.of(tokens, 0, tokens, 0);
        Map<String, Object> u = JsonTree.object();
        u.put("prompt_tokens", tokens);
        u.put("total_tokens", tokens);
        Map<String, Object> out = JsonTree.object();
        out.put("object", "list");
        out.put("data", data);
        out.put("model", model);
        out.put("usage", u);
        return JsonTree.toByteBuf(out, alloc);
    }

    private static String pack(List<Object> values) throws TranslationException {
        ByteBuffer b = ByteBuffer.allocate(values.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (Object v : values) {
            if (!(v instanceof JsonTree.Num n)) {
                throw new TranslationException("embedding value is not a number");
            }
            b.putFloat((float) n.asDouble());
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    @Override
    public void translateEvent(ByteBuf upstreamEvent, ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException {
        throw new TranslationException(provider + ": embeddings do not stream");
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        return StreamEnd.TRUNCATED; // embeddings never stream
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return GeminiErrors.translate(provider, clock, status, headers, body, alloc);
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
