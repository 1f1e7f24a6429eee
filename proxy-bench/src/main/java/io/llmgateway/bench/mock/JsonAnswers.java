package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The body of every non-stream answer, from {@link ResponseCache} where the answer depends only on
 * a few request fields, and the full HTTP responses that carry them.
 */
final class JsonAnswers {

    private record ChatKey(String model, int pieces, int minBytes, int cachedTokens) {
    }

    private record CompletionKey(String model, int pieces, int minBytes) {
    }

    private record EmbeddingsKey(String model, int inputs, int dimensions, boolean base64) {
    }

    private record ModelKey(String id) {
    }

    private record ErrorKey(int status) {
    }

    private static final Object MODELS_KEY = new Object();

    private final MockOptions options;
    private final ResponseCache cache;
    private final long created;

    JsonAnswers(MockOptions options, ResponseCache cache, long created) {
        this.options = options;
        this.cache = cache;
        this.created = created;
    }

    /** The success body for {@code request}; the caller owns it. */
    ByteBuf body(MockRequest request, ExchangeSettings s, ByteBufAllocator alloc) {
        String model = request.model();
        return switch (request.endpoint()) {
            case CHAT -> cache.body(new ChatKey(model, s.chunks(), s.bodyBytes(), s.cachedTokens()),
                    () -> OpenAiBodies.chatCompletion(model, s.chunks(), s.bodyBytes(), created, s.cachedTokens()),
                    alloc);
            case COMPLETIONS -> cache.body(new CompletionKey(model, s.chunks(), s.bodyBytes()),
                    () -> OpenAiBodies.textCompletion(model, s.chunks(), s.bodyBytes(), created), alloc);
            case EMBEDDINGS -> {
                int dims = request.dimensions() > 0 ? request.dimensions() : options.embeddingDimensions();
                yield cache.body(new EmbeddingsKey(model, request.inputs(), dims, request.base64()),
                        () -> OpenAiBodies.embeddings(model, request.inputs(), dims, request.base64()), alloc);
            }
            case MODELS -> cache.body(MODELS_KEY, () -> OpenAiBodies.models(options.models(), created), alloc);
            case MODEL -> {
                String id = Endpoint.modelId(request.path());
                yield cache.body(new ModelKey(id), () -> OpenAiBodies.model(id, created), alloc);
            }
            case UNKNOWN, RESPONSES -> throw new IllegalArgumentException("no body for " + request.path());
        };
    }

    /** The error body an injected {@code status} answers with; the caller owns it. */
    ByteBuf injectedError(int status, ByteBufAllocator alloc) {
        return cache.body(new ErrorKey(status),
                () -> OpenAiBodies.error(status, OpenAiBodies.injectedErrorMessage(status)), alloc);
    }

    /** A JSON response carrying {@code body}, with {@code retry-after} on 429. */
    FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (status.code() == 429) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, options.retryAfterSeconds());
        }
        return response;
    }
}
