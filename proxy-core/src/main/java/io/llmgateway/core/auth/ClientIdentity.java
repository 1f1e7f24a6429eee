package io.llmgateway.core.auth;

/**
 * An authenticated client.
 *
 * @param keyId the id of the client key it presented, safe to log and to use as a metric label
 *              (never the secret); null when client authentication is off
 */
public record ClientIdentity(String keyId) implements AuthResult {

    /** Any client, when no client key is configured. */
    public static final ClientIdentity ANONYMOUS = new ClientIdentity(null);
}
