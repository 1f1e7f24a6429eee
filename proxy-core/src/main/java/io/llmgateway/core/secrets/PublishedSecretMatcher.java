package io.llmgateway.core.secrets;

import static java.util.Objects.requireNonNull;

/**
 * The {@link SecretMatcher} of credentials that change while the gateway runs (a service
 * account's OAuth access tokens): a new immutable matcher is published when they change, and
 * every event loop reads the current one.
 *
 * <pre>
 *   holder.publish(SecretMatcher.anyOf(SecretMatcher.of(next), SecretMatcher.of(replaced)));  // the refresh thread
 *   if (holder.current().foundIn(errorBody)) { ...withhold... }                             // any thread
 * </pre>
 *
 * <p>Threads: written by the thread that owns the credentials (the refresh thread; the reload
 * thread once, to initialise a holder no reader sees yet), read by any; {@link #current()} is one
 * volatile read — no lock, no allocation — and a reader sees either matcher whole.
 */
public final class PublishedSecretMatcher {

    private volatile SecretMatcher current = SecretMatcher.none();

    /** The matcher of the credentials in use now; {@link SecretMatcher#none()} before the first is published. */
    public SecretMatcher current() {
        return current;
    }

    /** Replaces the matcher. */
    public void publish(SecretMatcher next) {
        current = requireNonNull(next, "next");
    }

    @Override
    public String toString() {
        return "PublishedSecretMatcher[" + current + ']';
    }
}
