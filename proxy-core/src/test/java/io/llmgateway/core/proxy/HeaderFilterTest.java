package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

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
        HeaderFilter.copyToClient(provider, client);
        assertThat(client.names()).containsExactlyInAnyOrder("x-ratelimit-remaining-requests", "openai-processing-ms");
    }
}
