package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.cache.CacheStatus;
import io.llmgateway.core.cache.ConcurrentMemoryResponseStore;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.limits.ManualTicker;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.TestConnections;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache inside {@link ProxyExchange}, on embedded channels: a miss goes upstream and
 * its success is stored, the same request is then answered without a connection; errors are not
 * stored; a stream is replayed from a stored answer; {@code Cache-Control} is honoured.
 */
class ExchangeCacheTest {

    private static final String CONFIG = """
            providers:
              - id: p
                type: openai
                base_url: "http://up.test/v1"
                keys: [{id: k1, secret: sk-one-secret}]
            model_aliases:
              m: p:gpt-4o
            policy: {retries: 0}
            cache: {enabled: true}
            """;
    private static final Origin ORIGIN = new Origin(false, "up.test", 80);
    private static final String CHAT = "{\"model\":\"m\",\"stream\":%s,\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
    private static final String COMPLETION = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
            + "\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final List<EmbeddedChannel> upstreams = new ArrayList<>();
    private final ArrayDeque<EmbeddedChannel> plan = new ArrayDeque<>();
    private final List<ExchangeOutcome> outcomes = new ArrayList<>();
    private final List<ByteBuf> bodies = new ArrayList<>();
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(64 << 20);
    private final ConcurrentMemoryResponseStore store =
            new ConcurrentMemoryResponseStore(1 << 20, 1 << 16, new ManualTicker());
    private final GatewaySnapshot snapshot;

    ExchangeCacheTest() throws Exception {
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse(CONFIG, "test");
        snapshot = new GatewaySnapshot(cfg, 1_700_000_000L, new KeyStateRegistry());
        client.freezeTime();
    }

    @AfterEach
    void close() {
        assertThat(client.finishAndReleaseAll()).isFalse();
        for (EmbeddedChannel up : upstreams) {
            assertThat(up.finishAndReleaseAll()).isFalse();
        }
        assertThat(bodies).allSatisfy(b -> assertThat(b.refCnt()).as("every request body is released").isZero());
        assertThat(plan).as("every planned connection was asked for").isEmpty();
        assertThat(budget.used()).isZero();
    }

