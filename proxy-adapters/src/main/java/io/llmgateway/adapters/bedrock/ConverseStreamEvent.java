package io.llmgateway.adapters.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.eventstream.EventStreamMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;

/**
 * The fields of one ConverseStream message (reference 7.5) as {@link ConverseResponseTranslator}
 * needs them: from the headers its kind ({@code :message-type}, {@code :event-type},
 * {@code :exception-type}), from the JSON payload the content block index, the delta's kind (its
 * text goes to the thread's {@code StreamScratch.text}), a tool block's id and name, the stop
 * reason and an exception's message; {@code metadata} usage goes straight to the translator's
 * {@link UsageCounts}.
 *
 * <p>One per translator, confined to its event loop; {@link #parse} and {@link #read} overwrite
 * the per-event fields. Hot path (a text delta): the headers are matched in place, the payload
 * handed to the thread's parser, the text copied as chars; no String is created.
 */
final class ConverseStreamEvent {

    static final int MESSAGE_START = 0;
    static final int BLOCK_START = 1;
    static final int BLOCK_DELTA = 2;
    static final int BLOCK_STOP = 3;
    static final int MESSAGE_STOP = 4;
    static final int METADATA = 5;
    /** Not one of the event types above: an exception, or an event this gateway does not know. */
    static final int OTHER = 6;
    private static final String[] EVENT_TYPES = {"messageStart", "contentBlockStart", "contentBlockDelta",
        "contentBlockStop", "messageStop", "metadata"};
    /** {@code :message-type} values, by the index {@link EventStreamMessage#match} answers. */
    private static final String[] MESSAGE_TYPES = {"event", "exception", "error"};

    static final int DELTA_OTHER = 0;
    static final int DELTA_TEXT = 1;
    static final int DELTA_TOOL_INPUT = 2;
    static final int DELTA_REASONING = 3;

    /** What an {@code error} message (no JSON payload, its error in headers) is parsed as. */
    private static final ByteBuf EMPTY_OBJECT = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'{', '}'}).asReadOnly());

    private final UsageCounts usage;

    int type;
    /** The message is an exception or error: {@link #exceptionType} and {@link #errorMessage} say which. */
    boolean failure;
    String exceptionType;
    String errorMessage;
    int index;
    int deltaType;
    String toolUseId;
    String toolName;
    String stopReason;

    ConverseStreamEvent(UsageCounts usage) {
        this.usage = usage;
    }

    /** Reads the headers of {@code message} and returns a parser before its payload's JSON document. */
    JsonParser parse(StreamScratch s, ByteBuf message) throws IOException {
        int messageType = EventStreamMessage.match(message, ":message-type", MESSAGE_TYPES);
        failure = messageType == 1 || messageType == 2;
        type = OTHER;
        exceptionType = null;
        errorMessage = null;
        if (messageType == 0) {
            int t = EventStreamMessage.match(message, ":event-type", EVENT_TYPES);
            type = t >= 0 ? t : OTHER;
        } else if (messageType == 1) {
            exceptionType = EventStreamMessage.string(message, ":exception-type");
        } else if (messageType == 2) {
            exceptionType = EventStreamMessage.string(message, ":error-code");
            errorMessage = EventStreamMessage.string(message, ":error-message");
            return s.parse(EMPTY_OBJECT);
        }
        ByteBuf payload = EventStreamMessage.payload(message);
        return s.parse(payload.isReadable() ? payload : EMPTY_OBJECT);
    }

    /** Reads the payload's JSON document (the parser before its first token). */
    void read(StreamScratch s, JsonParser p) throws IOException {
        index = -1;
        deltaType = DELTA_OTHER;
        toolUseId = null;
        toolName = null;
        stopReason = null;
        s.text.clear();
        if (StreamScratch.next(p) != JsonToken.START_OBJECT) {
            throw new IOException("event payload is not an object");
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            switch (name) {
                case "contentBlockIndex" -> index = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "delta" -> readDelta(p, s, v);
                case "start" -> readStart(p, v);
                case "stopReason" -> stopReason = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "usage" -> {
                    if (type == METADATA) {
                        ConverseUsage.read(p, v, usage);
                    } else {
                        StreamScratch.skip(p);
                    }
                }
                case "message", "Message" -> {
                    if (failure && v == JsonToken.VALUE_STRING) {
                        errorMessage = p.getText();
                    } else {
                        StreamScratch.skip(p);
                    }
                }
                default -> StreamScratch.skip(p);
            }
        }
        s.finish(p);
    }

    private void readDelta(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            switch (name) {
                case "text" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        deltaType = DELTA_TEXT;
                        s.text.appendText(p);
                    }
                }
                case "toolUse" -> {
                    if (readStringField(p, s, t, "input")) {
                        deltaType = DELTA_TOOL_INPUT;
                    }
                }
                case "reasoningContent" -> {
                    if (readStringField(p, s, t, "text")) {
                        deltaType = DELTA_REASONING;
                    }
                }
                default -> StreamScratch.skip(p);
            }
        }
    }

    /** Copies the string field {@code field} of the object at the parser into the scratch text; whether it had one. */
    private static boolean readStringField(JsonParser p, StreamScratch s, JsonToken v, String field) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return false;
        }
        boolean found = false;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            if (name.equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
                s.text.appendText(p);
                found = true;
            } else {
                StreamScratch.skip(p);
            }
        }
        return found;
    }

    private void readStart(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            if (!name.equals("toolUse") || !StreamScratch.enterObject(p, p.currentToken())) {
                StreamScratch.skip(p);
                continue;
            }
            String field;
            while ((field = StreamScratch.nextField(p)) != null) {
                JsonToken t = p.currentToken();
                if (field.equals("toolUseId") && t == JsonToken.VALUE_STRING) {
                    toolUseId = p.getText();
                } else if (field.equals("name") && t == JsonToken.VALUE_STRING) {
                    toolName = p.getText();
                } else {
                    StreamScratch.skip(p);
                }
            }
        }
    }
}
