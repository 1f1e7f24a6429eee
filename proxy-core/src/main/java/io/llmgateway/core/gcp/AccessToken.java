package io.llmgateway.core.gcp;

import static java.util.Objects.requireNonNull;

/**
 * An OAuth access token and when it stops being valid. {@link #toString()} leaves the value out.
 *
 * @param value           the bearer token
 * @param expiresAtMillis epoch milliseconds after which it is not sent any more
 * @param lifetimeMillis  what {@code expires_in} granted, from which the refresh is timed
 */
public record AccessToken(String value, long expiresAtMillis, long lifetimeMillis) {

    public AccessToken {
        requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAtMillis=" + expiresAtMillis + ", lifetimeMillis=" + lifetimeMillis + ']';
    }
}
