package io.llmgateway.adapters.gemini;

import com.fasterxml.jackson.core.JsonParser;
import io.llmgateway.adapters.internal.ChatChunks;
import io.llmgateway.adapters.internal.ChatResponseTranslator;
import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gemini / Vertex {@code GenerateContentResponse} → OpenAI Chat Completions (reference 4.4, 4.5,
 * 5.5): the whole body ({@link GeminiResponseBody}), the {@code alt=sse} stream chunk by chunk
 * (here), and errors ({@link GeminiErrors}).
 *
 * <p>Stream state machine, over the fields {@link GeminiStreamChunk} reads: the first chunk gives
 * the role chunk (id {@code chatcmpl-<responseId>}); each chunk's text parts become one content
 * chunk (thought parts one {@code reasoning_content} chunk), each {@code functionCall} one complete
 * tool-call chunk with a minted id; the chunk with {@code finishReason} (or
 * {@code promptFeedback.blockReason}) gives the one finish chunk, after its content;
 * {@code usageMetadata} is cumulative and the last one wins ({@link GeminiUsage}). Gemini has no
 * terminal event: the usage chunk (if asked) and {@code [DONE]} are written at the end of the body,
 * and a stream that ended without a finish reason is reported as cut short. A
 * {@code {"error":...}} payload becomes an in-stream OpenAI error.
 *
 * <p>One instance per attempt, confined to its event loop. Hot path (a text chunk): parsed by the
 * thread's {@link StreamScratch}, text copied into its char buffers, no String created.
 */
final class GeminiChatTranslator extends ChatResponseTranslator {

    private final Supplier<String> callIds;
    private final GeminiUsage geminiUsage = new GeminiUsage(usage);
    private final GeminiStreamChunk chunk = new GeminiStreamChunk(geminiUsage);

    private ChatChunks chunks;
    private int toolCount;
    private boolean finished;
    private boolean failed;

    GeminiChatTranslator(String provider, Clock clock, Supplier<String> callIds, boolean includeUsage, String fallbackModel,
            boolean textCompletion) {
        super(provider, clock, includeUsage, fallbackModel, textCompletion);
        this.callIds = callIds;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        return write(GeminiResponseBody.toCompletion(JsonTree.responseObject(upstreamBody, provider), provider, callIds,
                clock, fallbackModel, geminiUsage), alloc);
    }

    @Override
    protected boolean ignoresEvents() {
        return failed;
    }

    @Override
    protected void readEvent(StreamScratch s, JsonParser p) throws IOException {
        chunk.read(s, p, chunks == null);
    }

    @Override
    protected void writeChunks(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        GeminiStreamChunk c = chunk;
        if (c.sawError) {
            failed = true;
            Kind kind = GeminiErrors.kind(c.errorCode == 0 ? 500 : c.errorCode, c.errorStatus, null, c.errorMessage, false);
            out.add(ErrorMapper.sseEvent(alloc, kind, provider, c.errorMessage, null));
            return;
        }
        if (finished) {
            return; // only usage may still change after the finish chunk
        }
        if (chunks == null) {
            chunks = startChunks(c.responseId != null ? c.responseId : callIds.get(), c.modelVersion, alloc, out);
        }
        if (!s.text2.isEmpty()) {
            ChatChunks.add(out, chunks.reasoning(alloc, s, s.text2));
        }
        if (!s.text.isEmpty()) {
            ChatChunks.add(out, chunks.content(alloc, s, s.text));
        }
        List<GeminiStreamChunk.FunctionCall> calls = c.calls;
        for (int i = 0; calls != null && i < calls.size(); i++) {
            GeminiStreamChunk.FunctionCall call = calls.get(i);
            out.add(chunks.toolStart(alloc, s, toolCount++, GeminiCallIds.mint(callIds, call.signature()), call.name(),
                    call.arguments()));
        }
        if (c.blockReason != null) {
            finished = true;
            out.add(chunks.finish(alloc, "content_filter"));
        } else if (c.finishReason != null) {
            finished = true;
            out.add(chunks.finish(alloc, toolCount > 0 ? "tool_calls" : GeminiResponseBody.finishReason(c.finishReason)));
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (failed) {
            return StreamEnd.FAILED;
        }
        if (!finished) {
            return StreamEnd.TRUNCATED;
        }
        chunks.complete(alloc, usage, out);
        return StreamEnd.COMPLETE;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return GeminiErrors.translate(provider, clock, status, headers, body, alloc);
    }
}