    /** The next exchange may take a connection, on a new embedded channel (returned). */
    private EmbeddedChannel connection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        upstreams.add(ch);
        plan.add(ch);
        return ch;
    }

    private void exchange(boolean stream, String content, String cacheControl) throws Exception {
        exchange(Endpoint.CHAT_COMPLETIONS, CHAT.formatted(stream, content), cacheControl);
    }

    private void exchange(Endpoint endpoint, String json, String cacheControl) throws Exception {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        bodies.add(body);
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        if (cacheControl != null) {
            headers.set("cache-control", cacheControl);
        }
        ClientRequest request = new ClientRequest(snapshot, endpoint, headers, body,
                RequestFieldScanner.scan(body), snapshot.routing().resolve("m"), "req-" + bodies.size(), true,
                "vk-a", System.nanoTime());
        ConnectionSource source = (loop, origin) -> {
            EmbeddedChannel ch = plan.poll();
            if (ch == null) {
                return loop.newFailedFuture(new AssertionError("no upstream connection was expected"));
            }
            UpstreamConnection c = TestConnections.fresh(ch, ORIGIN);
            return loop.newSucceededFuture(c);
        };
        new ProxyExchange(client.pipeline().firstContext(), close -> { }, request,
                new ProxyServices(source, outcomes::add, budget, AccessTokens.NONE, store)).start();
    }

    private static void answer(EmbeddedChannel up, int status, String contentType, String body) {
        HttpRequest head = up.readOutbound();
        assertThat(head).isNotNull();
        ReferenceCountUtil.release(up.readOutbound());
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        r.headers().set("content-type", contentType);
        up.writeInbound(r);
        up.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
    }

    /** What the client got: its status, {@code x-gateway-cache}, and the body as text. */
    private record Received(int status, String cache, String body) {
    }

    private Received received() {
        int status = 0;
        String cache = null;
        StringBuilder body = new StringBuilder();
        Object m;
        while ((m = client.readOutbound()) != null) {
            if (m instanceof HttpResponse head) {
                status = head.status().code();
                cache = head.headers().get(CacheStatus.HEADER);
            }
            if (m instanceof HttpContent c) {
                body.append(c.content().toString(StandardCharsets.UTF_8));
            }
            ReferenceCountUtil.release(m);
        }
        return new Received(status, cache, body.toString());
    }

    @Test
    void aMissIsStoredAndTheSameRequestIsThenAnsweredWithoutAConnection() throws Exception {
        EmbeddedChannel up = connection();
        exchange(false, "hi", null);
        answer(up, 200, "application/json", COMPLETION);
        assertThat(received()).isEqualTo(new Received(200, "miss", COMPLETION));

        exchange(false, "hi", null);
        assertThat(received()).isEqualTo(new Received(200, "hit", COMPLETION));
        assertThat(outcomes).extracting(ExchangeOutcome::cache).containsExactly(CacheStatus.MISS, CacheStatus.HIT);
        ExchangeOutcome hit = outcomes.get(1);
        assertThat(hit.attempts()).isEmpty();
        assertThat(hit.deployment()).isNull();
        assertThat(hit.usage()).as("a hit used no tokens").isNull();
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.bytesOut()).isEqualTo(COMPLETION.length());
        assertThat(store.entries()).isEqualTo(1);
    }

    @Test
    void anErrorIsNotStored() throws Exception {
        EmbeddedChannel first = connection();
        exchange(false, "bad", null);
        answer(first, 400, "application/json", "{\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\"}}");
        assertThat(received().status()).isEqualTo(400);
        assertThat(store.entries()).isZero();

        EmbeddedChannel second = connection();
        exchange(false, "bad", null);
        answer(second, 200, "application/json", COMPLETION);
        assertThat(received()).isEqualTo(new Received(200, "miss", COMPLETION));
    }

    @Test
    void aStreamIsReplayedFromAStoredAnswer() throws Exception {
        EmbeddedChannel up = connection();
        exchange(false, "stream me", null);
        answer(up, 200, "application/json", COMPLETION);
        received();

        exchange(true, "stream me", null);
        Received r = received();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.cache()).isEqualTo("hit");
        assertThat(r.body()).startsWith("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\"")
                .contains("\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}")
                .contains("\"finish_reason\":\"stop\"")
                .doesNotContain("\"usage\"")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void aStoredStreamAnswersAStreamButNotAPlainRequest() throws Exception {
        String events = "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        EmbeddedChannel up = connection();
        exchange(true, "s", null);
        answer(up, 200, "text/event-stream", events);
        assertThat(received()).isEqualTo(new Received(200, "miss", events));

        exchange(true, "s", null);
        assertThat(received()).isEqualTo(new Received(200, "hit", events));

        EmbeddedChannel plain = connection();
        exchange(false, "s", null);
        answer(plain, 200, "application/json", COMPLETION);
        assertThat(received()).isEqualTo(new Received(200, "miss", COMPLETION));
    }

    @Test
    void aStreamCutShortIsNotStored() throws Exception {
        EmbeddedChannel up = connection();
        exchange(true, "cut", null);
        answer(up, 200, "text/event-stream", "data: {\"choices\":[]}\n\n");
        received();
        assertThat(store.entries()).isZero();
    }

    @Test
    void noCacheGoesUpstreamAndStoresNoStoreDoesNeither() throws Exception {
        EmbeddedChannel first = connection();
        exchange(false, "cc", null);
        answer(first, 200, "application/json", COMPLETION);
        received();

        EmbeddedChannel refreshed = connection();
        exchange(false, "cc", "no-cache");
        answer(refreshed, 200, "application/json", COMPLETION.replace("Hello", "Fresh"));
        assertThat(received()).isEqualTo(new Received(200, "bypass", COMPLETION.replace("Hello", "Fresh")));
        exchange(false, "cc", null);
        assertThat(received().body()).contains("Fresh");

        EmbeddedChannel unstored = connection();
        exchange(false, "ns", "max-age=0, No-Store");
        answer(unstored, 200, "application/json", COMPLETION);
        assertThat(received().cache()).isEqualTo("bypass");
        assertThat(outcomes.get(outcomes.size() - 1).cache()).isEqualTo(CacheStatus.BYPASS);
        EmbeddedChannel again = connection();
        exchange(false, "ns", null);
        answer(again, 200, "application/json", COMPLETION);
        assertThat(received().cache()).isEqualTo("miss");
    }

    private static final String MESSAGES = "{\"model\":\"m\",\"stream\":%s,\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    @Test
    void aMessagesAnswerIsStoredAndAnswersThePlainRequestAndTheStreamButNeverChat() throws Exception {
        EmbeddedChannel up = connection();
        exchange(Endpoint.MESSAGES, MESSAGES.formatted(false, "hi"), null);
        answer(up, 200, "application/json", COMPLETION);
        Received miss = received();
        assertThat(miss.cache()).isEqualTo("miss");
        assertThat(miss.body()).startsWith("{\"id\":\"msg_c1\",\"type\":\"message\"").contains("\"text\":\"Hello\"");

        exchange(Endpoint.MESSAGES, MESSAGES.formatted(false, "hi"), null);
        assertThat(received()).isEqualTo(new Received(200, "hit", miss.body()));

        exchange(Endpoint.MESSAGES, MESSAGES.formatted(true, "hi"), null);
        Received streamed = received();
        assertThat(streamed.cache()).isEqualTo("hit");
        assertThat(streamed.body()).startsWith("event: message_start\ndata: {\"type\":\"message_start\","
                + "\"message\":{\"id\":\"msg_c1\"")
                .contains("\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}")
                .contains("\"stop_reason\":\"end_turn\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        EmbeddedChannel chat = connection();
        exchange(Endpoint.CHAT_COMPLETIONS, MESSAGES.formatted(false, "hi"), null);
        answer(chat, 200, "application/json", COMPLETION);
        assertThat(received()).as("the same body to chat completions").isEqualTo(new Received(200, "miss", COMPLETION));
        assertThat(outcomes).extracting(ExchangeOutcome::cache)
                .containsExactly(CacheStatus.MISS, CacheStatus.HIT, CacheStatus.HIT, CacheStatus.MISS);
    }

    @Test
    void aMessagesStreamIsStoredWhenItEndsWithMessageStop() throws Exception {
        String chunks = "data: {\"id\":\"c2\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        EmbeddedChannel up = connection();
        exchange(Endpoint.MESSAGES, MESSAGES.formatted(true, "s"), null);
        answer(up, 200, "text/event-stream", chunks);
        Received live = received();
        assertThat(live.cache()).isEqualTo("miss");
        assertThat(live.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        exchange(Endpoint.MESSAGES, MESSAGES.formatted(true, "s"), null);
        assertThat(received()).isEqualTo(new Received(200, "hit", live.body()));
    }

    private static final String RESPONSES = "{\"model\":\"m\",\"stream\":%s,\"store\":%s,\"input\":\"%s\"}";
    private static final String RESPONSE = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,"
            + "\"status\":\"completed\",\"model\":\"gpt-4o\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\","
            + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Hello\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":1,"
            + "\"total_tokens\":4}}";

    @Test
    void aResponseIsStoredAndReplayedAsItsStreamUnlessTheProviderStoresIt() throws Exception {
        EmbeddedChannel up = connection();
        exchange(Endpoint.RESPONSES, RESPONSES.formatted(false, false, "hi"), null);
        answer(up, 200, "application/json", RESPONSE);
        assertThat(received()).isEqualTo(new Received(200, "miss", RESPONSE));

        exchange(Endpoint.RESPONSES, RESPONSES.formatted(false, false, "hi"), null);
        assertThat(received()).isEqualTo(new Received(200, "hit", RESPONSE));
        exchange(Endpoint.RESPONSES, RESPONSES.formatted(true, false, "hi"), null);
        Received streamed = received();
        assertThat(streamed.cache()).isEqualTo("hit");
        assertThat(streamed.body()).startsWith("event: response.created\n")
                .contains("\"delta\":\"Hello\"").contains("event: response.completed\n").contains("\"id\":\"resp_1\"");

        EmbeddedChannel stored = connection();
        exchange(Endpoint.RESPONSES, RESPONSES.formatted(false, true, "hi"), null);
        answer(stored, 200, "application/json", RESPONSE);
        assertThat(received()).as("store: true is not cached").isEqualTo(new Received(200, null, RESPONSE));
        assertThat(store.entries()).isEqualTo(1);
    }

    @Test
    void aMessagesRequestIsKeyedOnItsAnthropicVersionAndBetas() {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("anthropic-version", "2023-06-01");
        String version = ExchangeCache.keyedHeaders(Endpoint.MESSAGES, headers);
        headers.add("anthropic-beta", "a");
        headers.add("anthropic-beta", "b");
        String betas = ExchangeCache.keyedHeaders(Endpoint.MESSAGES, headers);
        assertThat(version).isEqualTo("2023-06-01\n");
        assertThat(betas).isEqualTo("2023-06-01\na,b");
        assertThat(ExchangeCache.keyedHeaders(Endpoint.CHAT_COMPLETIONS, headers)).isNull();
        assertThat(ExchangeCache.keyedHeaders(Endpoint.RESPONSES, headers)).isNull();
    }

    @Test
    void cacheControlDirectivesAreMatchedWhole() {
        assertThat(ExchangeCache.directive("no-cache", "no-cache")).isTrue();
        assertThat(ExchangeCache.directive("max-age=0, NO-CACHE", "no-cache")).isTrue();
        assertThat(ExchangeCache.directive("no-cache=\"set-cookie\"", "no-cache")).isTrue();
        assertThat(ExchangeCache.directive("no-cache-please", "no-cache")).isFalse();
        assertThat(ExchangeCache.directive("private", "no-store")).isFalse();
        assertThat(ExchangeCache.directive("", "no-store")).isFalse();
    }
}
