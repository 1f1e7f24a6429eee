package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An OpenAI request, reduced to what answering it needs, extracted while the request buffer is
 * still held so that no buffer outlives the read that delivered it.
 *
 * @param path the URI's path, without the query string
 * @param model the model to answer as: the request's {@code model}, or {@code mock-model} when the body has none
 * @param inputs how many embeddings an embeddings request asks for
 * @param dimensions the requested embedding length, or 0 for the default
 */
record MockRequest(
        OpenAiProtocol protocol,
        Endpoint endpoint,
        String path,
        String model,
        boolean stream,
        boolean includeUsage,
        int inputs,
        int dimensions,
        boolean base64) implements MockExchange {

    static final String DEFAULT_MODEL = "mock-model";

    @Override
    public boolean streaming() {
        return stream && (endpoint == Endpoint.CHAT || endpoint == Endpoint.COMPLETIONS);
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        return protocol.answers.response(HttpResponseStatus.OK, protocol.answers.body(this, settings, alloc));
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return protocol.answers.response(HttpResponseStatus.valueOf(status), protocol.answers.injectedError(status, alloc));
    }

    @Override
    public FullHttpResponse error(int status, String messageJson, ByteBufAllocator alloc) {
        return protocol.answers.response(HttpResponseStatus.valueOf(status),
                ByteBufUtil.writeUtf8(alloc, OpenAiBodies.errorWithJsonMessage(status, messageJson)));
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        String idPrefix = endpoint == Endpoint.CHAT ? OpenAiBodies.CHAT_ID : OpenAiBodies.COMPLETION_ID;
        return new StreamEvents(endpoint, idPrefix + '-' + protocol.nextStreamId(), model, protocol.created,
                includeUsage, settings.chunks(), settings.cachedTokens());
    }
}
