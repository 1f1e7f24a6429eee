package io.llmgateway.adapters.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import io.llmgateway.adapters.internal.ChatChunks;
import io.llmgateway.adapters.internal.ChatResponseTranslator;
import io.llmgateway.adapters.internal.JsonModeTool;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bedrock Converse responses → OpenAI Chat Completions (reference 7.4–7.6): the response body
 * ({@link ConverseBody}), the ConverseStream event-stream messages one by one (here; each message
 * as {@code EventStreamSplitter} cut it), and error bodies ({@link BedrockErrors}).
 *
 * <p>Stream state machine, over the fields {@link ConverseStreamEvent} reads: {@code messageStart}
 * → role chunk; text deltas → content chunks; a {@code toolUse} block start → the tool call's
 * first fragment (OpenAI index counts tool calls only); {@code toolUse.input} deltas → argument
 * fragments, {@code "{}"} at the block's stop when it had none; in JSON mode the forced tool's block
 * ({@link JsonModeTool}) is no tool call: its input fragments are content chunks, and its
 * {@code tool_use} stop is the finish reason {@code stop}; reasoning deltas →
 * {@code reasoning_content}; {@code messageStop} → the one finish chunk; {@code metadata} (after
 * the stop) → usage chunk (if asked) and {@code [DONE]}; unknown events dropped; an exception or
 * error message → an in-stream OpenAI error event, and the stream is not complete. A stream that
 * ends after {@code messageStop} without {@code metadata} is complete, without usage.
 *
 * <p>Converse names no response id: the answer's id is minted per attempt. One instance per
 * attempt, confined to its event loop. Hot path (a text delta): the message's headers are matched
 * in place, its payload parsed by the thread's {@link StreamScratch} parser, one pooled buffer
 * written; no String is created.
 */
final class ConverseResponseTranslator extends ChatResponseTranslator {

    private static final int KIND_OTHER = 0;
    private static final int KIND_TOOL = 1;
    /** The JSON-mode tool ({@link JsonModeTool}): its input fragments are content. */
    private static final int KIND_JSON_TOOL = 2;
    private static final int KIND_MASK = 0x3;
    /** The block's tool call received argument fragments (no "{}" to add at its stop). */
    private static final int HAS_ARGUMENTS = 0x4;
    /** A tool block's OpenAI tool-call index, above the flags. */
    private static final int TOOL_SHIFT = 3;

    private final boolean jsonMode;
    private final String id = "bedrock-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final ConverseStreamEvent event = new ConverseStreamEvent(usage);

    private ChatChunks chunks;
    /** Per content block index: kind | HAS_ARGUMENTS | tool index << TOOL_SHIFT (one array per stream). */
    private int[] blocks = new int[4];
    private int toolCount;
    private boolean finishSent;
    private boolean complete;
    private boolean failed;

    ConverseResponseTranslator(String provider, Clock clock, boolean includeUsage, boolean jsonMode, String model) {
        super(provider, clock, includeUsage, model, false);
        this.jsonMode = jsonMode;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        return write(ConverseBody.toCompletion(JsonTree.responseObject(upstreamBody, provider), "chatcmpl-" + id,
                provider, clock, fallbackModel, jsonMode, usage), alloc);
    }

    @Override
    protected JsonParser parseEvent(StreamScratch s, ByteBuf message) throws IOException {
        return event.parse(s, message);
    }

    @Override
    protected boolean ignoresEvents() {
        return complete || failed;
    }

    @Override
    protected void readEvent(StreamScratch s, JsonParser p) throws IOException {
        event.read(s, p);
    }

    @Override
    protected void writeChunks(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException, TranslationException {
        ConverseStreamEvent e = event;
        if (e.failure) {
            failed = true;
            out.add(BedrockErrors.sseEvent(alloc, provider, e.exceptionType, e.errorMessage));
            return;
        }
        if (e.type == ConverseStreamEvent.OTHER) {
            return;
        }
        if (e.type == ConverseStreamEvent.MESSAGE_START) {
            if (chunks == null) {
                chunks = startChunks(id, fallbackModel, alloc, out);
            }
            return;
        }
        if (chunks == null) {
            throw new TranslationException(provider + ": stream event before messageStart");
        }
        switch (e.type) {
            case ConverseStreamEvent.BLOCK_START -> blockStart(e, s, alloc, out);
            case ConverseStreamEvent.BLOCK_DELTA -> blockDelta(e, s, alloc, out);
            case ConverseStreamEvent.BLOCK_STOP -> blockStop(e, s, alloc, out);
            case ConverseStreamEvent.MESSAGE_STOP -> {
                if (!finishSent) {
                    finishSent = true;
                    out.add(chunks.finish(alloc, ConverseBody.finishReason(e.stopReason, toolCount > 0)));
                }
            }
            case ConverseStreamEvent.METADATA -> {
                if (finishSent) {
                    chunks.complete(alloc, usage, out);
                    complete = true;
                }
            }
            default -> {
            }
        }
    }

    private void blockStart(ConverseStreamEvent e, StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException {
        int i = e.index;
        if (i < 0) {
            return;
        }
        if (i >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(i + 1, blocks.length * 2));
        }
        if (e.toolUseId != null && JsonModeTool.carriesAnswer(jsonMode, e.toolName)) {
            blocks[i] = KIND_JSON_TOOL;
        } else if (e.toolUseId != null && e.toolName != null) {
            int tool = toolCount++;
            blocks[i] = KIND_TOOL | tool << TOOL_SHIFT;
            out.add(chunks.toolStart(alloc, s, tool, e.toolUseId, e.toolName, ""));
        } else {
            blocks[i] = KIND_OTHER;
        }
    }

    private void blockDelta(ConverseStreamEvent e, StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException {
        int i = e.index;
        if (s.text.isEmpty()) {
            return;
        }
        switch (e.deltaType) {
            case ConverseStreamEvent.DELTA_TEXT -> ChatChunks.add(out, chunks.content(alloc, s, s.text));
            case ConverseStreamEvent.DELTA_REASONING -> ChatChunks.add(out, chunks.reasoning(alloc, s, s.text));
            case ConverseStreamEvent.DELTA_TOOL_INPUT -> {
                int kind = i >= 0 && i < blocks.length ? blocks[i] & KIND_MASK : KIND_OTHER;
                if (kind == KIND_TOOL) {
                    blocks[i] |= HAS_ARGUMENTS;
                    out.add(chunks.toolArguments(alloc, s, blocks[i] >>> TOOL_SHIFT, s.text));
                } else if (kind == KIND_JSON_TOOL) {
                    blocks[i] |= HAS_ARGUMENTS;
                    ChatChunks.add(out, chunks.content(alloc, s, s.text));
                }
            }
            default -> {
            }
        }
    }

    private void blockStop(ConverseStreamEvent e, StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException {
        int i = e.index;
        if (i < 0 || i >= blocks.length || (blocks[i] & HAS_ARGUMENTS) != 0) {
            return;
        }
        // A call without arguments still needs a JSON object: "{}" rather than "".
        int kind = blocks[i] & KIND_MASK;
        if (kind == KIND_TOOL) {
            out.add(chunks.toolArguments(alloc, s, blocks[i] >>> TOOL_SHIFT, "{}"));
        } else if (kind == KIND_JSON_TOOL) {
            ChatChunks.add(out, chunks.content(alloc, s, "{}"));
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (failed) {
            return StreamEnd.FAILED;
        }
        if (!complete && finishSent) {
            chunks.complete(alloc, usage, out);
            complete = true;
        }
        return complete ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return BedrockErrors.translate(provider, clock, status, headers, body, alloc);
    }
}
