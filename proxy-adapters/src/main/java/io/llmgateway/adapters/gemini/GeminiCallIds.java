package io.llmgateway.adapters.gemini;

import java.util.function.Supplier;

/**
 * The ids of Gemini tool calls. Gemini's calls carry no id, so the gateway mints one
 * ({@code call_<hex>}); a call that carried a {@code thoughtSignature} (Gemini 2.5/3) gets it
 * appended after {@link #SIGNATURE_SEPARATOR}, so that it goes back to Gemini in the same part when
 * the client replays the conversation (LiteLLM's scheme). Stateless.
 */
final class GeminiCallIds {

    static final String SIGNATURE_SEPARATOR = "__thought__";

    /**
     * The signature Google documents for function calls that Gemini did not produce (history from
     * another model, injected calls): it tells Gemini 3's validator to skip the check. Sent on the
     * first call of an assistant message whose id carries no signature; Gemini 3 only checks the
     * first call of each step.
     */
    static final String FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";

    private GeminiCallIds() {
    }

    /** The id of a call Gemini made: a fresh one from {@code ids}, with its signature when it has one. */
    static String mint(Supplier<String> ids, String thoughtSignature) {
        String id = ids.get();
        return thoughtSignature == null ? id : id + SIGNATURE_SEPARATOR + thoughtSignature;
    }

    /**
     * The signature to send with the {@code k}th call of an assistant message whose id is {@code id}
     * (null when absent): the one the id carries; else, for the first call, the foreign-call
     * signature; else none (null).
     */
    static String signature(String id, int k) {
        int sig = id == null ? -1 : id.indexOf(SIGNATURE_SEPARATOR);
        if (sig >= 0) {
            return id.substring(sig + SIGNATURE_SEPARATOR.length());
        }
        // A call Gemini did not make (another provider's, before a fallback): Gemini 3 wants a
        // signature on the first call of each step, and this one has none to give back.
        return k == 0 ? FOREIGN_CALL_SIGNATURE : null;
    }
}
