package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEventSplitter;
import io.llmgateway.codec.sse.SseEvents;
import io.llmgateway.codec.stream.StreamSplitter;
import io.llmgateway.core.routing.Deployment;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Relays the event stream of a translating adapter (Anthropic, Gemini; Azure and Bedrock for their
 * small fixes): each upstream event is handed to the adapter's {@link ResponseTranslator} and what
 * it makes of it goes to the client at once. The translator judges the end: complete (its closing
 * events are sent), truncated (the client gets an in-stream error), or failed (the upstream's error
 * was already translated into an error event — or, when it quoted the key's secret, replaced by
 * the gateway's own: {@link ErrorEventFilter}).
 *
 * <pre>
 *   upstream chunk --StreamSplitter--> events --translateEvent--> client events
 * </pre>
 *
 * <p>The splitter is the response's framing: server-sent events, or the binary AWS event stream of
 * Bedrock's ConverseStream ({@code StreamFraming}), whose messages the translator reads whole.
 *
 * <p>Its usage is the translator's once the stream completed (the provider's final counts); a
 * stream cut short is estimated by {@link StreamUsage} from the translator's partial counts
 * (Anthropic's {@code message_start}, Gemini's running {@code usageMetadata}) and the text relayed.
 *
 * <p>Hot path: per event the translator's output and one {@link DefaultHttpContent} per client
 * event, a look at the first bytes of each client event for an error ({@link SseEvents#isErrorEvent})
 * and a byte scan counting its text ({@link RelayedContent}); the event lists are the loop's
 * {@link RelayScratch}.
 */
final class TranslatedStreamRelay implements ResponseRelay {

    private final ClientOutput out;
    private final RelayEnd end;
    private final ResponseTranslator translator;
    private final StreamSplitter splitter;
    private final Deployment deployment;
    private final StreamUsage streamUsage;
    private boolean complete;

    /** A relay of server-sent events no longer than {@code maxEventBytes}. */
    TranslatedStreamRelay(ClientOutput out, int maxEventBytes, ResponseTranslator translator, Deployment deployment,
            long promptEstimate, RelayEnd end) {
        this(out, new SseEventSplitter(maxEventBytes), translator, deployment, promptEstimate, end);
    }

    /**
     * @param splitter       cuts the response's framing into events; the relay owns it
     * @param promptEstimate the request's prompt tokens as estimated from its size, for a stream cut short
     */
    TranslatedStreamRelay(ClientOutput out, StreamSplitter splitter, ResponseTranslator translator, Deployment deployment,
            long promptEstimate, RelayEnd end) {
        this.out = out;
        this.end = end;
        this.translator = translator;
        this.splitter = splitter;
        this.deployment = deployment;
        this.streamUsage = new StreamUsage(promptEstimate);
    }

    @Override
    public void onContent(HttpContent content, boolean last) {
        List<ByteBuf> events = RelayScratch.events();
        List<ByteBuf> translated = RelayScratch.translated();
        try {
            splitter.split(content.content(), events);
            for (int i = 0; i < events.size(); i++) {
                ByteBuf event = events.get(i);
                try {
                    translator.translateEvent(event, out.alloc(), translated);
                } finally {
                    event.release();
                    events.set(i, null);
                }
                writeAll(translated);
            }
            events.clear();
        } catch (TranslationException | RuntimeException e) {
            RelayScratch.releaseAll(events);
            RelayScratch.releaseAll(translated);
            end.relayFailed(GatewayError.RESPONSE_TRANSLATION_FAILED, "the gateway could not translate the upstream "
                    + "stream: " + e.getMessage());
            return;
        }
        if (last) {
            StreamEnd streamEnd = translator.endOfStream(out.alloc(), translated);
            writeAll(translated);
            complete = streamEnd == StreamEnd.COMPLETE;
            switch (streamEnd) {
                case COMPLETE -> end.relayed(LastHttpContent.EMPTY_LAST_CONTENT);
                case TRUNCATED -> end.relayFailed(GatewayError.UPSTREAM_STREAM_TRUNCATED,
                        "the upstream stream ended early: the answer is incomplete");
                case FAILED -> end.relayFailed(null, null);
            }
        }
    }

    private void writeAll(List<ByteBuf> translated) {
        boolean filter = ErrorEventFilter.active(deployment);
        for (int i = 0; i < translated.size(); i++) {
            ByteBuf event = translated.get(i);
            if (filter && SseEvents.isErrorEvent(event)) {
                event = ErrorEventFilter.shown(event, deployment, out.alloc());
            }
            streamUsage.text().onEvent(event);
            out.write(new DefaultHttpContent(event));
        }
        translated.clear();
    }

    @Override
    public void writeError(GatewayError error, String message) {
        out.write(new DefaultHttpContent(OpenAiErrors.sseEvent(out.alloc(), error, message)));
    }

    @Override
    public Usage usage() {
        return streamUsage.usage(translator.usage(), complete);
    }

    @Override
    public boolean usageEstimated() {
        return streamUsage.estimated();
    }

    @Override
    public void release() {
        splitter.release();
    }
}
