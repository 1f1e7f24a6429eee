package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Usage;

/**
 * The usage to account for a relayed stream, complete or cut short: the provider's final report as
 * it is; otherwise an estimate, marked as one, never 0 tokens for a stream that relayed text. A
 * provider reports usage at the end of a stream (OpenAI only when the client asked for
 * {@code stream_options.include_usage}), so a client that leaves, an upstream that fails or goes
 * silent, or a client that did not ask all leave a stream without a final report.
 *
 * <pre>
 *   final report                 as reported                                  exact
 *   partial report (Anthropic's  prompt and cache counts as reported (the     estimated
 *   message_start, Gemini's      prompt's estimate if 0); completion the
 *   running counts)              larger of reported and relayed text / 4
 *   no report                    prompt: request bytes / 4 (the balancer's    estimated
 *                                own estimate); completion: relayed text / 4
 * </pre>
 *
 * <p>One per stream relay, confined to its event loop; the answer is computed once, at the end.
 */
final class StreamUsage {

    private final long promptEstimate;
    private final RelayedContent text = new RelayedContent();
    private boolean estimated;

    /** @param promptEstimate the prompt tokens the request's size suggests ({@link OutcomeRecorder#promptEstimate()}) */
    StreamUsage(long promptEstimate) {
        this.promptEstimate = promptEstimate;
    }

    /** The text that went to the client: counted for the estimate. */
    RelayedContent text() {
        return text;
    }

    /**
     * The usage to account: {@code reported} when it is {@code finalReport}, else the estimate
     * (and {@link #estimated()} turns true).
     *
     * @param reported    what the provider reported so far, or null
     * @param finalReport whether {@code reported} is the provider's last word on this answer
     */
    Usage usage(Usage reported, boolean finalReport) {
        if (reported != null && finalReport) {
            estimated = false;
            return reported;
        }
        estimated = true;
        long completion = text.completionTokens();
        if (reported == null) {
            return Usage.of(promptEstimate, completion);
        }
        long prompt = reported.promptTokens() > 0 ? reported.promptTokens() : promptEstimate;
        completion = Math.max(completion, reported.completionTokens());
        return new Usage(prompt, completion, prompt + completion, reported.cachedTokens(),
                reported.cacheWriteTokens());
    }

    /** Whether the last {@link #usage} was an estimate. */
    boolean estimated() {
        return estimated;
    }
}
