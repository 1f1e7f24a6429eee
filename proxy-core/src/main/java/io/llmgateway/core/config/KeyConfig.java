package io.llmgateway.core.config;

import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.core.gcp.ServiceAccountKey;

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
 * @param aws               Bedrock: the AWS credential ({@code access_key_id}, the secret as its secret
 *                          access key, {@code session_token}); null for a key without {@code access_key_id}
 * @param serviceAccount    the Google service account of {@code credentials_file} (Vertex AI), whose
 *                          access tokens stand in for {@code secret}; null for a key with a secret
 */
public record KeyConfig(
        String id,
        String secret,
        long limitReqPerMin,
        long limitTokensPerMin,
        int maxConcurrent,
        double weight,
        boolean enabled,
        AwsCredentials aws,
        ServiceAccountKey serviceAccount) {

    /** A key whose credential is its {@code secret}, without an AWS credential. */
    public KeyConfig(String id, String secret, long limitReqPerMin, long limitTokensPerMin, int maxConcurrent,
            double weight, boolean enabled) {
        this(id, secret, limitReqPerMin, limitTokensPerMin, maxConcurrent, weight, enabled, null, null);
    }

    /** A key whose credential is its {@code secret} with, for Bedrock, an AWS credential (or null). */
    public KeyConfig(String id, String secret, long limitReqPerMin, long limitTokensPerMin, int maxConcurrent,
            double weight, boolean enabled, AwsCredentials aws) {
        this(id, secret, limitReqPerMin, limitTokensPerMin, maxConcurrent, weight, enabled, aws, null);
    }

    @Override
    public String toString() {
        // Never the secret.
        return "KeyConfig[id=" + id + ", rpm=" + limitReqPerMin + ", tpm=" + limitTokensPerMin
                + ", maxConcurrent=" + maxConcurrent + ", weight=" + weight + ", enabled=" + enabled
                + (aws != null ? ", " + aws : "")
                + (serviceAccount == null ? "" : ", serviceAccount=" + serviceAccount.clientEmail()) + ']';
    }
}
