package io.llmgateway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ApiKeyAuthenticator}: {@code server.api_keys} as bearer keys, each known by its place in the list. */
class ApiKeyAuthenticatorTest {

    private static HttpHeaders auth(String value) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (value != null) {
            h.set("Authorization", value);
        }
        return h;
    }

    @Test
    void withoutKeysEveryoneIsAnonymous() {
        ApiKeyAuthenticator a = new ApiKeyAuthenticator(List.of());
        assertThat(a.authenticate(auth(null))).isSameAs(ClientIdentity.ANONYMOUS);
        assertThat(a.authenticate(auth("Bearer anything"))).isSameAs(ClientIdentity.ANONYMOUS);
    }

    @Test
    void aConfiguredKeyIsKnownByItsPlace() {
        ApiKeyAuthenticator a = new ApiKeyAuthenticator(List.of("key-one", "key-two"));
        assertThat(a.authenticate(auth("Bearer key-one"))).isEqualTo(new ClientIdentity("api_keys[0]"));
        assertThat(a.authenticate(auth("bearer  key-two "))).isEqualTo(new ClientIdentity("api_keys[1]"));
    }

    @Test
    void aMissingKeyAndAWrongOneAreToldApart() {
        ApiKeyAuthenticator a = new ApiKeyAuthenticator(List.of("key-one"));
        assertThat(a.authenticate(auth(null))).isEqualTo(AuthRefusal.MISSING_KEY);
        assertThat(a.authenticate(auth("Bearer key-on"))).isEqualTo(AuthRefusal.WRONG_KEY);
        assertThat(a.authenticate(auth("Bearer key-one-and-more"))).isEqualTo(AuthRefusal.WRONG_KEY);
        assertThat(a.authenticate(auth("Basic a2V5LW9uZQ=="))).isEqualTo(AuthRefusal.WRONG_KEY);
        assertThat(a.authenticate(auth("Bearer "))).isEqualTo(AuthRefusal.WRONG_KEY);
    }
}
