package io.llmgateway.adapters.internal;

import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes OpenAI {@code chat.completion.chunk} events ({@code data: {...}\n\n}, never an
 * {@code event:} line) for one translated stream. The constant head of every chunk (id, object,
 * created, model) is encoded once; each chunk is then the head, one small delta and a constant tail.
 *
 * <p>Hot path: one pooled buffer per chunk, no other allocation. A text is either chars, escaped by
 * the thread's {@link StreamScratch} generator, or the escaped content of a provider's JSON string,
 * copied ({@link JsonText}); each text-writing method has both forms. Confined to the stream's
 * event loop.
 */
public final class ChatChunks {

    private static final byte[] CHOICE_OPEN = ascii(",\"choices\":[{\"index\":0,\"delta\":");
    private static final byte[] ROLE_DELTA = ascii("{\"role\":\"assistant\",\"content\":\"\"}");
    private static final byte[] EMPTY_DELTA = ascii("{}");
    private static final byte[] CONTENT_KEY = ascii("{\"content\":");
    private static final byte[] REASONING_KEY = ascii("{\"reasoning_content\":");
    private static final byte[] TOOL_INDEX = ascii("{\"tool_calls\":[{\"index\":");
    private static final byte[] TOOL_ID = ascii(",\"id\":");
    private static final byte[] TOOL_NAME = ascii(",\"type\":\"function\",\"function\":{\"name\":");
    private static final byte[] TOOL_ARGS = ascii(",\"arguments\":");
    private static final byte[] TOOL_ARGS_ONLY = ascii(",\"function\":{\"arguments\":");
    private static final byte[] TOOL_CLOSE = ascii("}}]}");
    private static final byte[] TAIL_NO_FINISH = ascii(",\"logprobs\":null,\"finish_reason\":null}]");
    private static final byte[] TAIL_FINISH = ascii(",\"logprobs\":null,\"finish_reason\":\"");
    private static final byte[] USAGE_NULL = ascii(",\"usage\":null");
    private static final byte[] EMPTY_CHOICES_USAGE = ascii(",\"choices\":[],\"usage\":");
    private static final byte[] END = ascii("}\n\n");

    private static final byte[] TEXT_OPEN = ascii(",\"choices\":[{\"text\":");
    private static final byte[] TEXT_TAIL = ascii(",\"index\":0,\"logprobs\":null,\"finish_reason\":");

    private final byte[] head;
    private final boolean includeUsage;
    private final boolean textCompletion;

    /**
     * @param includeUsage the client asked for {@code stream_options.include_usage}: every chunk
     *                     then carries {@code "usage":null} and {@link #usage} is sent at the end
     */
    public ChatChunks(String id, long created, String model, boolean includeUsage) {
        this(id, created, model, includeUsage, false);
    }

