package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PassThroughBodyRelayTest {

    private static final String BODY = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    private final RelayFixtures f = new RelayFixtures();
    private final PassThroughBodyRelay relay = new PassThroughBodyRelay(f.out, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    @Test
    void relaysChunksAsTheyComeAndReadsTheUsageOnTheWay() {
        relay.onContent(chunk(BODY.substring(0, 30)), false);
        assertThat(f.written()).containsExactly(BODY.substring(0, 30));
        relay.onContent(last(BODY.substring(30)), true);
        assertThat(f.end.last.content().toString(StandardCharsets.UTF_8)).isEqualTo(BODY.substring(30));
        assertThat(relay.usage()).isEqualTo(Usage.of(5, 1, 6, 0));
        assertThat(relay.usageEstimated()).isFalse();
    }

    @Test
    void anEmptyLastPieceEndsWithTheSharedEmptyLastContent() {
        relay.onContent(chunk(BODY), false);
        relay.onContent(last(""), true);
        assertThat(f.written()).containsExactly(BODY);
        assertThat(f.end.last).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Test
    void aCutBodyGetsNoErrorBytes() {
        relay.onContent(chunk(BODY.substring(0, 30)), false);
        relay.writeError(GatewayError.UPSTREAM_TIMEOUT, "late");
        assertThat(f.written()).containsExactly(BODY.substring(0, 30));
    }
}
