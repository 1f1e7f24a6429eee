package io.llmgateway.core.balance;

/**
 * How an attempt ended, as far as balancing cares: who is to blame, and whether another
 * deployment may succeed where this one failed.
 */
public enum ErrorKind {
    /** The provider answered normally. */
    NONE,
    /** 400, 404, 409, 413, 422...: the request's fault; the provider is fine. Not retried. */
    CLIENT_ERROR,
    /** The prompt does not fit the model: go to a context-window fallback, not a retry. */
    CONTEXT_LENGTH,
    /** 429: the key cools down (for the provider's {@code retry-after} if it sent one). Retried elsewhere. */
    RATE_LIMITED,
    /** 401 or 403: the key is wrong; repeated, it is disabled. Not retried. */
    AUTH,
    /** Could not connect (refused, DNS, TLS). Retried elsewhere. */
    CONNECT,
    /** No first byte in time. Retried elsewhere. */
    TIMEOUT,
    /** 500, 502, 504 and other 5xx. Retried elsewhere. */
    SERVER_ERROR,
    /** 503, Anthropic's 529: the provider is overloaded. Retried elsewhere. */
    OVERLOADED,
    /** The stream failed after its first byte reached the client: counted, never retried. */
    STREAM_ERROR,
    /** The client went away: says nothing about the provider. */
    CANCELLED;

    /** The kind of an upstream HTTP status (for a response that arrived). */
    public static ErrorKind ofStatus(int status) {
        if (status < 400) {
            return NONE;
        }
        return switch (status) {
            case 401, 403 -> AUTH;
            case 408 -> TIMEOUT;
            case 429 -> RATE_LIMITED;
            case 503, 529 -> OVERLOADED;
            default -> status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
        };
    }

    /** Whether another attempt (on another deployment) may succeed. */
    public boolean retryable() {
        return this == RATE_LIMITED || this == CONNECT || this == TIMEOUT || this == SERVER_ERROR || this == OVERLOADED;
    }

    /** Whether the failure counts against the deployment's breaker and the key's failure streak. */
    boolean blamesDeployment() {
        return this == CONNECT || this == TIMEOUT || this == SERVER_ERROR || this == OVERLOADED || this == STREAM_ERROR;
    }

    /** Whether the provider generated nothing (so the tokens reserved for it are given back). */
    boolean generatedNothing() {
        return this == RATE_LIMITED || this == AUTH || this == CONNECT || this == CONTEXT_LENGTH || this == CLIENT_ERROR
                || this == OVERLOADED;
    }
}