    /**
     * @param textCompletion write legacy {@code text_completion} chunks ({@code choices[].text}, no
     *                       role chunk, no tool calls, id prefix {@code cmpl-}) for
     *                       {@code /v1/completions} served by a chat provider
     */
    public ChatChunks(String id, long created, String model, boolean includeUsage, boolean textCompletion) {
        this.textCompletion = textCompletion;
        if (textCompletion && id.startsWith("chatcmpl-")) {
            id = "cmpl-" + id.substring("chatcmpl-".length());
        }
        ByteBuf b = io.netty.buffer.Unpooled.buffer(96 + id.length() + model.length());
        try {
            ByteBufUtil.writeAscii(b, "data: {\"id\":");
            io.llmgateway.codec.error.OpenAiErrors.writeJsonString(b, id);
            ByteBufUtil.writeAscii(b, textCompletion ? ",\"object\":\"text_completion\",\"created\":"
                    : ",\"object\":\"chat.completion.chunk\",\"created\":");
            ByteBufUtil.writeAscii(b, Long.toString(created));
            ByteBufUtil.writeAscii(b, ",\"model\":");
            io.llmgateway.codec.error.OpenAiErrors.writeJsonString(b, model);
            head = ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
        this.includeUsage = includeUsage;
    }

    public boolean includeUsage() {
        return includeUsage;
    }

    /** The first chunk: {@code {"role":"assistant","content":""}}; null for text completions. */
    public ByteBuf role(ByteBufAllocator alloc) {
        if (textCompletion) {
            return null;
        }
        ByteBuf out = open(alloc, 0);
        out.writeBytes(ROLE_DELTA);
        return close(out, null);
    }

    /** A content delta. */
    public ByteBuf content(ByteBufAllocator alloc, StreamScratch s, CharSequence text) throws IOException {
        return content(alloc, s, text, null, 0, text.length());
    }

    /** A content delta whose text is the escaped content {@code escaped[from, to)} of a provider's JSON string. */
    public ByteBuf content(ByteBufAllocator alloc, byte[] escaped, int from, int to) throws IOException {
        return content(alloc, null, null, escaped, from, to);
    }

    // The text is `text` (escaped by s's generator) when not null, else the escaped bytes src[from, to).
    private ByteBuf content(ByteBufAllocator alloc, StreamScratch s, CharSequence text, byte[] src, int from, int to)
            throws IOException {
        if (textCompletion) {
            ByteBuf out = alloc.buffer(head.length + to - from + 96);
            boolean ok = false;
            try {
                out.writeBytes(head);
                out.writeBytes(TEXT_OPEN);
                writeText(out, s, text, src, from, to);
                out.writeBytes(TEXT_TAIL);
                ByteBufUtil.writeAscii(out, "null}]");
                ok = true;
            } finally {
                if (!ok) {
                    out.release();
                }
            }
            return end(out);
        }
        return textDelta(alloc, s, CONTENT_KEY, text, src, from, to);
    }

    /** A non-standard {@code reasoning_content} delta (thinking text; LiteLLM/DeepSeek convention); null for text completions. */
    public ByteBuf reasoning(ByteBufAllocator alloc, StreamScratch s, CharSequence text) throws IOException {
        if (textCompletion) {
            return null;
        }
        return textDelta(alloc, s, REASONING_KEY, text, null, 0, text.length());
    }

    /** A {@code reasoning_content} delta whose text is the escaped content {@code escaped[from, to)}; null for text completions. */
    public ByteBuf reasoning(ByteBufAllocator alloc, byte[] escaped, int from, int to) throws IOException {
        if (textCompletion) {
            return null;
        }
        return textDelta(alloc, null, REASONING_KEY, null, escaped, from, to);
    }

    private ByteBuf textDelta(ByteBufAllocator alloc, StreamScratch s, byte[] key, CharSequence text, byte[] src,
            int from, int to) throws IOException {
        ByteBuf out = open(alloc, to - from + 16);
        boolean ok = false;
        try {
            out.writeBytes(key);
            writeText(out, s, text, src, from, to);
            out.writeByte('}');
            ok = true;
        } finally {
            if (!ok) {
                out.release();
            }
        }
        return close(out, null);
    }

    /** The first fragment of a tool call: index, id, type, name and (usually empty) arguments. */
    public ByteBuf toolStart(ByteBufAllocator alloc, StreamScratch s, int index, String id, String name,
            CharSequence arguments) throws IOException {
        ByteBuf out = open(alloc, id.length() + name.length() + arguments.length() + 64);
        boolean ok = false;
        try {
            out.writeBytes(TOOL_INDEX);
            writeIndex(out, index);
            out.writeBytes(TOOL_ID);
            s.writeString(out, id);
            out.writeBytes(TOOL_NAME);
            s.writeString(out, name);
            out.writeBytes(TOOL_ARGS);
            writeText(out, s, arguments, null, 0, arguments.length());
            out.writeBytes(TOOL_CLOSE);
            ok = true;
        } finally {
            if (!ok) {
                out.release();
            }
        }
        return close(out, null);
    }

    /** A later fragment of a tool call's JSON-string arguments. */
    public ByteBuf toolArguments(ByteBufAllocator alloc, StreamScratch s, int index, CharSequence fragment)
            throws IOException {
        return toolArguments(alloc, s, index, fragment, null, 0, fragment.length());
    }

    /** A later fragment of a tool call's arguments, the escaped content {@code escaped[from, to)} of a provider's JSON string. */
    public ByteBuf toolArguments(ByteBufAllocator alloc, int index, byte[] escaped, int from, int to) throws IOException {
        return toolArguments(alloc, null, index, null, escaped, from, to);
    }

    private ByteBuf toolArguments(ByteBufAllocator alloc, StreamScratch s, int index, CharSequence fragment, byte[] src,
            int from, int to) throws IOException {
        ByteBuf out = open(alloc, to - from + 48);
        boolean ok = false;
        try {
            out.writeBytes(TOOL_INDEX);
            writeIndex(out, index);
            out.writeBytes(TOOL_ARGS_ONLY);
            writeText(out, s, fragment, src, from, to);
            out.writeBytes(TOOL_CLOSE);
            ok = true;
        } finally {
            if (!ok) {
                out.release();
            }
        }
        return close(out, null);
    }

    /** The finish chunk: empty delta and the OpenAI finish reason. */
    public ByteBuf finish(ByteBufAllocator alloc, String finishReason) {
        if (textCompletion) {
            ByteBuf out = alloc.buffer(head.length + 96);
            out.writeBytes(head);
            out.writeBytes(TEXT_OPEN);
            out.writeByte('"').writeByte('"');
            out.writeBytes(TEXT_TAIL);
            out.writeByte('"');
            ByteBufUtil.writeAscii(out, finishReason);
            ByteBufUtil.writeAscii(out, "\"}]");
            return end(out);
        }
        ByteBuf out = open(alloc, 16);
        out.writeBytes(EMPTY_DELTA);
        return close(out, finishReason);
    }

    /** The usage chunk ({@code "choices":[]}), sent after the finish chunk when asked for. */
    public ByteBuf usage(ByteBufAllocator alloc, UsageCounts usage) {
        ByteBuf out = alloc.buffer(head.length + 160);
        out.writeBytes(head);
        out.writeBytes(EMPTY_CHOICES_USAGE);
        usage.write(out);
        out.writeBytes(END);
        return out;
    }

    /**
     * The end of a complete stream: the usage chunk when the client asked for it and the provider
     * reported usage, then {@code [DONE]}.
     */
    public void complete(ByteBufAllocator alloc, UsageCounts usage, java.util.List<ByteBuf> out) {
        if (includeUsage && usage.isKnown()) {
            out.add(usage(alloc, usage));
        }
        out.add(done(alloc));
    }

    /** {@code data: [DONE]}. */
    public static ByteBuf done(ByteBufAllocator alloc) {
        return SseEvents.done(alloc);
    }

    private static void writeText(ByteBuf out, StreamScratch s, CharSequence text, byte[] src, int from, int to)
            throws IOException {
        if (text == null) {
            JsonText.writeString(out, src, from, to);
        } else if (text instanceof CharBuf c) {
            s.writeString(out, c.array(), 0, c.length());
        } else {
            s.writeString(out, text.toString());
        }
    }

    // Integer.toString without the String: a tool index is small and non-negative.
    private static void writeIndex(ByteBuf out, int index) {
        if (index < 10) {
            out.writeByte('0' + index);
        } else {
            ByteBufUtil.writeAscii(out, Integer.toString(index));
        }
    }

    private ByteBuf open(ByteBufAllocator alloc, int deltaHint) {
        ByteBuf out = alloc.buffer(head.length + CHOICE_OPEN.length + deltaHint + 64);
        out.writeBytes(head);
        out.writeBytes(CHOICE_OPEN);
        return out;
    }

    private ByteBuf end(ByteBuf out) {
        if (includeUsage) {
            out.writeBytes(USAGE_NULL);
        }
        out.writeBytes(END);
        return out;
    }

    /** Adds {@code chunk} to {@code out} unless it is null (a chunk the stream's shape does not have). */
    public static void add(java.util.List<ByteBuf> out, ByteBuf chunk) {
        if (chunk != null) {
            out.add(chunk);
        }
    }

    private ByteBuf close(ByteBuf out, String finishReason) {
        if (finishReason == null) {
            out.writeBytes(TAIL_NO_FINISH);
        } else {
            out.writeBytes(TAIL_FINISH);
            ByteBufUtil.writeAscii(out, finishReason);
            out.writeByte('"').writeByte('}').writeByte(']');
        }
        if (includeUsage) {
            out.writeBytes(USAGE_NULL);
        }
        out.writeBytes(END);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
