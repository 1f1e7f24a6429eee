package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonCursor;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Relays Anthropic's answer to a client that speaks Messages itself ({@code /v1/messages} to an
 * Anthropic provider): bodies and events go to the client as the provider sent them (retained
 * duplicates, no copy); only the usage is read, for limits, cost and logs, and whether the stream
 * ended with {@code message_stop} (complete) or an {@code error} event (failed). Errors are relayed
 * in Anthropic's shape with the provider's status (a 529 stays a 529, which Anthropic's SDKs retry),
 * classified for the core (a prompt too long for the model goes to a context-window fallback).
 *
 * <p>Hot path: a {@code content_block_*} event, nearly every event of a stream, costs a prefix
 * comparison; the others (message_start, message_delta, message_stop, error: a handful per
 * stream) are parsed for their usage. One instance per attempt, confined to its event loop.
 */
final class AnthropicMessagesRelay implements ResponseTranslator {

    private static final byte[] CONTENT_BLOCK = "event: content_block_".getBytes(StandardCharsets.US_ASCII);

    private final String provider;
    private final Clock clock;
    private final UsageCounts usage = new UsageCounts();
    private final AnthropicStreamEvent event = new AnthropicStreamEvent(usage);
    private boolean stopped;
    private boolean failed;

    AnthropicMessagesRelay(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
        try {
            Map<String, Object> u = JsonTree.asObject(JsonTree.path(JsonTree.parse(upstreamBody), "usage"));
            if (u != null) {
                AnthropicUsage.fromBody(u, usage);
            }
        } catch (IOException e) {
            // Usage is best effort: the body goes to the client as the provider sent it.
        }
        return upstreamBody.retainedDuplicate();
    }

    @Override
    public void translateEvent(ByteBuf upstreamEvent, ByteBufAllocator alloc, List<ByteBuf> out) {
        if (!startsWith(upstreamEvent, CONTENT_BLOCK)) {
            read(upstreamEvent);
        }
        out.add(upstreamEvent.retainedDuplicate());
    }

    private void read(ByteBuf upstreamEvent) {
        try {
            JsonCursor c = StreamScratch.get().cursorEvent(upstreamEvent);
            if (c == null) {
                return;
            }
            event.read(c);
            if (event.type == AnthropicStreamEvent.MESSAGE_STOP) {
                stopped = true;
            } else if (event.type == AnthropicStreamEvent.ERROR) {
                failed = true;
            }
        } catch (IOException e) {
            // Not ours to judge: the event goes to the client as the provider sent it.
        }
    }

    private static boolean startsWith(ByteBuf b, byte[] prefix) {
        int at = b.readerIndex();
        if (b.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (failed) {
            return StreamEnd.FAILED;
        }
        return stopped ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        String type = null;
        String message = null;
        try {
            Object root = JsonTree.parse(body);
            type = JsonTree.asString(JsonTree.path(root, "error", "type"));
            message = JsonTree.asString(JsonTree.path(root, "error", "message"));
        } catch (IOException | RuntimeException e) {
            message = ErrorMapper.excerpt(body);
        }
        Kind kind = AnthropicErrors.kindOf(type, message, status);
        long retryAfter = RetryAfter.millis(headers, clock.millis());
        if (type == null) {
            // Not Anthropic's shape (a proxy's page): the gateway's error says what happened.
            return ErrorMapper.error(alloc, kind, provider, message, null, null, retryAfter);
        }
        return new UpstreamError(status, body.retainedDuplicate(), retryAfter,
                ErrorMapper.classification(kind, kind.code()));
    }

    @Override
    public Usage usage() {
        return usage.toUsage();
    }
}
