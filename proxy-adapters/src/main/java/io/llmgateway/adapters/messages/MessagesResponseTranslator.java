package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.OverChatTranslator;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The answer of a chat provider to a translated Messages request, back in Anthropic's shapes: the
 * chat body becomes a Message ({@link MessageBody}) and the chat chunks Messages events
 * ({@link MessagesStream}), after the provider's own translator (see {@link OverChatTranslator}).
 * The gateway writes every error of a Messages request in Anthropic's shape at one place, on its
 * way to the client.
 */
final class MessagesResponseTranslator extends OverChatTranslator {

    MessagesResponseTranslator(ResponseTranslator chat, String provider) {
        super(chat, provider, "Messages", new MessagesStream());
    }

    @Override
    protected ByteBuf fromChatBody(ByteBuf chatBody, ByteBufAllocator alloc) throws TranslationException {
        return MessageBody.fromChat(chatBody, provider, bodyUsage, alloc);
    }
}
