package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.OverChatTranslator;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;

/**
 * The answer of a chat provider to a translated Messages request, back in Anthropic's shapes: the
 * chat body becomes a Message ({@link MessageBody}) and the chat chunks Messages events
 * ({@link MessagesStream}), after the provider's own translator (see {@link OverChatTranslator}).
 * The gateway writes every error of a Messages request in Anthropic's shape at one place, on its
 * way to the client.
 */
final class MessagesResponseTranslator extends OverChatTranslator {

    private final MessagesStream stream = new MessagesStream();

    MessagesResponseTranslator(ResponseTranslator chat, String provider) {
        super(chat, provider, "Messages");
    }

    @Override
    protected ByteBuf fromChatBody(ByteBuf chatBody, ByteBufAllocator alloc) throws TranslationException {
        return MessageBody.fromChat(chatBody, provider, bodyUsage, alloc);
    }

    @Override
    protected ByteBuf fromChatChunk(ByteBuf chunk, ByteBufAllocator alloc) throws IOException {
        return stream.translate(chunk, alloc);
    }

    @Override
    protected UsageCounts streamUsage() {
        return stream.usage();
    }

    @Override
    protected boolean streamDone() {
        return stream.done();
    }

    @Override
    protected boolean streamFailed() {
        return stream.failed();
    }
}
