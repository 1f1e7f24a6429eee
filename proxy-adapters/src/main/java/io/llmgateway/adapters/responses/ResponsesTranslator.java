package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.OverChatTranslator;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The answer of a chat provider to a translated Responses request, back in the Responses API's
 * shapes: the chat body becomes a Response ({@link ResponseBody}) and the chat chunks Responses
 * events ({@link ResponsesStream}), after the provider's own translator (see
 * {@link OverChatTranslator}). Errors keep OpenAI's error shape, which the Responses API shares.
 */
final class ResponsesTranslator extends OverChatTranslator {

    private final ResponseEcho echo;
    ResponsesTranslator(ResponseTranslator chat, String provider, ResponseEcho echo) {
        super(chat, provider, "Responses", new ResponsesStream(echo));
        this.echo = echo;
    }

    @Override
    protected ByteBuf fromChatBody(ByteBuf chatBody, ByteBufAllocator alloc) throws TranslationException {
        return ResponseBody.fromChat(chatBody, echo, provider, bodyUsage, alloc);
    }
}
