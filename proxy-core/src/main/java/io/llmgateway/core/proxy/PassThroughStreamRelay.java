package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEventSplitter;
import io.llmgateway.codec.sse.SseEvents;
import io.llmgateway.core.routing.Deployment;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Relays an OpenAI event stream unchanged: each event goes to the client as a retained slice of
 * what the upstream sent, as soon as it is complete. The stream must end with {@code [DONE]};
 * nothing after it is relayed. An upstream error event ({@code data: {"error":...}}, or an
 * {@code event: error} in another dialect: {@link SseEvents#isErrorEvent}) is relayed as
 * the only error the client gets — the gateway's own in its place when it quotes the key's secret
 * ({@link ErrorEventFilter}) — and ends the stream without {@code [DONE]}.
 *
 * <pre>
 *   upstream chunk --SseEventSplitter--> events --> client   (usage read from the last usage event)
 * </pre>
 *
 * <p>Its usage is the provider's usage chunk when it sent one (the client asked for
 * {@code include_usage}, or the adapter asked for it: then the chunk is read and not relayed,
 * {@link io.llmgateway.codec.spi.UpstreamCall#usageAdded()}), else {@link StreamUsage}'s estimate
 * from the text relayed.
 *
 * <p>Hot path: per event one {@link DefaultHttpContent} wrapper and one byte scan that counts the
 * text and notes a usage object ({@link RelayedContent}); the event lists are the loop's
 * {@link RelayScratch}.
 */
final class PassThroughStreamRelay extends PassThroughRelay {

    private final SseEventSplitter splitter;
    private final Deployment deployment;
    private final StreamUsage streamUsage;
    private final boolean usageAdded;
    private boolean sawDone;

    /**
     * @param promptEstimate the request's prompt tokens as estimated from its size, for a stream without usage
     * @param usageAdded     the usage chunk was asked for by the gateway, not the client: it is not relayed
     */
    PassThroughStreamRelay(ClientOutput out, int maxEventBytes, Deployment deployment, long promptEstimate,
            boolean usageAdded, RelayEnd end) {
        super(out, end);
        this.splitter = new SseEventSplitter(maxEventBytes);
        this.deployment = deployment;
        this.streamUsage = new StreamUsage(promptEstimate);
        this.usageAdded = usageAdded;
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        List<ByteBuf> events = RelayScratch.events();
        try {
            splitter.split(content.content(), events);
        } catch (RuntimeException e) {
            RelayScratch.releaseAll(events);
            end.relayFailed(GatewayError.UPSTREAM_PROTOCOL_ERROR, "the upstream sent an invalid event stream: "
                    + e.getMessage());
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            ByteBuf event = events.get(i);
            if (sawDone) {
                event.release(); // nothing may follow [DONE]
                continue;
            }
            if (SseEvents.isDone(event)) {
                sawDone = true;
            } else if (SseEvents.isErrorEvent(event)) {
                // The upstream's own error is the only one the client gets; nothing after it is relayed.
                out.write(new DefaultHttpContent(ErrorEventFilter.shown(event, deployment, out.alloc())));
                for (int j = i + 1; j < events.size(); j++) {
                    events.get(j).release();
                }
                events.clear();
                end.relayFailed(null, null);
                return;
            } else if (streamUsage.text().onEvent(event)) {
                usage.onUsageEvent(event);
                if (usageAdded && RelayedUsage.hasEmptyChoices(event)) {
                    event.release(); // the gateway's own usage chunk: read, not the client's to see
                    continue;
                }
            }
            out.write(new DefaultHttpContent(event));
        }
        events.clear();
        if (last) {
            if (!sawDone) {
                end.relayFailed(GatewayError.UPSTREAM_STREAM_TRUNCATED,
                        "the upstream stream ended without [DONE]: the answer is incomplete");
                return;
            }
            end.relayed(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** The provider's usage chunk when it came (it is the final report); else the estimate. */
    @Override
    public Usage usage() {
        Usage reported = super.usage();
        return streamUsage.usage(reported, reported != null);
    }

    @Override
    public boolean usageEstimated() {
        return streamUsage.estimated();
    }

    @Override
    public void writeError(GatewayError error, String message) {
        out.write(new DefaultHttpContent(OpenAiErrors.sseEvent(out.alloc(), error, message)));
    }

    @Override
    public void release() {
        splitter.release();
        super.release();
    }
}
