package io.llmgateway.core.auth;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <key>} against {@code server.api_keys}. With no key
 * configured every client is {@link ClientIdentity#ANONYMOUS}. A key's id is its place in the
 * list, {@code api_keys[0]}, {@code api_keys[1]}, ...: the keys themselves have no name, and an id
 * derived from the secret (even a hash prefix) would help guess a weak one.
 *
 * <p>Every configured key is compared, each in constant time, so the time taken does not tell
 * which key (or how much of one) matched. Immutable; built once per config snapshot.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    private static final String BEARER = "Bearer ";

    private final byte[][] keys;
    private final ClientIdentity[] identities;

    public ApiKeyAuthenticator(List<String> apiKeys) {
        requireNonNull(apiKeys, "apiKeys");
        keys = new byte[apiKeys.size()][];
        identities = new ClientIdentity[apiKeys.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = apiKeys.get(i).getBytes(StandardCharsets.UTF_8);
            identities[i] = new ClientIdentity("api_keys[" + i + "]");
        }
    }

    @Override
    public AuthResult authenticate(HttpHeaders headers) {
        if (keys.length == 0) {
            return ClientIdentity.ANONYMOUS;
        }
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null) {
            return AuthRefusal.MISSING_KEY;
        }
        if (!auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return AuthRefusal.WRONG_KEY;
        }
        byte[] presented = auth.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        int matched = -1;
        for (int i = 0; i < keys.length; i++) {
            if (MessageDigest.isEqual(keys[i], presented)) {
                matched = i;
            }
        }
        return matched < 0 ? AuthRefusal.WRONG_KEY : identities[matched];
    }
}
