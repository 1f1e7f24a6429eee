package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.JsonCursor;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one Anthropic stream event (reference 3.5) as {@link AnthropicResponseTranslator}
 * needs them: its type, the content block index, the delta's kind and its text (or a started
 * block's text) as a still-escaped byte range of the cursor's bytes, a started block's type, id and
 * name, the message's id and model, the stop reason, an error's type and message; {@code usage}
 * counts go straight to the translator's {@link UsageCounts}.
 *
 * <p>One per translator, confined to its event loop; {@link #read} overwrites the per-event
 * fields, and the text range is valid until the thread's {@code StreamScratch} reads another event.
 * Hot path (a text delta): the event is walked by a {@link JsonCursor} that compares names and the
 * event type as raw bytes and leaves the text escaped, so that the translator copies it into its
 * chunk; nothing is decoded, nothing is allocated. Strings read once per block or stream (ids,
 * names, the model, the stop reason) are decoded.
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
    private static final byte[][] TYPES = {ascii("content_block_delta"), ascii("content_block_start"),
        ascii("content_block_stop"), ascii("message_start"), ascii("message_delta"), ascii("message_stop"),
        ascii("ping"), ascii("error")};

    static final int DELTA_OTHER = 0;
    static final int DELTA_TEXT = 1;
    static final int DELTA_JSON = 2;
    static final int DELTA_THINKING = 3;
    private static final byte[] TEXT_DELTA = ascii("text_delta");
    private static final byte[] INPUT_JSON_DELTA = ascii("input_json_delta");
    private static final byte[] THINKING_DELTA = ascii("thinking_delta");

    private static final byte[] TYPE = ascii("type");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] CONTENT_BLOCK = ascii("content_block");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] ERROR_KEY = ascii("error");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] PARTIAL_JSON = ascii("partial_json");
    private static final byte[] THINKING = ascii("thinking");
    private static final byte[] STOP_REASON = ascii("stop_reason");
    private static final byte[] ID = ascii("id");
    private static final byte[] NAME = ascii("name");
    private static final byte[] MODEL = ascii("model");

    private final UsageCounts usage;
    private long inputTokens;
    private byte[] bytes = new byte[0];
    private int textStart;
    private int textEnd;

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

    /** Reads the event's JSON document (the cursor before its root value). */
    void read(JsonCursor c) throws IOException {
        type = UNKNOWN;
        index = -1;
        deltaType = DELTA_OTHER;
        blockType = null;
        stopReason = null;
        bytes = c.bytes();
        textStart = 0;
        textEnd = 0;
        if (!c.enterObject()) {
            throw new IOException("event data is not an object (expected: a JSON object)");
        }
        while (c.nextField()) {
            if (c.fieldIs(TYPE)) {
                type = eventType(c);
            } else if (c.fieldIs(INDEX)) {
                index = c.readLong() && c.longValue() >= 0 && c.longValue() <= Integer.MAX_VALUE ? (int) c.longValue() : -1;
            } else if (c.fieldIs(DELTA)) {
                readDelta(c);
            } else if (c.fieldIs(CONTENT_BLOCK)) {
                readBlock(c);
            } else if (c.fieldIs(MESSAGE)) {
                readMessage(c);
            } else if (c.fieldIs(USAGE)) {
                inputTokens = AnthropicUsage.read(c, usage, inputTokens);
            } else if (c.fieldIs(ERROR_KEY)) {
                readError(c);
            } else {
                c.skipValue();
            }
        }
        c.end();
    }

    /** Whether the event carries text (a delta's, a started block's), not empty. */
    boolean hasText() {
        return textEnd > textStart;
    }

    /** The bytes {@link #textStart()} and {@link #textEnd()} index into. */
    byte[] bytes() {
        return bytes;
    }

    /** Where the event's text starts in {@link #bytes()}, still escaped as the provider wrote it. */
    int textStart() {
        return textStart;
    }

    int textEnd() {
        return textEnd;
    }

    private static int eventType(JsonCursor c) throws IOException {
        if (!c.readString()) {
            return UNKNOWN;
        }
        for (int i = 0; i < TYPES.length; i++) {
            if (stringIs(c, TYPES[i])) {
                return i + 1;
            }
        }
        return UNKNOWN;
    }

    // Whether the string just read is `s`, compared as raw bytes (an escaped spelling matches nothing).
    private static boolean stringIs(JsonCursor c, byte[] s) {
        int n = c.stringLength();
        if (n != s.length) {
            return false;
        }
        byte[] b = c.bytes();
        int from = c.stringStart();
        for (int i = 0; i < n; i++) {
            if (b[from + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private void readText(JsonCursor c) throws IOException {
        if (c.readString()) {
            textStart = c.stringStart();
            textEnd = c.stringEnd();
        }
    }

    private void readDelta(JsonCursor c) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        while (c.nextField()) {
            if (c.fieldIs(TYPE)) {
                if (c.readString()) {
                    deltaType = stringIs(c, TEXT_DELTA) ? DELTA_TEXT
                            : stringIs(c, INPUT_JSON_DELTA) ? DELTA_JSON
                            : stringIs(c, THINKING_DELTA) ? DELTA_THINKING : DELTA_OTHER;
                }
            } else if (c.fieldIs(TEXT) || c.fieldIs(PARTIAL_JSON) || c.fieldIs(THINKING)) {
                readText(c);
            } else if (c.fieldIs(STOP_REASON)) {
                stopReason = c.readString() ? c.stringValue() : null;
            } else {
                c.skipValue();
            }
        }
    }

    private void readBlock(JsonCursor c) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        blockId = null;
        blockName = null;
        while (c.nextField()) {
            if (c.fieldIs(TEXT) || c.fieldIs(THINKING)) {
                readText(c);
            } else if (c.fieldIs(TYPE)) {
                if (c.readString()) {
                    blockType = c.stringValue();
                }
            } else if (c.fieldIs(ID)) {
                if (c.readString()) {
                    blockId = c.stringValue();
                }
            } else if (c.fieldIs(NAME)) {
                if (c.readString()) {
                    blockName = c.stringValue();
                }
            } else {
                c.skipValue();
            }
        }
    }

    private void readMessage(JsonCursor c) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        while (c.nextField()) {
            if (c.fieldIs(ID)) {
                if (c.readString()) {
                    messageId = c.stringValue();
                }
            } else if (c.fieldIs(MODEL)) {
                if (c.readString()) {
                    model = c.stringValue();
                }
            } else if (c.fieldIs(USAGE)) {
                inputTokens = AnthropicUsage.read(c, usage, inputTokens);
            } else {
                c.skipValue();
            }
        }
    }

    private void readError(JsonCursor c) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        while (c.nextField()) {
            if (c.fieldIs(TYPE)) {
                if (c.readString()) {
                    errorType = c.stringValue();
                }
            } else if (c.fieldIs(MESSAGE)) {
                if (c.readString()) {
                    errorMessage = c.stringValue();
                }
            } else {
                c.skipValue();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
