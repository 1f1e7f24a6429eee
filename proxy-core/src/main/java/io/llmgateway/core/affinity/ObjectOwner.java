package io.llmgateway.core.affinity;

import static java.util.Objects.requireNonNull;

/**
 * The provider key that created a stored object (a response, a file, a batch): the only key that
 * can read it again, since an upstream keeps objects per organisation or resource.
 *
 * @param provider the provider's {@code id}
 * @param key      the key's {@code id} within the provider
 */
public record ObjectOwner(String provider, String key) {

    public ObjectOwner {
        requireNonNull(provider, "provider");
        requireNonNull(key, "key");
    }

    /** {@code provider/key}, as in headers, logs and metrics. Never a secret. */
    public String label() {
        return provider + '/' + key;
    }

    /** The owner written as {@link #label()}; null when {@code label} has no {@code /} between two parts. */
    public static ObjectOwner parse(String label) {
        int slash = label == null ? -1 : label.indexOf('/');
        if (slash <= 0 || slash == label.length() - 1) {
            return null;
        }
        return new ObjectOwner(label.substring(0, slash), label.substring(slash + 1));
    }
}
