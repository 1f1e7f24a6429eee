package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PassThroughStreamRelayTest {

    private static final String E1 = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private static final String E2 = "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n";
    private static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
            + "\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":4}}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";
    private static final String ERROR = "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n";

    private final RelayFixtures f = new RelayFixtures();
    private final PassThroughStreamRelay relay = new PassThroughStreamRelay(f.out, 1024, RelayFixtures.DEPLOYMENT,
            25, false, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    @Test
    void relaysEachEventAsSoonAsItIsCompleteAndEndsCleanlyAfterDone() {
        relay.onContent(chunk(E1 + E2.substring(0, 10)), false);
        assertThat(f.written()).containsExactly(E1);
        relay.onContent(chunk(E2.substring(10) + USAGE), false);
        assertThat(f.written()).containsExactly(E2, USAGE);
        relay.onContent(last(DONE), true);
        assertThat(f.written()).containsExactly(DONE);
        assertThat(f.end.last).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(f.end.failed).isFalse();
        assertThat(relay.usage()).isEqualTo(Usage.of(9, 2, 11, 4));
        assertThat(relay.usageEstimated()).isFalse();
        assertThat(f.out.bodyBytes()).isEqualTo((E1 + E2 + USAGE + DONE).length());
    }

    @Test
    void aUsageChunkTheGatewayAskedForIsReadButNotRelayed() {
        PassThroughStreamRelay asked = new PassThroughStreamRelay(f.out, 1024, RelayFixtures.DEPLOYMENT, 25, true, f.end);
        try {
            String withUsage = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":9,"
                    + "\"completion_tokens\":1}}\n\n";
            asked.onContent(chunk(E1 + withUsage + USAGE), false);
            asked.onContent(last(DONE), true);
            assertThat(f.written()).as("a chunk with choices and usage (continuous usage stats) is content")
                    .containsExactly(E1, withUsage, DONE);
            assertThat(asked.usage()).isEqualTo(Usage.of(9, 2, 11, 4));
            assertThat(asked.usageEstimated()).isFalse();
        } finally {
            asked.release();
        }
    }

    @Test
    void nothingAfterDoneIsRelayed() {
        relay.onContent(chunk(E1 + DONE + E2), false);
        relay.onContent(last(E2), true);
        assertThat(f.written()).containsExactly(E1, DONE);
        assertThat(f.end.last).isNotNull();
    }

    @Test
    void anUpstreamErrorEventIsTheOnlyErrorTheClientGetsAndEndsTheStream() {
        relay.onContent(chunk(E1 + ERROR + E2 + DONE), false);
        assertThat(f.written()).containsExactly(E1, ERROR);
        assertThat(f.end.failed).isTrue();
        assertThat(f.end.error).as("no second, gateway-made error").isNull();
    }

    @Test
    void aStreamEndingWithoutDoneIsTruncatedNotComplete() {
        relay.onContent(chunk(E1), false);
        relay.onContent(last(E2), true);
        assertThat(f.written()).containsExactly(E1, E2);
        assertThat(f.end.last).isNull();
        assertThat(f.end.error).isEqualTo(GatewayError.UPSTREAM_STREAM_TRUNCATED);
        assertThat(relay.usage()).as("no usage reported: the prompt's estimate, \"Hel\" + \"lo\" = 5 characters / 4")
                .isEqualTo(Usage.of(25, 2));
        assertThat(relay.usageEstimated()).isTrue();
    }

    @Test
    void anEventOverTheLimitIsAProtocolError() {
        HttpContent huge = chunk("data: " + "x".repeat(2000));
        relay.onContent(huge, false);
        assertThat(huge.refCnt()).isZero();
        assertThat(f.written()).isEmpty();
        assertThat(f.end.error).isEqualTo(GatewayError.UPSTREAM_PROTOCOL_ERROR);
        assertThat(f.end.message).startsWith("the upstream sent an invalid event stream");
    }

    @Test
    void aCutStreamTellsTheClientWithAnErrorEvent() {
        relay.onContent(chunk(E1), false);
        relay.writeError(GatewayError.UPSTREAM_TIMEOUT, "upstream 'p' sent nothing for 5 ms");
        assertThat(f.written()).containsExactly(E1, "data: {\"error\":{\"message\":\"upstream 'p' sent nothing for 5 ms\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_timeout\"}}\n\n");
    }

    @Test
    void anUpstreamErrorEventQuotingTheSecretIsReplacedByTheGatewaysOwn() {
        String quoting = "data: {\"error\":{\"message\":\"key sk-SECRET\\/xyz+789= is over quota\",\"type\":"
                + "\"insufficient_quota\"}}\n\n";
        relay.onContent(chunk(E1 + quoting.substring(0, 30)), false);
        relay.onContent(chunk(quoting.substring(30) + E2 + DONE), false);
        assertThat(f.written()).containsExactly(E1, "data: {\"error\":{\"message\":\"upstream 'p' reported an error "
                + "(its message quoted a credential and is withheld)\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":\"upstream_error\"}}\n\n");
        assertThat(f.end.failed).isTrue();
        assertThat(f.end.error).as("still the only error event").isNull();
    }

    @Test
    void anErrorEventOfAKeyTooShortToSearchIsRelayedAsIs() {
        PassThroughStreamRelay shortKey = new PassThroughStreamRelay(f.out, 1024, RelayFixtures.deployment("sk-1234"),
                25, false, new RelayFixtures.Ends());
        String quoting = "data: {\"error\":{\"message\":\"key sk-1234 is over quota\"}}\n\n";
        shortKey.onContent(chunk(quoting), false);
        assertThat(f.written()).containsExactly(quoting);
        shortKey.release();
    }
}
