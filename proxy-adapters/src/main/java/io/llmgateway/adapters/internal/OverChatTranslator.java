package io.llmgateway.adapters.internal;

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
 * The answer of a chat provider to a request translated from another API (Anthropic's Messages,
 * OpenAI's Responses), back in that API's shapes: the provider's own translator ({@code chat},
 * which makes chat completions of whatever the provider speaks) runs first, then a subclass turns
 * the chat body and each chat chunk into its API's body and events.
 *
 * <pre>
 *   provider bytes --chat translator--> chat body / chunks --{@link #fromChatBody} / {@link ApiStream}--> body / events
 * </pre>
 *
 * <p>Errors stay in OpenAI's shape here, classified by the chat translator (which knows the
 * provider's errors, and whether the prompt was too long). One instance per attempt, confined to
 * its event loop; every chat chunk is released here, translated or not.
 */
public abstract class OverChatTranslator implements ResponseTranslator {

    protected final ResponseTranslator chat;
    protected final String provider;
    /** The usage the chat body said, read by {@link #fromChatBody}. */
    protected final UsageCounts bodyUsage = new UsageCounts();
    private final String api;
    /** The chat translator's events of one upstream event; reused (confined to the loop). */
    private final List<ByteBuf> chunks = new ArrayList<>(4);

    /** This API's side of one stream: chat chunks in, the API's events out. Confined to the loop. */
    public interface ApiStream {

        /** One chat chunk as this API's events, in a buffer the caller owns (null: none). {@code chunk} is borrowed. */
        ByteBuf translate(ByteBuf chunk, ByteBufAllocator alloc) throws IOException;

        /** The usage the stream reported so far; unknown until then. */
        UsageCounts usage();

        /** Whether the stream reached its API's end. */
        boolean done();

        /** Whether the stream ended with an error. */
        boolean failed();
    }

    private final ApiStream stream;

    /**
     * @param api    the API answered, for error messages ({@code Messages}, {@code Responses})
     * @param stream this API's side of the stream, if the answer is one
     */
    protected OverChatTranslator(ResponseTranslator chat, String provider, String api, ApiStream stream) {
        this.chat = chat;
        this.provider = provider;
        this.api = api;
        this.stream = stream;
    }

    /** The chat completion as this API's body; fills {@link #bodyUsage}. Does not release {@code chatBody}. */
    protected abstract ByteBuf fromChatBody(ByteBuf chatBody, ByteBufAllocator alloc) throws TranslationException;

    @Override
    public final ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        ByteBuf chatBody = chat.translateBody(upstreamBody, alloc);
        try {
            return fromChatBody(chatBody, alloc);
        } finally {
            chatBody.release();
        }
    }

    @Override
    public final void translateEvent(ByteBuf upstreamEvent, ByteBufAllocator alloc, List<ByteBuf> out)
            throws TranslationException {
        chat.translateEvent(upstreamEvent, alloc, chunks);
        translateChunks(alloc, out);
    }

    @Override
    public final StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
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
            throw new TranslationException(provider + ": a stream chunk could not be translated to " + api
                    + " events: " + e.getMessage());
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
    public final UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return chat.translateError(status, headers, body, alloc);
    }

    @Override
    public final Usage usage() {
        if (stream.usage().isKnown()) {
            return stream.usage().toUsage();
        }
        if (bodyUsage.isKnown()) {
            return bodyUsage.toUsage();
        }
        return chat.usage();
    }
}
