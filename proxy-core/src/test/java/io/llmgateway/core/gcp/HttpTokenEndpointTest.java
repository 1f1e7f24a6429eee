package io.llmgateway.core.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.secrets.SecretMatcher;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class HttpTokenEndpointTest {

    private static final URI URI_ = URI.create("https://oauth2.googleapis.com/token");
    private static final SecretMatcher NOTHING_SENT = SecretMatcher.none();

    @Test
    void aTokenAnswerExpiresAfterExpiresIn() throws Exception {
        AccessToken t = HttpTokenEndpoint.token(URI_, 200,
                "{\"access_token\":\"ya29.c.abc\",\"expires_in\":3599,\"token_type\":\"Bearer\"}", 1_000, NOTHING_SENT);
        assertThat(t.value()).isEqualTo("ya29.c.abc");
        assertThat(t.expiresAtMillis()).isEqualTo(3_600_000);
        assertThat(t.lifetimeMillis()).isEqualTo(3_599_000);
    }

    @Test
    void refusalsNameTheStatusAndTheOAuthError() {
        assertThatThrownBy(() -> HttpTokenEndpoint.token(URI_, 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}", 0, NOTHING_SENT))
                .isInstanceOf(TokenExchangeException.class)
                .hasMessage("token endpoint https://oauth2.googleapis.com/token answered 400: invalid_grant "
                        + "(Invalid JWT Signature.)");
        assertThatThrownBy(() -> HttpTokenEndpoint.token(URI_, 503, "<html>down</html>", 0, NOTHING_SENT))
                .hasMessage("token endpoint https://oauth2.googleapis.com/token answered 503: no OAuth error in the body");
    }

    @Test
    void anAnswerWithoutATokenOrLifetimeIsAFailureThatQuotesNoToken() {
        assertThatThrownBy(() -> HttpTokenEndpoint.token(URI_, 200, "{\"token_type\":\"Bearer\"}", 0, NOTHING_SENT))
                .hasMessage("token endpoint https://oauth2.googleapis.com/token answered 200 without an access_token "
                        + "(expected: {\"access_token\":...,\"expires_in\":3599})");
        assertThatThrownBy(() -> HttpTokenEndpoint.token(URI_, 200, "{\"access_token\":\"ya29.secret\"}", 0, NOTHING_SENT))
                .hasMessageContaining("without a positive expires_in")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ya29.secret"));
    }

    @Test
    void aDescriptionQuotingTheAssertionIsWithheld() {
        String assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJndyJ9.c2lnbmF0dXJlLW9mLXRoZS1rZXk";
        assertThatThrownBy(() -> HttpTokenEndpoint.token(URI_, 400, "{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"Bad assertion: " + assertion + "\"}", 0, SecretMatcher.of(assertion)))
                .hasMessage("token endpoint https://oauth2.googleapis.com/token answered 400: invalid_grant "
                        + "(its description quoted the signed assertion and is withheld)");
    }

    @Test
    void connectionFailuresAreDescribedPlainly() {
        assertThat(HttpTokenEndpoint.describe(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo("cannot connect (Connection refused)");
        assertThat(HttpTokenEndpoint.describe(new java.net.http.HttpTimeoutException("request timed out")))
                .isEqualTo("no answer within 10000 ms");
    }
}
