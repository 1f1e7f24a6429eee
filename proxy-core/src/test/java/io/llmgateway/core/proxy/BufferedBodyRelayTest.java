package io.llmgateway.core.proxy;

import static io.llmgateway.core.proxy.RelayFixtures.chunk;
import static io.llmgateway.core.proxy.RelayFixtures.last;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
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
    private final BufferedBodyRelay relay = new BufferedBodyRelay(f.client.alloc(), 16, f.end);

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
