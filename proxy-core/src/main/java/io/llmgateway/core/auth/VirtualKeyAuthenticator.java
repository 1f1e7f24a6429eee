package io.llmgateway.core.auth;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Authenticates by virtual key first, then by {@code server.api_keys}: the bearer token is hashed
 * ({@link KeyHash}) and looked up in the current {@link VirtualKeyIndex}; a key found but revoked
 * or expired is refused; a token that is no virtual key is compared with the API keys
 * ({@link ApiKeyAuthenticator}). A key is required when API keys are set, when
 * {@code auth.require_key} is {@code true}, or when it is {@code auto} (the default) and any
 * virtual key exists; otherwise an unknown or missing key is {@link ClientIdentity#ANONYMOUS}.
 *
 * <p>Hot path: for a known virtual key, one hash of the token with per-thread scratch, a table
 * lookup and a clock read; no allocation, no lock. Built once per config snapshot; the keys it
 * sees are the registry's of the moment, not the snapshot's.
 */
public final class VirtualKeyAuthenticator implements Authenticator {

    /** {@code auth.require_key}. */
    public enum RequireKey {
        AUTO,
        TRUE,
        FALSE
    }

    private static final String BEARER = "Bearer ";
    private static final FastThreadLocal<long[]> HASH = new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            return new long[4];
        }
    };

    private final ApiKeyAuthenticator apiKeys;
    private final boolean apiKeysSet;
    private final VirtualKeySource virtualKeys;
    private final RequireKey requireKey;

    public VirtualKeyAuthenticator(ApiKeyAuthenticator apiKeys, boolean apiKeysSet, VirtualKeySource virtualKeys,
            RequireKey requireKey) {
        this.apiKeys = requireNonNull(apiKeys, "apiKeys");
        this.apiKeysSet = apiKeysSet;
        this.virtualKeys = requireNonNull(virtualKeys, "virtualKeys");
        this.requireKey = requireNonNull(requireKey, "requireKey");
    }

    @Override
    public AuthResult authenticate(HttpHeaders headers) {
        VirtualKeyIndex index = virtualKeys.index();
        if (index.size() > 0) {
            String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                int from = BEARER.length();
                int to = auth.length();
                while (from < to && auth.charAt(from) == ' ') {
                    from++;
                }
                while (to > from && auth.charAt(to - 1) == ' ') {
                    to--;
                }
                long[] h = HASH.get();
                VirtualKeyAccess key = KeyHash.hash(auth, from, to, h) ? index.find(h) : null;
                if (key != null) {
                    if (key.revoked()) {
                        return AuthRefusal.REVOKED_KEY;
                    }
                    if (key.expired(System.currentTimeMillis())) {
                        return AuthRefusal.EXPIRED_KEY;
                    }
                    return key.identity();
                }
            }
        }
        AuthResult r = apiKeys.authenticate(headers);
        if (r != ClientIdentity.ANONYMOUS || !required(index)) {
            return r;
        }
        return headers.contains(HttpHeaderNames.AUTHORIZATION) ? AuthRefusal.WRONG_KEY : AuthRefusal.MISSING_KEY;
    }

    private boolean required(VirtualKeyIndex index) {
        return apiKeysSet || requireKey == RequireKey.TRUE || requireKey == RequireKey.AUTO && index.size() > 0;
    }
}
