package io.llmgateway.codec.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamCallTest {

    @Test
    void itsStringFormShowsNeitherHeaderValuesNorTheQuery() {
        UpstreamCall call = new UpstreamCall("POST", "/v1beta/models/g:generateContent?key=AIza-query-secret&alt=sse",
                List.of(Map.entry("authorization", "Bearer sk-header-secret")), Unpooled.EMPTY_BUFFER, null);

        assertThat(call.toString()).isEqualTo("UpstreamCall[POST /v1beta/models/g:generateContent?..., 1 headers]")
                .doesNotContain("secret");
        assertThat(new UpstreamCall("POST", "/v1/chat/completions", List.of(), Unpooled.EMPTY_BUFFER, null))
                .hasToString("UpstreamCall[POST /v1/chat/completions, 0 headers]");
    }
}
