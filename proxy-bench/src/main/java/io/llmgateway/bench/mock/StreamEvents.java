package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the server-sent events of one chat or legacy completion stream (providers.md 1.4, 1.6):
 * every chunk shares one {@code id} and {@code created}; chat starts with the role chunk; the
 * finish chunk carries {@code finish_reason: "stop"}; with {@code include_usage} every chunk has
 * {@code "usage":null} and a {@code choices: []} usage chunk precedes {@code [DONE]}. The constant
 * parts of a chunk are encoded once per stream.
 */
final class StreamEvents {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean chat;
    private final String escapedModel;
    private final byte[] head;
    private final byte[] tail;

    StreamEvents(Endpoint endpoint, String id, String model, long created, boolean includeUsage) {
        this.chat = endpoint == Endpoint.CHAT;
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

    /** Whether the stream opens with a role chunk (chat does, legacy completions do not). */
    boolean hasRoleEvent() {
        return chat;
    }

    ByteBuf role(ByteBufAllocator alloc) {
        return event(alloc, "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}");
    }

    /** The event carrying {@link MockContent#piece} {@code index}. */
    ByteBuf content(ByteBufAllocator alloc, int index) {
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

    ByteBuf finish(ByteBufAllocator alloc) {
        return event(alloc, chat
                ? "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}"
                : "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}");
    }

    /** The {@code choices: []} chunk with the stream's usage. */
    ByteBuf usage(ByteBufAllocator alloc, int completionTokens) {
        StringBuilder usage = new StringBuilder(320);
        if (chat) {
            OpenAiBodies.chatUsage(usage, completionTokens);
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

    static ByteBuf done(ByteBufAllocator alloc) {
        return alloc.buffer(DONE.length).writeBytes(DONE);
    }

    private ByteBuf event(ByteBufAllocator alloc, String choice) {
        ByteBuf out = alloc.buffer(head.length + choice.length() + tail.length);
        out.writeBytes(head);
        ByteBufUtil.writeAscii(out, choice);
        return out.writeBytes(tail);
    }
}
