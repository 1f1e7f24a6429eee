package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

/**
 * An AWS credential for SigV4 signing (Bedrock): the access key id, the secret access key and, for
 * temporary credentials, the session token. Immutable; built once per key and config snapshot.
 * The secret and the token never appear in {@link #toString()}.
 *
 * @param accessKeyId     the access key id ({@code AKIA...} or {@code ASIA...}); not a secret
 * @param secretAccessKey the secret access key
 * @param sessionToken    the session token of temporary credentials; null for long-term ones
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", sessionToken=" + (sessionToken != null ? "set" : "none")
                + ']';
    }
}
