package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedBodyRelayTest {

    private final RelayFixtures f = new RelayFixtures();
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(1 << 20);
    private final BufferedBodyRelay relay = new BufferedBodyRelay(f.client.alloc(), 16, budget, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    @Test
    void handsOverTheWholeBodyAndSendsNothingItself() {
        relay.onContent(chunk("{\"error\":"), false);
        relay.onContent(chunk(""), false);
        relay.onContent(last("{}}"), true);
        assertThat(f.end.buffered.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":{}}");
        assertThat(f.written()).isEmpty();
        assertThat(relay.usage()).isNull();
        assertThat(budget.used()).as("reserved while held").isEqualTo(12);
        f.end.buffered.release();
        f.end.buffered = null;
        assertThat(budget.used()).as("given back when freed").isZero();
    }

    @Test
    void aChunkTheMemoryBudgetHasNoRoomForFailsWithServerOverloaded() {
        ConcurrentMemoryBudget tight = new ConcurrentMemoryBudget(12);
        BufferedBodyRelay small = new BufferedBodyRelay(f.client.alloc(), 1024, tight, f.end);
        small.onContent(chunk("0123456789"), false);
        HttpContent over = chunk("0123");
        small.onContent(over, false);
        assertThat(over.refCnt()).isZero();
        assertThat(f.end.error).isEqualTo(GatewayError.SERVER_OVERLOADED);
        assertThat(f.end.message).contains("server.max_buffered_bytes allows (12 bytes)");
        assertThat((Object) f.end.buffered).as("nothing handed over").isNull();
        assertThat(tight.used()).isEqualTo(10);
        small.release();
        assertThat(tight.used()).as("the abandoned body gives its reservation back").isZero();
    }

    @Test
    void aBodyOverTheLimitFailsAtTheChunkThatCrossesIt() {
        relay.onContent(chunk("0123456789"), false);
        HttpContent crossing = chunk("0123456789");
        relay.onContent(crossing, false);
        assertThat(crossing.refCnt()).isZero();
        assertThat(f.end.error).isEqualTo(GatewayError.UPSTREAM_RESPONSE_TOO_LARGE);
        assertThat(f.end.message).isEqualTo(BufferedBodyRelay.tooLarge(16))
                .isEqualTo("the upstream response is larger than upstream.max_response_bytes (16)");
        assertThat((Object) f.end.buffered).as("nothing handed over").isNull();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsKnownFromTheHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        assertThat(BufferedBodyRelay.mayFit(head, 16)).as("no length: read and see").isTrue();
        head.headers().set("content-length", 16);
        assertThat(BufferedBodyRelay.mayFit(head, 16)).isTrue();
        head.headers().set("content-length", 17);
        assertThat(BufferedBodyRelay.mayFit(head, 16)).isFalse();
    }
}
