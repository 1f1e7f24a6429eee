package io.llmgateway.core.balance;

/**
 * How an attempt ended, as far as settlement cares: who is to blame, and whether the provider
 * generated anything. The proxy classifies each failure into one of these (and decides from it
 * whether to try again); the balancer reads it when a lease is released, to cool a key down, trip
 * a breaker, disable a key or give reserved tokens back.
 */
public enum ErrorKind {
    /** The provider answered normally. */
    NONE,
    /** 400, 404, 409, 413, 422...: the request's fault; the provider is fine. */
    CLIENT_ERROR,
    /** The prompt does not fit the model (the request goes to a context-window fallback). */
    CONTEXT_LENGTH,
    /** 429: the key cools down (for the provider's {@code retry-after} if it sent one). */
    RATE_LIMITED,
    /** 401 or 403: the key is wrong; repeated, it is disabled. */
    AUTH,
    /** Could not connect (refused, DNS, TLS), or the connection closed before the answer. */
    CONNECT,
    /** No answer in time. */
    TIMEOUT,
    /** 500, 502, 504 and other 5xx. */
    SERVER_ERROR,
    /** 503, Anthropic's 529: the provider is overloaded. */
    OVERLOADED,
    /** The stream failed after its first byte reached the client. */
    STREAM_ERROR,
    /** The client went away: says nothing about the provider. */
    CANCELLED;

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
