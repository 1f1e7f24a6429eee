package io.llmgateway.adapters.messages;

/**
 * The {@code msg_} id of a translated Message, from the chat completion's id: Anthropic's SDKs
 * take any string, and keeping the upstream's id lets a log line be matched with the provider's.
 */
final class MessageIds {

    private MessageIds() {
    }

    static String of(String chatId) {
        if (chatId == null || chatId.isEmpty()) {
            return "msg_gateway";
        }
        return chatId.startsWith("msg_") ? chatId : "msg_" + chatId;
    }
}
