package io.llmgateway.adapters.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;

/**
 * The fields of one Anthropic stream event (reference 3.5) as {@link AnthropicResponseTranslator}
 * needs them: its type, the content block index, the delta's kind (its text goes to the thread's
 * {@code StreamScratch.text}), a started block's type, id and name, the message's id and model,
 * the stop reason, an error's type and message; {@code usage} counts go straight to the
 * translator's {@link UsageCounts}.
 *
 * <p>One per translator, confined to its event loop; {@link #read} overwrites the per-event
 * fields. Hot path (a text delta): the event type is matched on the parser's own char buffer and
 * the text is copied as chars; no String is created, nothing is allocated.
 */
final class AnthropicStreamEvent {

    static final int UNKNOWN = 0;
    static final int BLOCK_DELTA = 1;
    static final int BLOCK_START = 2;
    static final int BLOCK_STOP = 3;
    static final int MESSAGE_START = 4;
    static final int MESSAGE_DELTA = 5;
    static final int MESSAGE_STOP = 6;
    static final int PING = 7;
    static final int ERROR = 8;
    /** The event types by code - 1, the most frequent first. */
    private static final String[] TYPES = {"content_block_delta", "content_block_start", "content_block_stop",
        "message_start", "message_delta", "message_stop", "ping", "error"};

    static final int DELTA_OTHER = 0;
    static final int DELTA_TEXT = 1;
    static final int DELTA_JSON = 2;
    static final int DELTA_THINKING = 3;

    private final UsageCounts usage;
    private long inputTokens;

    int type;
    int index;
    int deltaType;
    String blockType;
    String blockId;
    String blockName;
    String stopReason;
    String messageId;
    String model;
    String errorType;
    String errorMessage;

    AnthropicStreamEvent(UsageCounts usage) {
        this.usage = usage;
    }

    /** Reads the event's JSON document (the parser before its first token). */
    void read(StreamScratch s, JsonParser p) throws IOException {
        type = UNKNOWN;
        index = -1;
        deltaType = DELTA_OTHER;
        blockType = null;
        stopReason = null;
        s.text.clear();
        if (StreamScratch.next(p) != JsonToken.START_OBJECT) {
            throw new IOException("event data is not an object");
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            switch (name) {
                case "type" -> type = eventType(p);
                case "index" -> index = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "delta" -> readDelta(p, s, v);
                case "content_block" -> readBlock(p, s, v);
                case "message" -> readMessage(p, v);
                case "usage" -> inputTokens = AnthropicUsage.read(p, v, usage, inputTokens);
                case "error" -> readError(p, v);
                default -> StreamScratch.skip(p);
            }
        }
        s.finish(p);
    }

    private static int eventType(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return UNKNOWN;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        for (int i = 0; i < TYPES.length; i++) {
            if (eq(c, off, len, TYPES[i])) {
                return i + 1;
            }
        }
        return UNKNOWN;
    }

    private static boolean eq(char[] c, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (c[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void readDelta(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            switch (name) {
                case "type" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        char[] c = p.getTextCharacters();
                        int off = p.getTextOffset();
                        int len = p.getTextLength();
                        deltaType = eq(c, off, len, "text_delta") ? DELTA_TEXT
                                : eq(c, off, len, "input_json_delta") ? DELTA_JSON
                                : eq(c, off, len, "thinking_delta") ? DELTA_THINKING : DELTA_OTHER;
                    }
                }
                case "text", "partial_json", "thinking" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        s.text.appendText(p);
                    }
                }
                case "stop_reason" -> stopReason = t == JsonToken.VALUE_STRING ? p.getText() : null;
                default -> StreamScratch.skip(p);
            }
        }
    }

    private void readBlock(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        blockId = null;
        blockName = null;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "type" -> blockType = p.getText();
                    case "id" -> blockId = p.getText();
                    case "name" -> blockName = p.getText();
                    case "text", "thinking" -> s.text.appendText(p);
                    default -> {
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void readMessage(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                messageId = p.getText();
            } else if (name.equals("model") && t == JsonToken.VALUE_STRING) {
                model = p.getText();
            } else if (name.equals("usage")) {
                inputTokens = AnthropicUsage.read(p, t, usage, inputTokens);
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void readError(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (name.equals("type") && t == JsonToken.VALUE_STRING) {
                errorType = p.getText();
            } else if (name.equals("message") && t == JsonToken.VALUE_STRING) {
                errorMessage = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }
}
