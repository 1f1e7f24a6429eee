package io.llmgateway.codec.stream;

import static io.netty.util.internal.ObjectUtil.checkPositive;

import io.llmgateway.codec.eventstream.EventStreamSplitter;
import io.llmgateway.codec.sse.SseEventSplitter;

/**
 * How a streamed upstream response is framed, told by its {@code content-type}: server-sent events
 * ({@code text/event-stream}, every OpenAI-shaped, Anthropic and Gemini stream) or AWS's binary
 * event stream ({@code application/vnd.amazon.eventstream}, Bedrock's ConverseStream).
 */
public enum StreamFraming {

    SSE("text/event-stream"),
    AWS_EVENT_STREAM("application/vnd.amazon.eventstream");

    private final String mediaType;

    StreamFraming(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The framing of a response with this {@code content-type} (parameters ignored), or null when it is not a stream. */
    public static StreamFraming of(CharSequence contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toString();
        for (StreamFraming f : values()) {
            if (type.regionMatches(true, 0, f.mediaType, 0, f.mediaType.length())
                    && (type.length() == f.mediaType.length() || type.charAt(f.mediaType.length()) == ';'
                    || type.charAt(f.mediaType.length()) == ' ')) {
                return f;
            }
        }
        return null;
    }

    /** The media type, without parameters. */
    public String mediaType() {
        return mediaType;
    }

    /** A splitter for one stream of this framing; {@code maxEventBytes} bounds one event (or message). */
    public StreamSplitter newSplitter(int maxEventBytes) {
        checkPositive(maxEventBytes, "maxEventBytes");
        return this == SSE ? new SseEventSplitter(maxEventBytes) : new EventStreamSplitter(maxEventBytes);
    }
}
