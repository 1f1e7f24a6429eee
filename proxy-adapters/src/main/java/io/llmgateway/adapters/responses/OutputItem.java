package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.EscapedText;

/**
 * One item of a Response's {@code output} while it is built: an assistant message (its text) or
 * a function call (its arguments), in the order the answer made them. Mutable; belongs to one
 * translator, hence to one event loop.
 */
final class OutputItem {

    enum Kind { MESSAGE, FUNCTION_CALL }

    final Kind kind;
    /** The item's {@code id}: {@code msg_...} or {@code fc_...}. */
    final String id;
    /** Its place in {@code output}. */
    final int outputIndex;
    /** A function call's {@code call_id} and {@code name}; null for a message. */
    final String callId;
    final String name;
    /** The chat stream's {@code tool_calls[].index} of a function call; -1 for a message. */
    final int chatIndex;
    /** The message's text, or the call's arguments, so far: escaped JSON string content, as it is written. */
    final EscapedText content = new EscapedText(64);

    private OutputItem(Kind kind, String id, int outputIndex, String callId, String name, int chatIndex) {
        this.kind = kind;
        this.id = id;
        this.outputIndex = outputIndex;
        this.callId = callId;
        this.name = name;
        this.chatIndex = chatIndex;
    }

    static OutputItem message(String id, int outputIndex) {
        return new OutputItem(Kind.MESSAGE, id, outputIndex, null, null, -1);
    }

    static OutputItem functionCall(String callId, String name, int outputIndex, int chatIndex) {
        return new OutputItem(Kind.FUNCTION_CALL, "fc_" + callId, outputIndex, callId, name, chatIndex);
    }

    boolean isMessage() {
        return kind == Kind.MESSAGE;
    }
}
