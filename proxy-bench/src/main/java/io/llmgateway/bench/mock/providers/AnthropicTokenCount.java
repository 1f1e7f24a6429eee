package io.llmgateway.bench.mock.providers;

import io.llmgateway.bench.mock.ExchangeSettings;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": n}} with {@code n} the
 * {@link AnthropicExchange#INPUT_TOKENS} every message answer reports, so that a test can tell the
 * provider's count from the gateway's estimate. Never a stream.
 */
final class AnthropicTokenCount implements MockExchange {

    private final AnthropicProtocol protocol;

    AnthropicTokenCount(AnthropicProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        FullHttpResponse r = ProviderHttp.json(200, ProviderHttp.JSON, "{\"input_tokens\":"
                + AnthropicExchange.INPUT_TOKENS + "}", alloc);
        protocol.headers(r.headers());
        return r;
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return protocol.injectedError(status, alloc);
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        throw new UnsupportedOperationException("count_tokens never streams");
    }
}
