package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.secrets.SecretMatcher;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HeaderFilterTest {

    @Test
    void credentialsHopByHopAndFramingNeverGoUpstreamWhateverTheirCase() {
        HttpHeaders client = new DefaultHttpHeaders()
                .add("Authorization", "Bearer client-key")
                .add("X-Api-Key", "k")
                .add("Host", "gw")
                .add("Content-Length", "10")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "keep-alive, X-Hop")
                .add("X-Hop", "1")
                .add("Accept-Encoding", "gzip")
                .add("X-Stainless-Lang", "java")
                .add("OpenAI-Beta", "assistants=v2");
        HttpHeaders upstream = new DefaultHttpHeaders();
        HeaderFilter.copyToUpstream(client, upstream);
        assertThat(upstream.names()).containsExactlyInAnyOrder("X-Stainless-Lang", "OpenAI-Beta");
    }

    @Test
    void upstreamResponseHeadersAreFilteredForTheClient() {
        HttpHeaders provider = new DefaultHttpHeaders()
                .add("Set-Cookie", "__cf_bm=x")
                .add("content-length", "5")
                .add("X-Request-Id", "req_1")
                .add("x-ratelimit-remaining-requests", "9")
                .add("openai-processing-ms", "12")
                .add("Connection", "close");
        HttpHeaders client = new DefaultHttpHeaders();
        assertThat(HeaderFilter.copyToClient(provider, client, SecretMatcher.none())).isZero();
        assertThat(client.names()).containsExactlyInAnyOrder("x-ratelimit-remaining-requests", "openai-processing-ms");
    }

    @Test
    void anUpstreamHeaderCarryingTheKeysSecretInAnyFormIsDropped() {
        String secret = "sk-SECRET/xyz+789=";
        HttpHeaders provider = new DefaultHttpHeaders()
                .add("x-echo-key", "Bearer " + secret)
                .add("x-echo-url", "https://h/?key=sk-SECRET%2Fxyz%2B789%3D")
                .add("x-echo-basic", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("user:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .add("x-echo-json", "{\"k\":\"sk-SECRET\\/xyz+789=\"}")
                .add("openai-processing-ms", "12")
                .add("x-near-miss", "sk-SECRET/xyz+788=");
        HttpHeaders client = new DefaultHttpHeaders();
        assertThat(HeaderFilter.copyToClient(provider, client, SecretMatcher.of(secret))).isEqualTo(4);
        assertThat(client.names()).containsExactlyInAnyOrder("openai-processing-ms", "x-near-miss");
    }
}
