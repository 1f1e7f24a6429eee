package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of a chat provider to a translated Messages request, back in Anthropic's shapes: the
 * provider's own translator ({@code chat}, which makes chat completions of whatever the provider
 * speaks) runs first, then the chat body becomes a Message ({@link MessageBody}) and the chat
 * chunks Messages events ({@link MessagesStream}).
 *
 * <pre>
 *   provider bytes --chat translator--> chat body / chunks --MessageBody / MessagesStream--> Message / events
 * </pre>
 *
 * <p>Errors stay in OpenAI's shape here, classified by the chat translator (which knows the
 * provider's errors, and whether the prompt was too long): the gateway writes every error of a
 * Messages request in Anthropic's shape at one place, on its way to the client. One instance per
 * attempt, confined to its event loop.
 */
final class MessagesResponseTranslator implements ResponseTranslator {

    private final ResponseTranslator chat;
    private final String provider;
    private final MessagesStream stream = new MessagesStream();
    private final UsageCounts bodyUsage = new UsageCounts();
    /** The chat translator's events of one upstream event; reused (confined to the loop). */
    private final List<ByteBuf> chunks = new ArrayList<>(4);

    MessagesResponseTranslator(ResponseTranslator chat, String provider) {
        this.chat = chat;
        this.provider = provider;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        ByteBuf chatBody = chat.translateBody(upstreamBody, alloc);
        try {
            return MessageBody.fromChat(chatBody, provider, bodyUsage, alloc);
        } finally {
            chatBody.release();
        }
    }

    @Override
    public void translateEvent(ByteBuf upstreamEvent, ByteBufAllocator alloc, List<ByteBuf> out)
            throws TranslationException {
        chat.translateEvent(upstreamEvent, alloc, chunks);
        translateChunks(alloc, out);
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        StreamEnd chatEnd = chat.endOfStream(alloc, chunks);
        try {
            translateChunks(alloc, out);
        } catch (TranslationException e) {
            return StreamEnd.TRUNCATED;
        }
        if (stream.failed() || chatEnd == StreamEnd.FAILED) {
            return StreamEnd.FAILED;
        }
        return stream.done() ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    private void translateChunks(ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException {
        try {
            for (int i = 0; i < chunks.size(); i++) {
                ByteBuf chunk = chunks.get(i);
                chunks.set(i, null);
                try {
                    ByteBuf events = stream.translate(chunk, alloc);
                    if (events != null) {
                        out.add(events);
                    }
                } finally {
                    chunk.release();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TranslationException(provider + ": a stream chunk could not be translated to Messages events: "
                    + e.getMessage());
        } finally {
            for (ByteBuf left : chunks) {
                if (left != null) {
                    left.release();
                }
            }
            chunks.clear();
        }
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return chat.translateError(status, headers, body, alloc);
    }

    @Override
    public Usage usage() {
        if (stream.usage().isKnown()) {
            return stream.usage().toUsage();
        }
        if (bodyUsage.isKnown()) {
            return bodyUsage.toUsage();
        }
        return chat.usage();
    }
}
