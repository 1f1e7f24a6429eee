package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonParser;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The frame of a translating adapter's chat {@link ResponseTranslator} (Anthropic, Gemini): the
 * settings every translation has, the usage counted while reading, and the reading of a stream
 * whose events each carry one JSON document. Each event is parsed by the thread's
 * {@link StreamScratch} parser into the subclass's own fields ({@link #readEvent}), then written
 * as OpenAI chunks ({@link #writeChunks}); a failure of either step is a
 * {@link TranslationException} naming the provider, and the thread's parser or generator is
 * dropped so that the next stream starts clean.
 *
 * <pre>
 *   upstream event ──parseEvent──> readEvent (the event's fields) ──> writeChunks ──> OpenAI chunks
 * </pre>
 *
 * <p>One instance per attempt, confined to its event loop. Hot path ({@link #translateEvent}, once
 * per upstream event): it allocates nothing itself and must not block; subclasses keep to the same
 * (text is copied as chars into the scratch buffers, each chunk is one pooled buffer).
 */
public abstract class ChatResponseTranslator implements ResponseTranslator {

    /** The provider's id, first word of every error message. */
    protected final String provider;
    protected final Clock clock;
    /** The client asked for {@code stream_options.include_usage}. */
    protected final boolean includeUsage;
    /** The model named in the answer when the provider names none. */
    protected final String fallbackModel;
    /** The answer is a legacy {@code text_completion} ({@code /v1/completions} served by a chat API). */
    protected final boolean textCompletion;
    /** What the provider reported of usage so far, in OpenAI's terms. */
    protected final UsageCounts usage = new UsageCounts();

    protected ChatResponseTranslator(String provider, Clock clock, boolean includeUsage, String fallbackModel,
            boolean textCompletion) {
        this.provider = provider;
        this.clock = clock;
        this.includeUsage = includeUsage;
        this.fallbackModel = fallbackModel;
        this.textCompletion = textCompletion;
    }

    @Override
    public final void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException {
        if (ignoresEvents()) {
            return;
        }
        StreamScratch s = StreamScratch.get();
        try {
            if (!readEvent(s, event)) {
                return; // comment or heartbeat
            }
        } catch (IOException | RuntimeException e) {
            s.discardParser();
            throw new TranslationException(provider + ": unreadable stream event", e);
        }
        try {
            writeChunks(s, alloc, out);
        } catch (IOException e) {
            s.discardGenerator();
            throw new TranslationException(provider + ": could not write a stream chunk", e);
        }
    }

    /**
     * Reads {@code event}'s JSON document into the subclass's fields; false when it carries none (a
     * comment, a heartbeat). By default with the thread's jackson parser ({@link #parseEvent}, then
     * {@link #readEvent(StreamScratch, JsonParser)}); a translator that reads with the thread's
     * allocation-free {@link JsonCursor} ({@link StreamScratch#cursorEvent}) overrides this instead.
     */
    protected boolean readEvent(StreamScratch s, ByteBuf event) throws IOException {
        JsonParser p = parseEvent(s, event);
        if (p == null) {
            return false;
        }
        readEvent(s, p);
        return true;
    }

    /**
     * A parser positioned before the JSON document of {@code event}, or null when the event carries
     * none (a comment, a heartbeat): the {@code data:} of a server-sent event. A framing of another
     * kind (Bedrock's binary event-stream messages) reads its own envelope here.
     */
    protected JsonParser parseEvent(StreamScratch s, ByteBuf event) throws IOException {
        return s.parseEvent(event);
    }

    /** Whether the stream is over for this translator (complete or failed): later events are dropped unread. */
    protected abstract boolean ignoresEvents();

    /**
     * Reads one event's JSON document (the parser is before its first token) into the subclass's
     * fields. Every translator that keeps the default {@link #readEvent(StreamScratch, ByteBuf)}
     * implements it.
     */
    protected void readEvent(StreamScratch s, JsonParser p) throws IOException {
        throw new IllegalStateException(getClass().getSimpleName() + " reads events with readEvent(StreamScratch, ByteBuf)"
                + " (expected: one of the two readEvent methods overridden)");
    }

    /** Writes the OpenAI chunks of the event just read into {@code out}. */
    protected abstract void writeChunks(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException, TranslationException;

    /**
     * The chunk writer of this stream ({@code chatcmpl-<id>}, created now, {@code model} or the
     * fallback), its role chunk added to {@code out}.
     */
    protected final ChatChunks startChunks(String id, String model, ByteBufAllocator alloc, List<ByteBuf> out) {
        ChatChunks chunks = new ChatChunks("chatcmpl-" + id, clock.millis() / 1000, model != null ? model : fallbackModel,
                includeUsage, textCompletion);
        ChatChunks.add(out, chunks.role(alloc));
        return chunks;
    }

    /** A translated non-stream answer as a new buffer owned by the caller, reshaped for a text completion. */
    protected final ByteBuf write(Map<String, Object> completion, ByteBufAllocator alloc) {
        return JsonTree.toByteBuf(textCompletion ? LegacyCompletions.toTextCompletion(completion) : completion, alloc);
    }

    @Override
    public final Usage usage() {
        return usage.toUsage();
    }
}
