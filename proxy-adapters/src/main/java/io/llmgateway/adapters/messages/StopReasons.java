package io.llmgateway.adapters.messages;

/**
 * Chat {@code finish_reason} to Messages {@code stop_reason} (providers.md 9.1, read right to left).
 * Chat says {@code stop} both for a natural end and for a stop sequence, without telling which:
 * both become {@code end_turn}.
 */
final class StopReasons {

    static final String END_TURN = "end_turn";

    private StopReasons() {
    }

    static String of(String finishReason) {
        if (finishReason == null) {
            return END_TURN;
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> END_TURN;
        };
    }
}
