package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the server-sent events of one chat or legacy completion stream (providers.md 1.4, 1.6):
 * every chunk shares one {@code id} and {@code created}; chat starts with the role chunk; the
 * finish chunk carries {@code finish_reason: "stop"}; with {@code include_usage} every chunk has
 * {@code "usage":null} and a {@code choices: []} usage chunk precedes {@code [DONE]}. The constant
 * parts of a chunk are encoded once per stream.
 */
final class StreamEvents implements MockStream {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final String ERROR = "{\"error\":{\"message\":\"The server had an error while processing your "
            + "request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    private final boolean chat;
    private final boolean includeUsage;
    private final int chunks;
    private final int cachedTokens;
    private final String escapedModel;
    private final byte[] head;
    private final byte[] tail;

    StreamEvents(Endpoint endpoint, String id, String model, long created, boolean includeUsage, int chunks,
            int cachedTokens) {
        this.chat = endpoint == Endpoint.CHAT;
        this.includeUsage = includeUsage;
        this.chunks = chunks;
        this.cachedTokens = cachedTokens;
        this.escapedModel = JsonText.escape(model);
        StringBuilder h = new StringBuilder(160 + escapedModel.length());
        h.append("data: {\"id\":\"").append(id).append("\",\"object\":\"")
                .append(chat ? "chat.completion.chunk" : "text_completion")
                .append("\",\"created\":").append(created)
                .append(",\"model\":\"").append(escapedModel)
                .append("\",\"system_fingerprint\":\"").append(OpenAiBodies.FINGERPRINT).append("\",\"choices\":[");
        this.head = h.toString().getBytes(StandardCharsets.UTF_8);
        this.tail = (includeUsage ? "],\"usage\":null}\n\n" : "]}\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public CharSequence contentType() {
        return "text/event-stream; charset=utf-8";
    }

    /** Chat opens with the role chunk; legacy completions have none. */
    @Override
    public void start(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (chat) {
            out.add(event(alloc, "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                    + "\"logprobs\":null,\"finish_reason\":null}"));
        }
    }

    @Override
    public int pieces() {
        return chunks;
    }

    /** The event carrying {@link MockContent#piece} {@code index}. */
    @Override
    public ByteBuf piece(ByteBufAllocator alloc, int index) {
        ByteBuf out = alloc.buffer(head.length + tail.length + 96 + 2 * escapedModel.length());
        out.writeBytes(head);
        ByteBufUtil.writeAscii(out, chat ? "{\"index\":0,\"delta\":{\"content\":\"" : "{\"text\":\"");
        ByteBufUtil.writeUtf8(out, escapedModel);
        ByteBufUtil.writeAscii(out, ":");
        ByteBufUtil.writeAscii(out, Integer.toString(index));
        ByteBufUtil.writeAscii(out, chat
                ? " \"},\"logprobs\":null,\"finish_reason\":null}"
                : " \",\"index\":0,\"logprobs\":null,\"finish_reason\":null}");
        return out.writeBytes(tail);
    }

    /** The finish chunk, the usage chunk when asked, {@code [DONE]}. */
    @Override
    public void end(ByteBufAllocator alloc, List<ByteBuf> out) {
        out.add(finish(alloc));
        if (includeUsage) {
            out.add(usage(alloc, chunks));
        }
        out.add(alloc.buffer(DONE.length).writeBytes(DONE));
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc) {
        return errorEvent(alloc, ERROR);
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc, String messageJson) {
        return errorEvent(alloc, "{\"error\":{\"message\":\"" + messageJson
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
    }

    private static ByteBuf errorEvent(ByteBufAllocator alloc, String json) {
        ByteBuf out = alloc.buffer(json.length() + 8);
        ByteBufUtil.writeAscii(out, "data: ");
        ByteBufUtil.writeUtf8(out, json);
        ByteBufUtil.writeAscii(out, "\n\n");
        return out;
    }

    private ByteBuf finish(ByteBufAllocator alloc) {
        return event(alloc, chat
                ? "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}"
                : "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}");
    }

    /** The {@code choices: []} chunk with the stream's usage. */
    private ByteBuf usage(ByteBufAllocator alloc, int completionTokens) {
        StringBuilder usage = new StringBuilder(320);
        if (chat) {
            OpenAiBodies.chatUsage(usage, completionTokens, cachedTokens);
        } else {
            OpenAiBodies.plainUsage(usage, completionTokens);
        }
        ByteBuf out = alloc.buffer(head.length + usage.length() + 16);
        out.writeBytes(head);
        ByteBufUtil.writeAscii(out, "],\"usage\":");
        ByteBufUtil.writeAscii(out, usage);
        ByteBufUtil.writeAscii(out, "}\n\n");
        return out;
    }

    private ByteBuf event(ByteBufAllocator alloc, String choice) {
        ByteBuf out = alloc.buffer(head.length + choice.length() + tail.length);
        out.writeBytes(head);
        ByteBufUtil.writeAscii(out, choice);
        return out.writeBytes(tail);
    }
}
