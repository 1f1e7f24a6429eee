package io.llmgateway.core.config;

/**
 * {@code providers[].keys[]} — one provider credential and its limits.
 *
 * @param id                the key's name, used in logs, metrics and the admin API (never the secret)
 * @param secret            the credential; empty when its variable was unset (then {@code enabled} is false)
 * @param limitReqPerMin    requests per minute allowed on this key; 0 = unlimited
 * @param limitTokensPerMin tokens per minute allowed on this key; 0 = unlimited
 * @param maxConcurrent     requests in flight at once on this key; 0 = unlimited
 * @param weight            relative share for weighted strategies
 * @param enabled           false when the secret is empty or {@code enabled: false}
 */
public record KeyConfig(
        String id,
        String secret,
        long limitReqPerMin,
        long limitTokensPerMin,
        int maxConcurrent,
        double weight,
        boolean enabled) {

    @Override
    public String toString() {
        // Never the secret.
        return "KeyConfig[id=" + id + ", rpm=" + limitReqPerMin + ", tpm=" + limitTokensPerMin
                + ", maxConcurrent=" + maxConcurrent + ", weight=" + weight + ", enabled=" + enabled + ']';
    }
}
