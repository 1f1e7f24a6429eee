package io.llmgateway.core.cli.litellm;

/**
 * A LiteLLM setting the importer could not convert, where it is and why.
 *
 * @param line   its 1-based line in the LiteLLM file
 * @param path   its path ({@code model_list[2].litellm_params.timeout})
 * @param reason why it has no equivalent, and what to do instead where there is something
 */
public record Unmapped(int line, String path, String reason) {

    /** {@code line 12: model_list[2].litellm_params.timeout: ...}. */
    @Override
    public String toString() {
        return "line " + line + ": " + path + ": " + reason;
    }
}
