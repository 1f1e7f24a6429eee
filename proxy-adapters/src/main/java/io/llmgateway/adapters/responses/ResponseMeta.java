package io.llmgateway.adapters.responses;

/**
 * The identity of one Response: its id ({@code resp_} + the chat answer's id), when it was
 * created, the model that answered, and what it echoes of the request. Immutable.
 */
record ResponseMeta(String responseId, long createdAt, String model, ResponseEcho echo) {

    /** {@code resp_...} of a chat answer's id ({@code chatcmpl-...}, or a provider's own). */
    static String responseId(String chatId) {
        return "resp_" + chatId;
    }

    /** {@code msg_...} of a chat answer's id: the id of the answer's message item. */
    static String messageId(String chatId) {
        return "msg_" + chatId;
    }
}
