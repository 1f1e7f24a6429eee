package io.llmgateway.codec.json;

/**
 * The top-level keys of a request body that {@link RoutingFieldReader} reads, recognised with one
 * comparison per key: each has a length of its own.
 */
enum TopLevelField {
    MODEL("model"), STREAM("stream"), STREAM_OPTIONS("stream_options"), MAX_TOKENS("max_tokens"),
    MAX_COMPLETION_TOKENS("max_completion_tokens"), MAX_OUTPUT_TOKENS("max_output_tokens"), USER("user"),
    METADATA("metadata"), STORE("store"), PREVIOUS_RESPONSE_ID("previous_response_id"),
    INPUT_FILE_ID("input_file_id"), OTHER("");

    private final String key;

    TopLevelField(String key) {
        this.key = key;
    }

    /** The key as it is written in a body. */
    String key() {
        return key;
    }

    /** The field of the (unescaped) key {@code name}; {@link #OTHER} for any key not read. No allocation. */
    static TopLevelField of(CappedText name) {
        TopLevelField candidate = switch (name.length()) {
            case 4 -> USER;
            case 5 -> name.is("store") ? STORE : MODEL;
            case 6 -> STREAM;
            case 8 -> METADATA;
            case 10 -> MAX_TOKENS;
            case 13 -> INPUT_FILE_ID;
            case 14 -> STREAM_OPTIONS;
            case 17 -> MAX_OUTPUT_TOKENS;
            case 20 -> PREVIOUS_RESPONSE_ID;
            case 21 -> MAX_COMPLETION_TOKENS;
            default -> OTHER;
        };
        return candidate != OTHER && name.is(candidate.key) ? candidate : OTHER;
    }
}
