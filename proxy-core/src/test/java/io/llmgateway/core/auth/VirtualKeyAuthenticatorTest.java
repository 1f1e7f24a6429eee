package io.llmgateway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.auth.VirtualKeyAuthenticator.RequireKey;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualKeyAuthenticatorTest {

    static VirtualKeySpec spec(String id, String key, Instant expires, boolean revoked) {
        return new VirtualKeySpec(id, null, KeyHash.hex(key), null, List.of(), 0, 0, 0, null, expires, Map.of(),
                Instant.EPOCH, revoked, VirtualKeySpec.API);
    }

    static VirtualKeyAccess access(VirtualKeySpec s) {
        return new VirtualKeyAccess(s, new ConcurrentKeyLimits(s.rpm(), s.tpm(), s.maxParallel()), new SpendMeter(),
                null);
    }

    private static HttpHeaders bearer(String key) {
        return new DefaultHttpHeaders().set("authorization", "Bearer " + key);
    }

    @Test
    void aKnownKeyIsItsIdentityAndRevokedOrExpiredOnesAreRefused() {
        String good = KeyHash.generate();
        String old = KeyHash.generate();
        String gone = KeyHash.generate();
        VirtualKeyAccess g = access(spec("vk_good", good, null, false));
        VirtualKeyIndex index = new VirtualKeyIndex(List.of(g, access(spec("vk_old", old, Instant.EPOCH, false)),
                access(spec("vk_gone", gone, null, true))));
        VirtualKeyAuthenticator auth = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false,
                () -> index, RequireKey.AUTO);

        assertThat(good).startsWith("sk-gw-").hasSize(38);
        assertThat(auth.authenticate(bearer(good))).isSameAs(g.identity());
        assertThat(g.identity().keyId()).isEqualTo("vk_good");
        assertThat(auth.authenticate(bearer("  " + good + " "))).isSameAs(g.identity());
        assertThat(auth.authenticate(bearer(old))).isEqualTo(AuthRefusal.EXPIRED_KEY);
        assertThat(auth.authenticate(bearer(gone))).isEqualTo(AuthRefusal.REVOKED_KEY);
        assertThat(auth.authenticate(bearer(KeyHash.generate()))).isEqualTo(AuthRefusal.WRONG_KEY);
        assertThat(auth.authenticate(bearer("é-not-ascii"))).isEqualTo(AuthRefusal.WRONG_KEY);
        assertThat(auth.authenticate(new DefaultHttpHeaders())).isEqualTo(AuthRefusal.MISSING_KEY);
    }

    @Test
    void apiKeysKeepWorkingBesideVirtualKeysAndRequireKeyDecidesForStrangers() {
        String vk = KeyHash.generate();
        VirtualKeyIndex index = new VirtualKeyIndex(List.of(access(spec("vk_1", vk, null, false))));
        VirtualKeyAuthenticator withApiKeys = new VirtualKeyAuthenticator(
                new ApiKeyAuthenticator(List.of("static-key")), true, () -> index, RequireKey.AUTO);
        assertThat(withApiKeys.authenticate(bearer("static-key"))).isEqualTo(new ClientIdentity("api_keys[0]"));
        assertThat(((ClientIdentity) withApiKeys.authenticate(bearer(vk))).keyId()).isEqualTo("vk_1");

        VirtualKeyAuthenticator optional = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false,
                () -> index, RequireKey.FALSE);
        assertThat(optional.authenticate(bearer("whatever"))).isSameAs(ClientIdentity.ANONYMOUS);
        assertThat(((ClientIdentity) optional.authenticate(bearer(vk))).virtualKey()).isNotNull();

        VirtualKeyAuthenticator none = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false,
                VirtualKeySource.NONE, RequireKey.AUTO);
        assertThat(none.authenticate(new DefaultHttpHeaders())).isSameAs(ClientIdentity.ANONYMOUS);
        VirtualKeyAuthenticator always = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false,
                VirtualKeySource.NONE, RequireKey.TRUE);
        assertThat(always.authenticate(new DefaultHttpHeaders())).isEqualTo(AuthRefusal.MISSING_KEY);
    }

    @Test
    void theIndexFindsEachOfManyKeysByTheirHash() {
        List<String> keys = new java.util.ArrayList<>();
        List<VirtualKeyAccess> access = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String k = KeyHash.generate();
            keys.add(k);
            access.add(access(spec("vk_" + i, k, null, false)));
        }
        VirtualKeyIndex index = new VirtualKeyIndex(access);
        long[] h = new long[4];
        for (int i = 0; i < keys.size(); i++) {
            assertThat(KeyHash.hash(keys.get(i), 0, keys.get(i).length(), h)).isTrue();
            assertThat(index.find(h)).isSameAs(access.get(i));
        }
        assertThat(KeyHash.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
