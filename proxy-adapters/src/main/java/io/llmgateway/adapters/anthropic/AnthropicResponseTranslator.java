package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.anthropic.AnthropicStreamEvent.DELTA_JSON;
import static io.llmgateway.adapters.anthropic.AnthropicStreamEvent.DELTA_TEXT;
import static io.llmgateway.adapters.anthropic.AnthropicStreamEvent.DELTA_THINKING;

import io.llmgateway.adapters.internal.ChatChunks;
import io.llmgateway.adapters.internal.ChatResponseTranslator;
import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonCursor;
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

/**
 * Anthropic Messages responses → OpenAI Chat Completions (reference 3.4–3.6): the message body
 * ({@link AnthropicMessageBody}), the event stream event by event (here), and error bodies
 * ({@link AnthropicErrors}).
 *
 * <p>Stream state machine, over the fields {@link AnthropicStreamEvent} reads: {@code message_start}
 * → role chunk; text deltas → content chunks; {@code tool_use} block start → the tool call's first
 * fragment (OpenAI index counts tool calls only); {@code input_json_delta} → argument fragments;
 * {@code message_delta} → the one finish chunk; {@code message_stop} → usage chunk (if asked) and
 * {@code [DONE]}; {@code ping} and unknown events dropped; {@code error} → an in-stream OpenAI error
 * event, and the stream is not complete.
 *
 * <p>One instance per attempt, confined to its event loop. Hot path ({@code content_block_delta}):
 * the event is walked by the thread's {@link JsonCursor}, its text copied still escaped from the
 * event's bytes into one pooled buffer; no String is created, nothing is decoded or re-encoded.
 */
final class AnthropicResponseTranslator extends ChatResponseTranslator {

    // What a content block is, by its index: the low bits of its entry in blocks.
    private static final int KIND_OTHER = 0;
    private static final int KIND_TEXT = 1;
    private static final int KIND_TOOL = 2;
    private static final int KIND_JSON_TOOL = 3;
    private static final int KIND_THINKING = 4;
    private static final int KIND_MASK = 0x7;
    /** The block's tool call received argument fragments (no "{}" to add at its stop). */
    private static final int HAS_ARGUMENTS = 0x8;
    /** A tool block's OpenAI tool-call index, above the flags. */
    private static final int TOOL_SHIFT = 4;

    private final boolean jsonMode;
    private final AnthropicStreamEvent event = new AnthropicStreamEvent(usage);

    private ChatChunks chunks;
    /** Per content block index: kind | HAS_ARGUMENTS | tool index << TOOL_SHIFT (one array per stream). */
    private int[] blocks = new int[4];
    private int toolCount;
    private boolean finishSent;
    private boolean complete;
    private boolean failed;

    AnthropicResponseTranslator(String provider, Clock clock, boolean includeUsage, boolean jsonMode, String fallbackModel,
            boolean textCompletion) {
        super(provider, clock, includeUsage, fallbackModel, textCompletion);
        this.jsonMode = jsonMode;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        return write(AnthropicMessageBody.toCompletion(JsonTree.responseObject(upstreamBody, provider), provider, clock,
                fallbackModel, jsonMode, usage), alloc);
    }

    @Override
    protected boolean ignoresEvents() {
        return complete || failed;
    }

    @Override
    protected boolean readEvent(StreamScratch s, ByteBuf upstreamEvent) throws IOException {
        JsonCursor c = s.cursorEvent(upstreamEvent);
        if (c == null) {
            return false;
        }
        event.read(c);
        return true;
    }

