package io.llmgateway.core.auth;

/**
 * An authenticated client.
 *
 * @param keyId      the id of the client key it presented, safe to log and to use as a metric label
 *                   (never the secret): {@code api_keys[n]} or a virtual key's id; null when client
 *                   authentication is off
 * @param virtualKey the virtual key it presented, whose models, limits and budget apply; null for
 *                   a {@code server.api_keys} key and for {@link #ANONYMOUS}
 */
public record ClientIdentity(String keyId, VirtualKeyAccess virtualKey) implements AuthResult {

    /** Any client, when no client key is configured. */
    public static final ClientIdentity ANONYMOUS = new ClientIdentity(null, null);

    /** A client of a {@code server.api_keys} key (no virtual key). */
    public ClientIdentity(String keyId) {
        this(keyId, null);
    }
}
