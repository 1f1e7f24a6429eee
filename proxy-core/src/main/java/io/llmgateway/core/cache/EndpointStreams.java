package io.llmgateway.core.cache;

import io.llmgateway.adapters.messages.MessagesStreamReplay;
import io.llmgateway.adapters.responses.ResponsesStreamReplay;
import io.llmgateway.codec.spi.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the response cache knows of each operation's event stream: how a stored plain answer is
 * replayed as one (chat: {@link ChatStreamReplay}; Messages and Responses: by their live stream
 * translators, {@link MessagesStreamReplay}, {@link ResponsesStreamReplay}), and how a stream that
 * went out whole ends — {@code data: [DONE]} (chat, legacy completions), {@code message_stop}
 * (Messages), {@code response.completed} or {@code response.incomplete} (Responses). A stream cut
 * short, or ended by an error event ({@code error}, {@code response.failed}), is never stored.
 * Stateless.
 */
public final class EndpointStreams {

    private static final byte[] DONE = ascii("data: [DONE]");
    private static final byte[][] MESSAGES_ENDS = {ascii("event: message_stop"), ascii("event:message_stop")};
    private static final byte[][] RESPONSES_ENDS = {ascii("event: response.completed"),
            ascii("event:response.completed"), ascii("event: response.incomplete"), ascii("event:response.incomplete")};

    private EndpointStreams() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The event stream that answers a streaming request to {@code endpoint} from {@code json}, the
     * body a plain request got; null when it cannot (another operation, or not its answer's shape).
     *
     * @param includeUsage whether a chat client asked for the usage chunk
     *                     ({@code stream_options.include_usage}); the other streams always carry it
     */
    public static byte[] replay(Endpoint endpoint, byte[] json, boolean includeUsage) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> ChatStreamReplay.events(json, includeUsage);
            case MESSAGES -> MessagesStreamReplay.events(json);
            case RESPONSES -> ResponsesStreamReplay.events(json);
            default -> null;
        };
    }

    /**
     * Whether the first {@code length} bytes of {@code events}, a stream to {@code endpoint}, end as
     * a whole stream of that operation does.
     */
    public static boolean complete(Endpoint endpoint, byte[] events, int length) {
        int end = length;
        while (end > 0 && (events[end - 1] == '\n' || events[end - 1] == '\r' || events[end - 1] == ' ')) {
            end--;
        }
        return switch (endpoint) {
            case MESSAGES -> lastEventStartsWith(events, end, MESSAGES_ENDS);
            case RESPONSES -> lastEventStartsWith(events, end, RESPONSES_ENDS);
            default -> end >= DONE.length && Arrays.equals(events, end - DONE.length, end, DONE, 0, DONE.length);
        };
    }

    private static boolean lastEventStartsWith(byte[] events, int end, byte[][] openings) {
        int start = end;
        while (start > 0 && !(events[start - 1] == '\n' && start >= 2 && events[start - 2] == '\n')) {
            start--; // back to the blank line before the last event (CRLF streams are not cached)
        }
        for (byte[] opening : openings) {
            if (end - start >= opening.length
                    && Arrays.equals(events, start, start + opening.length, opening, 0, opening.length)) {
                return true;
            }
        }
        return false;
    }
}
