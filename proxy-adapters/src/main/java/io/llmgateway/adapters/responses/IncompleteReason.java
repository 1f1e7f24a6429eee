package io.llmgateway.adapters.responses;

/** A chat {@code finish_reason} as a Response's {@code incomplete_details.reason}. */
final class IncompleteReason {

    private IncompleteReason() {
    }

    /** {@code max_output_tokens}, {@code content_filter}, or null when the answer is complete. */
    static String of(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }
}
