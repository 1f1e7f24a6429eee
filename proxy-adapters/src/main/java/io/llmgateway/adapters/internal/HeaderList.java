package io.llmgateway.adapters.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the ordered header list of an {@code UpstreamCall}. Not thread-safe; one per call. */
public final class HeaderList {

    private final List<Map.Entry<String, String>> entries = new ArrayList<>(6);

    public HeaderList add(String name, String value) {
        entries.add(Map.entry(name, value));
        return this;
    }

    /** Adds {@code Authorization: Bearer <secret>} unless the secret is empty (keyless local hosts). */
    public HeaderList bearer(String secret) {
        if (!secret.isEmpty()) {
            add("authorization", "Bearer " + secret);
        }
        return this;
    }

    /** Adds the provider's extra headers from the YAML; they come last so they can override. */
    public HeaderList addAll(Map<String, String> extra) {
        extra.forEach(this::add);
        return this;
    }

    public List<Map.Entry<String, String>> build() {
        return entries;
    }
}