    @Override
    protected void writeChunks(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException, TranslationException {
        AnthropicStreamEvent e = event;
        if (e.type == AnthropicStreamEvent.ERROR) {
            failed = true;
            Kind kind = AnthropicErrors.kindOf(e.errorType, e.errorMessage, 500);
            out.add(ErrorMapper.sseEvent(alloc, kind, provider, e.errorMessage, null));
            return;
        }
        if (e.type == AnthropicStreamEvent.PING || e.type == AnthropicStreamEvent.UNKNOWN) {
            return;
        }
        if (e.type == AnthropicStreamEvent.MESSAGE_START) {
            if (chunks == null) {
                chunks = startChunks(e.messageId != null ? e.messageId : "anthropic", e.model, alloc, out);
            }
            return;
        }
        if (chunks == null) {
            throw new TranslationException(provider + ": stream event before message_start");
        }
        switch (e.type) {
            case AnthropicStreamEvent.BLOCK_START -> blockStart(e, s, alloc, out);
            case AnthropicStreamEvent.BLOCK_DELTA -> blockDelta(e, alloc, out);
            case AnthropicStreamEvent.BLOCK_STOP -> blockStop(e, s, alloc, out);
            case AnthropicStreamEvent.MESSAGE_DELTA -> {
                if (e.stopReason != null && !finishSent) {
                    finishSent = true;
                    out.add(chunks.finish(alloc, AnthropicMessageBody.finishReason(e.stopReason, toolCount > 0)));
                }
            }
            case AnthropicStreamEvent.MESSAGE_STOP -> {
                if (!finishSent) {
                    finishSent = true;
                    out.add(chunks.finish(alloc, toolCount > 0 ? "tool_calls" : "stop"));
                }
                chunks.complete(alloc, usage, out);
                complete = true;
            }
            default -> {
            }
        }
    }

    private void blockStart(AnthropicStreamEvent e, StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
            throws IOException {
        int i = e.index;
        if (i < 0) {
            return;
        }
        if (i >= blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(i + 1, blocks.length * 2));
        }
        int block;
        if ("text".equals(e.blockType)) {
            block = KIND_TEXT;
            if (e.hasText()) {
                ChatChunks.add(out, chunks.content(alloc, e.bytes(), e.textStart(), e.textEnd()));
            }
        } else if ("tool_use".equals(e.blockType) && e.blockId != null && e.blockName != null) {
            if (JsonModeTool.carriesAnswer(jsonMode, e.blockName)) {
                block = KIND_JSON_TOOL;
            } else {
                int tool = toolCount++;
                block = KIND_TOOL | tool << TOOL_SHIFT;
                out.add(chunks.toolStart(alloc, s, tool, e.blockId, e.blockName, ""));
            }
        } else if ("thinking".equals(e.blockType)) {
            block = KIND_THINKING;
            if (e.hasText()) {
                ChatChunks.add(out, chunks.reasoning(alloc, e.bytes(), e.textStart(), e.textEnd()));
            }
        } else {
            block = KIND_OTHER; // redacted thinking, server tools and their results: not expressible
        }
        blocks[i] = block;
    }

    private void blockDelta(AnthropicStreamEvent e, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        int i = e.index;
        if (i < 0 || i >= blocks.length || !e.hasText()) {
            return;
        }
        int kind = blocks[i] & KIND_MASK;
        byte[] b = e.bytes();
        if (e.deltaType == DELTA_TEXT && kind == KIND_TEXT) {
            ChatChunks.add(out, chunks.content(alloc, b, e.textStart(), e.textEnd()));
        } else if (e.deltaType == DELTA_JSON && kind == KIND_TOOL) {
            blocks[i] |= HAS_ARGUMENTS;
            out.add(chunks.toolArguments(alloc, blocks[i] >>> TOOL_SHIFT, b, e.textStart(), e.textEnd()));
        } else if (e.deltaType == DELTA_JSON && kind == KIND_JSON_TOOL) {
            blocks[i] |= HAS_ARGUMENTS;
            ChatChunks.add(out, chunks.content(alloc, b, e.textStart(), e.textEnd()));
        } else if (e.deltaType == DELTA_THINKING && kind == KIND_THINKING) {
            ChatChunks.add(out, chunks.reasoning(alloc, b, e.textStart(), e.textEnd()));
        }
    }

    private void blockStop(AnthropicStreamEvent e, StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out)
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
        return failed ? StreamEnd.FAILED : complete ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return AnthropicErrors.translate(provider, clock, status, headers, body, alloc);
    }
}
