package io.llmgateway.core.admin.ops;

import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider key named in an admin path: {@code <provider>:<key>}, or the key's id alone when only
 * one provider has a key of that id.
 *
 * @param provider the provider's id
 * @param key      the key's config
 */
record ProviderKeyRef(String provider, KeyConfig key) {

    /** {@code provider:key}, as the admin API names a key. */
    String label() {
        return provider + ':' + key.id();
    }

    /**
     * The key {@code id} names in {@code config}.
     *
     * @throws AdminException 404 when no key has that name, 400 naming {@code id} when the bare id
     *                        belongs to keys of several providers
     */
    static ProviderKeyRef resolve(GatewayConfig config, String id) {
        List<ProviderKeyRef> qualified = new ArrayList<>(1);
        List<ProviderKeyRef> bare = new ArrayList<>(1);
        for (ProviderConfig p : config.providers()) {
            boolean prefixed = id.length() > p.id().length() + 1 && id.startsWith(p.id())
                    && id.charAt(p.id().length()) == ':';
            for (KeyConfig k : p.keys()) {
                if (prefixed && id.regionMatches(p.id().length() + 1, k.id(), 0, k.id().length())
                        && id.length() == p.id().length() + 1 + k.id().length()) {
                    qualified.add(new ProviderKeyRef(p.id(), k));
                }
                if (k.id().equals(id)) {
                    bare.add(new ProviderKeyRef(p.id(), k));
                }
            }
        }
        List<ProviderKeyRef> found = qualified.isEmpty() ? bare : qualified;
        if (found.isEmpty()) {
            throw AdminException.notFound("provider key", id);
        }
        if (found.size() > 1) {
            throw AdminException.invalid("id", "key id '" + id + "' is ambiguous: "
                    + found.stream().map(ProviderKeyRef::label).toList()
                    + " (expected: <provider>:<key>, e.g. '" + found.get(0).label() + "')");
        }
        return found.get(0);
    }
}
