package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.auth.ClientIdentity;
import io.llmgateway.core.limits.BudgetedCompositeByteBuf;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BodyCollector}: the body as received and its routing fields become one ClientRequest, or
 * a 400/404; the body's reservation in the memory budget moves into it.
 */
class BodyCollectorTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(1 << 20);
    private final BodyReservation reservation = new BodyReservation(budget);
    private final List<ExchangeOutcome> outcomes = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BodyCollector(reservation, outcomes::add), events);
    private final HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/embeddings");

    @BeforeEach
    void openRequest() {
        InboundRequest request = server.open(channel, true);
        request.routed(HttpRoute.proxied(Endpoint.EMBEDDINGS), "/v1/embeddings");
        request.authenticated(new ClientIdentity("api_keys[0]"));
        head.headers().set("x-custom", "kept");
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private String answer(int status) {
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(status);
            assertThat(events.events).containsExactly(RequestFinished.KEEP_ALIVE);
            assertThat((Object) channel.readInbound()).isNull();
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aCompleteBodyBecomesAClientRequest() {
        channel.writeInbound(head, new DefaultHttpContent(text("{\"model\":\"gpt-4o\",")),
                new DefaultHttpContent(text("\"input\":\"x\",\"user\":\"u1\"")), new DefaultLastHttpContent(text("}")));
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.body().toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"model\":\"gpt-4o\",\"input\":\"x\",\"user\":\"u1\"}");
            assertThat(r.fields().model()).isEqualTo("gpt-4o");
            assertThat(r.route().name()).isEqualTo("gpt-4o");
            assertThat(r.endpoint()).isEqualTo(Endpoint.EMBEDDINGS);
            assertThat(r.headers().get("x-custom")).isEqualTo("kept");
            assertThat(r.requestId()).isEqualTo("req-1");
            assertThat(r.keepAlive()).isTrue();
            assertThat(r.clientKeyId()).isEqualTo("api_keys[0]");
            assertThat(r.receivedNanos()).isEqualTo(42L);
            assertThat(r.snapshot()).isSameAs(server.snapshot());
        } finally {
            r.body().release();
        }
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void malformedJsonIs400() {
        channel.writeInbound(head, new DefaultHttpContent(text("{\"model\": \"gpt-4o\", \"input\": [")),
                new DefaultLastHttpContent());
        assertThat(answer(400)).contains("\"type\":\"invalid_request_error\"").contains("\"code\":null");
        assertThat(outcomes).as("refused before routing: no outcome").isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aMissingModelIs400WithParam() {
        channel.writeInbound(head, new DefaultLastHttpContent(text("{\"input\":\"x\"}")));
        assertThat(answer(400)).isEqualTo("{\"error\":{\"message\":\"you must provide a model parameter\","
                + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":null}}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUnknownModelIs404ModelNotFound() {
        channel.writeInbound(head, new DefaultLastHttpContent(text("{\"model\":\"nope\",\"input\":\"x\"}")));
        assertThat(answer(404)).contains("The model 'nope' does not exist").contains("\"param\":\"model\"")
                .contains("\"code\":\"model_not_found\"");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.alias()).isEqualTo("nope");
            assertThat(o.status()).isEqualTo(404);
            assertThat(o.errorCode()).isEqualTo("model_not_found");
            assertThat(o.deployment()).isNull();
            assertThat(o.attempts()).isEmpty();
            assertThat(o.bytesIn()).isEqualTo(28);
        });
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestEndedMidBodyReleasesWhatWasCollected() {
        channel.writeInbound(head, new DefaultHttpContent(text("{\"model\":\"gpt-4o\",")));
        channel.pipeline().fireUserEventTriggered(RequestFinished.CLOSE);
        channel.writeInbound(new DefaultLastHttpContent(text("}")));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDisconnectMidBodyReleasesWhatWasCollected() {
        channel.writeInbound(head, new DefaultHttpContent(text("{\"model\":\"gpt-4o\",")));
        channel.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theReservationMovesIntoTheBodyAndComesBackWhenTheBodyIsFreed() {
        String json = "{\"model\":\"gpt-4o\",\"input\":\"x\"}";
        assertThat(reservation.grow(json.length())).isTrue(); // as BodyBudget does at the head
        channel.writeInbound(head, new DefaultLastHttpContent(text(json)));
        ClientRequest r = channel.readInbound();
        assertThat(reservation.bytes()).isZero();
        assertThat(((BudgetedCompositeByteBuf) r.body()).reservation()).isEqualTo(json.length());
        assertThat(budget.used()).isEqualTo(json.length());
        channel.pipeline().fireUserEventTriggered(RequestFinished.KEEP_ALIVE);
        assertThat(budget.used()).as("the exchange owns the body now").isEqualTo(json.length());
        r.body().release();
        assertThat(budget.used()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRefusedBodyLeavesItsReservationToTheRequestsEnd() {
        assertThat(reservation.grow(15)).isTrue();
        channel.writeInbound(head, new DefaultLastHttpContent(text("{\"input\":\"x\"}")));
        answer(400);
        assertThat(reservation.bytes()).as("BodyBudget gives it back when the request ends").isEqualTo(15);
        reservation.release();
        assertThat(budget.used()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tinyChunksAreCopiedIntoFewBuffersAndLargeOnesKeptInOrder() {
        StringBuilder sent = new StringBuilder();
        channel.writeInbound(head);
        for (String piece : new String[] {"{\"model\":\"gpt-4o\",\"input\":\"", "a".repeat(20_000)}) {
            for (int i = 0; i < piece.length(); i++) {
                channel.writeInbound(new DefaultHttpContent(text(piece.substring(i, i + 1))));
            }
            sent.append(piece);
        }
        String large = "b".repeat(BodyCollector.SMALL_CHUNK);
        channel.writeInbound(new DefaultHttpContent(text(large)), new DefaultHttpContent(text("cc")),
                new DefaultLastHttpContent(text("\"}")));
        sent.append(large).append("cc\"}");
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.body().toString(StandardCharsets.UTF_8)).isEqualTo(sent.toString());
            assertThat(((BudgetedCompositeByteBuf) r.body()).numComponents())
                    .as("20,031 one-byte chunks and a large one: the first byte, two tails, the large one, the last tail")
                    .isEqualTo(5);
            assertThat(r.fields().model()).isEqualTo("gpt-4o");
        } finally {
            r.body().release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyInOneBufferIsKeptAsItIs() {
        ByteBuf whole = text("{\"model\":\"gpt-4o\",\"input\":\"x\"}");
        channel.writeInbound(head, new DefaultLastHttpContent(whole));
        ClientRequest r = channel.readInbound();
        try {
            assertThat(((BudgetedCompositeByteBuf) r.body()).numComponents()).isEqualTo(1);
            assertThat(((BudgetedCompositeByteBuf) r.body()).internalComponent(0)).as("not copied").isSameAs(whole);
        } finally {
            r.body().release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestEndedWithTinyChunksCollectedReleasesThem() {
        channel.writeInbound(head, new DefaultHttpContent(text("{")), new DefaultHttpContent(text("\"")));
        channel.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
