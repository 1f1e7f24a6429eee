package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.TraceParent;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.observe.log.RequestLog;
import io.llmgateway.core.observe.log.RequestLogEntry;
import io.llmgateway.core.observe.log.RequestLogRing;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.TestConnections;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole exchanges without sockets: the client is an {@link EmbeddedChannel} that records what the
 * gateway writes, each upstream connection another one that the test answers by hand.
 */
class ProxyExchangeTest {

    private static final String CONFIG = """
            upstream: {first_byte_timeout_ms: 1000, idle_timeout_ms: 500, total_timeout_ms: 60000}
            providers:
              - id: p
                type: openai-compatible
                base_url: "http://up.test/v1"
                keys: [{id: k1, secret: sk-one-secret, limit_tokens_per_min: 1000000},
                       {id: k2, secret: sk-two-secret, limit_tokens_per_min: 1000000}]
              - id: solo
                type: openai
                base_url: "http://solo.test/v1"
                keys: [{id: only, secret: sk-solo-secret, limit_tokens_per_min: 1000000}]
              - id: claude
                type: anthropic
                base_url: "http://claude.test/v1"
                keys: [{id: c1, secret: sk-claude-secret, limit_tokens_per_min: 1000000}]
            model_aliases:
              m: p:gpt-4o
              one: solo:gpt-4o
              short: {targets: [solo:gpt-small], context_window_fallbacks: [long]}
              long: p:gpt-long
              claude: claude:claude-sonnet
            policy: {retries: 1, backoff_ms: {initial: 0, max: 0}}
            """;
    private static final Origin ORIGIN = new Origin(false, "up.test", 80);
    private static final String CHAT = "{\"model\":\"%s\",\"stream\":%s,\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ArrayDeque<Object> plan = new ArrayDeque<>();
    private final List<EmbeddedChannel> upstreams = new ArrayList<>();
    private final List<EmbeddedChannel> used = new ArrayList<>();
    private final List<ExchangeOutcome> outcomes = new ArrayList<>();
    private final List<Boolean> finished = new ArrayList<>();
    /** The buffered answers' memory budget: back to 0 after every exchange. */
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(64 << 20);
    private final KeyStateRegistry keys = new KeyStateRegistry();
    private final GatewaySnapshot snapshot;
    /** {@link #CONFIG} with tracing on. */
    private final GatewaySnapshot tracedSnapshot;
    /** The snapshot and the client headers of the next {@link #start}. */
    private GatewaySnapshot startWith;
    private final DefaultHttpHeaders clientHeaders = new DefaultHttpHeaders();
    private ByteBuf body;

    ProxyExchangeTest() throws Exception {
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse(CONFIG, "test");
        snapshot = new GatewaySnapshot(cfg, 1_700_000_000L, keys);
        GatewayConfig traced = new ConfigLoader(Map.<String, String>of()::get)
                .parse(CONFIG + "logging: {otlp: {endpoint: \"http://collector.test:4318\"}}\n", "test");
        tracedSnapshot = new GatewaySnapshot(traced, 1_700_000_000L, new KeyStateRegistry());
        startWith = snapshot;
        client.freezeTime();
    }

    @AfterEach
    void close() {
        assertThat(client.finishAndReleaseAll()).isFalse();
        for (EmbeddedChannel up : upstreams) {
            assertThat(up.finishAndReleaseAll()).isFalse();
        }
        assertThat(body.refCnt()).as("the request body is released once").isZero();
        assertThat(outcomes).as("exactly one outcome per exchange").hasSize(1);
        assertThat(finished).hasSize(1);
        assertThat(budget.used()).as("every buffered answer gives its memory back").isZero();
    }

    // ---- fixtures -------------------------------------------------------------------------------

    /** The exchanges started next run on a config whose request log keeps content, {@code maxBytes} of each. */
    private void logContent(int maxBytes) throws Exception {
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse(CONFIG
                + "logging: {include_content: true, max_content_bytes: " + maxBytes + "}\n", "test");
        startWith = new GatewaySnapshot(cfg, 1_700_000_000L, new KeyStateRegistry());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The next connection the exchange asks for is a fresh one on a new embedded channel. */
    private void freshConnection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        upstreams.add(ch);
        plan.add(TestConnections.fresh(ch, ORIGIN));
    }

    private void reusedConnection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        upstreams.add(ch);
        plan.add(TestConnections.reused(ch, ORIGIN));
    }

    private ProxyExchange start(String model, boolean stream, boolean keepAlive) throws Exception {
        body = Unpooled.copiedBuffer(CHAT.formatted(model, stream), StandardCharsets.UTF_8);
        ClientRequest request = new ClientRequest(startWith, Endpoint.CHAT_COMPLETIONS, clientHeaders, body,
                RequestFieldScanner.scan(body), startWith.routing().resolve(model), "req-1", keepAlive, "team-a",
                System.nanoTime());
        ConnectionSource source = (loop, origin) -> {
            Object next = plan.poll();
            if (next instanceof Throwable t) {
                return loop.newFailedFuture(t);
            }
            UpstreamConnection c = (UpstreamConnection) next;
            used.add((EmbeddedChannel) c.channel());
            return loop.newSucceededFuture(c);
        };
        ProxyExchange exchange = new ProxyExchange(client.pipeline().firstContext(), finished::add, request,
                new ProxyServices(source, outcomes::add, budget));
        exchange.start();
        return exchange;
    }

    /** The request the attempt on {@code up} sent: its head (the body is checked and released). */
    private static HttpRequest sent(EmbeddedChannel up) {
        HttpRequest head = up.readOutbound();
        LastHttpContent content = up.readOutbound();
        assertThat(content.content().toString(StandardCharsets.UTF_8)).contains("\"messages\"");
        content.release();
        return head;
    }

    private static void head(EmbeddedChannel up, int status, String contentType) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        r.headers().set("content-type", contentType);
        up.writeInbound(r);
    }

    private static void piece(EmbeddedChannel up, String s) {
        up.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8)));
    }

    private static void end(EmbeddedChannel up, String s) {
        up.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8)));
    }

    private static void answer(EmbeddedChannel up, int status, String json) {
        head(up, status, "application/json");
        end(up, json);
    }

    /** What the client received so far: heads and full responses as they are, bodies as text. */
    private List<Object> received() {
        List<Object> got = new ArrayList<>();
        Object m;
        while ((m = client.readOutbound()) != null) {
            if (m instanceof FullHttpResponse full) {
                got.add(full.copy());
            } else if (m instanceof HttpResponse headOnly) {
                got.add(headOnly);
            } else if (m instanceof HttpContent c) {
                got.add(c.content().toString(StandardCharsets.UTF_8));
            } else {
                got.add(m instanceof ByteBuf b && !b.isReadable() ? "(flush)" : m);
            }
            ReferenceCountUtil.release(m);
        }
        return got;
    }

    private FullHttpResponse fullAnswer() {
        List<Object> got = received();
        assertThat(got).hasSize(1).first().isInstanceOf(FullHttpResponse.class);
        return (FullHttpResponse) got.get(0);
    }

    private static String text(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    /** The body the attempt on {@code up} sent, as text (its head is checked and dropped). */
    private static String sentBody(EmbeddedChannel up) {
        HttpRequest head = up.readOutbound();
        assertThat(head).isNotNull();
        LastHttpContent content = up.readOutbound();
        try {
            return content.content().toString(StandardCharsets.UTF_8);
        } finally {
            content.release();
        }
    }

    /** The tokens counted against a key's tokens per minute right now. */
    private long tokensUsed(String keyId) {
        return keys.snapshot().stream().filter(k -> k.keyId().equals(keyId)).findFirst().orElseThrow().tpmUsed();
    }

    private ExchangeOutcome outcome() {
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    // ---- relayed answers ------------------------------------------------------------------------

    @Test
    void aStreamIsRelayedAsItComesAndItsOutcomeSaysEverything() throws Exception {
        freshConnection();
        start("m", true, true);
        EmbeddedChannel up = used.get(0);
        HttpRequest request = sent(up);
        assertThat(request.uri()).isEqualTo("/v1/chat/completions");
        assertThat(request.headers().get("authorization")).startsWith("Bearer sk-");
        assertThat(request.headers().get("x-request-id")).isEqualTo("req-1");

        head(up, 200, "text/event-stream");
        assertThat(body.refCnt()).as("released once the head is committed").isZero();
        String e1 = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n";
        String usage = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1,"
                + "\"total_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":5}}}\n\n";
        piece(up, e1);
        List<Object> got = received();
        assertThat(got).hasSize(2);
        HttpResponse clientHead = (HttpResponse) got.get(0);
        assertThat(clientHead.status().code()).isEqualTo(200);
        assertThat(clientHead.headers().get("content-type")).startsWith("text/event-stream");
        assertThat(clientHead.headers().get("x-gateway-attempts")).isEqualTo("1");
        assertThat(got.get(1)).isEqualTo(e1);
        end(up, usage + "data: [DONE]\n\n");
        assertThat(received()).containsExactly(usage, "data: [DONE]\n\n", "");
        assertThat(up.isActive()).as("back in the pool").isTrue();
        assertThat(finished).containsExactly(false);

        ExchangeOutcome o = outcome();
        assertThat(o.requestId()).isEqualTo("req-1");
        assertThat(o.clientKeyId()).isEqualTo("team-a");
        assertThat(o.alias()).isEqualTo("m");
        assertThat(o.providerId()).isEqualTo("p");
        assertThat(o.keyId()).isIn("k1", "k2");
        assertThat(o.upstreamModel()).isEqualTo("gpt-4o");
        assertThat(o.stream()).isTrue();
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.errorCode()).isNull();
        assertThat(o.attempts()).hasSize(1);
        AttemptOutcome attempt = o.attempts().get(0);
        assertThat(attempt.deployment()).isEqualTo(o.deployment());
        assertThat(attempt.status()).isEqualTo(200);
        assertThat(attempt.error()).isEqualTo(ErrorKind.NONE);
        assertThat(attempt.startNanos()).isGreaterThanOrEqualTo(o.receivedNanos());
        assertThat(attempt.sentNanos()).isBetween(attempt.startNanos(), attempt.firstByteNanos());
        assertThat(attempt.firstByteNanos()).isPositive().isLessThanOrEqualTo(o.firstUpstreamByteNanos());
        assertThat(attempt.endNanos()).isBetween(attempt.firstByteNanos(), o.endNanos());
        assertThat(o.usage()).isEqualTo(Usage.of(7, 1, 8, 5));
        assertThat(o.usageEstimated()).isFalse();
        assertThat(o.bytesIn()).isEqualTo(CHAT.formatted("m", true).length());
        assertThat(o.bytesOut()).isEqualTo((e1 + usage + "data: [DONE]\n\n").length());
        assertThat(o.clientAborted()).isFalse();
        assertThat(o.receivedNanos()).isPositive();
        assertThat(o.firstUpstreamByteNanos() - o.receivedNanos()).isNotNegative();
        assertThat(o.firstClientByteNanos() - o.firstUpstreamByteNanos()).isNotNegative();
        assertThat(o.endNanos() - o.firstClientByteNanos()).isNotNegative();
        assertThat(o.content()).as("no content kept unless the request log asks for it").isNull();
    }

    @Test
    void withContentLoggingARelayedBodyKeepsTheFirstBytesOfTheRequestAndOfTheAnswer() throws Exception {
        logContent(40);
        freshConnection();
        start("m", false, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "application/json");
        piece(up, "{\"id\":\"x\",\"choices\":[{\"message\":");
        end(up, "{\"content\":\"a long answer\"}}]}");
        String whole = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"a long answer\"}}]}";
        List<Object> got = received();
        assertThat(String.join("", got.subList(1, got.size()).stream().map(String::valueOf).toList()))
                .as("the client's body is untouched").isEqualTo(whole);

        LoggedContent c = outcome().content();
        assertThat(utf8(c.request())).isEqualTo(CHAT.formatted("m", false).substring(0, 40));
        assertThat(c.requestTruncated()).isTrue();
        assertThat(utf8(c.response())).isEqualTo(whole.substring(0, 40));
        assertThat(c.responseTruncated()).isTrue();
    }

    @Test
    void withContentLoggingATranslatedBodyKeepsTheAnswerTheClientGot() throws Exception {
        logContent(16384);
        freshConnection();
        start("claude", false, true);
        answer(used.get(0), 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}");
        sent(used.get(0));
        String answered = text(fullAnswer());

        LoggedContent c = outcome().content();
        assertThat(utf8(c.request())).isEqualTo(CHAT.formatted("claude", false));
        assertThat(c.requestTruncated()).isFalse();
        assertThat(utf8(c.response())).isEqualTo(answered).contains("hello");
        assertThat(c.responseTruncated()).isFalse();
    }

    @Test
    void withContentLoggingAStreamKeepsMoreOfItsEventsThanOfABody() throws Exception {
        logContent(20);
        freshConnection();
        start("m", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        String events = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n";
        end(up, events);
        received();

        LoggedContent c = outcome().content();
        assertThat(utf8(c.request())).isEqualTo(CHAT.formatted("m", true).substring(0, 20));
        assertThat(utf8(c.response())).as("8 x 20 bytes of events").isEqualTo(events);
        assertThat(c.responseTruncated()).isFalse();
    }

    @Test
    void aBodyIsRelayedUnchangedAndAClientThatAskedToCloseIsClosed() throws Exception {
        freshConnection();
        start("m", false, false);
        EmbeddedChannel up = used.get(0);
        sent(up);
        String json = "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"total_tokens\":7}}";
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set("content-type", "application/json").set("content-length", json.length())
                .set("x-request-id", "upstream-9");
        up.writeInbound(r);
        end(up, json);
        List<Object> got = received();
        HttpResponse clientHead = (HttpResponse) got.get(0);
        assertThat(clientHead.headers().get("content-length")).isEqualTo(String.valueOf(json.length()));
        assertThat(clientHead.headers().get("x-upstream-request-id")).isEqualTo("upstream-9");
        assertThat(clientHead.headers().get("connection")).isEqualTo("close");
        assertThat(got.subList(1, got.size())).containsExactly(json);
        assertThat(client.isActive()).isFalse();
        assertThat(finished).containsExactly(true);
        assertThat(outcome().usage()).isEqualTo(Usage.of(3, 4, 7, 0));
    }

    @Test
    void aTranslatedBodyIsAnsweredWholeWithTheAdaptersUsage() throws Exception {
        freshConnection();
        start("claude", false, true);
        EmbeddedChannel up = used.get(0);
        assertThat(sent(up).uri()).isEqualTo("/v1/messages");
        answer(up, 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"cache_read_input_tokens\":3}}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("x-gateway-deployment")).isEqualTo("claude/c1");
        assertThat(text(r)).contains("\"object\":\"chat.completion\"").contains("hello");
        ExchangeOutcome o = outcome();
        assertThat(o.usage().cachedTokens()).isEqualTo(3);
        assertThat(o.usage().completionTokens()).isEqualTo(2);
        assertThat(o.attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.NONE);
    }

    @Test
    void aTranslationFailureNeverQuotesTheUpstreamsText() throws Exception {
        freshConnection();
        start("claude", false, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        answer(up, 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":sk-claude-secret}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(502);
        assertThat(text(r)).contains("\"code\":\"translation_failed\"").doesNotContain("claude-secret");
    }

    @Test
    void aFailureWhoseDescriptionQuotesTheKeysSecretIsWithheld() throws Exception {
        plan.add(new ConnectException("refused: bad credential sk-solo-secret"));
        start("one", false, true);
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(502);
        assertThat(text(r)).contains("\"code\":\"upstream_unreachable\"").contains("upstream 'solo': the details "
                + "of this error quoted a credential and are withheld").doesNotContain("solo-secret");
    }

    // ---- traces ---------------------------------------------------------------------------------

    private static final String CLIENT_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void withTracingOnEachAttemptSendsItsOwnTraceparentInTheClientsTraceAndTheIdsReachTheOutcome() throws Exception {
        startWith = tracedSnapshot;
        clientHeaders.set("traceparent", CLIENT_TRACEPARENT).set("tracestate", "vendor=abc");
        freshConnection();
        freshConnection();
        start("m", false, true);
        HttpRequest first = sent(used.get(0));
        answer(used.get(0), 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}");
        HttpRequest second = sent(used.get(1));
        answer(used.get(1), 200, "{\"id\":\"x\",\"choices\":[]}");
        assertThat(((HttpResponse) received().get(0)).status().code()).isEqualTo(200);

        ExchangeOutcome o = outcome();
        assertThat(o.traced()).isTrue();
        assertThat(o.traceIdHigh()).isEqualTo(0x4bf92f3577b34da6L);
        assertThat(o.traceIdLow()).isEqualTo(0xa3ce929d0e0e4736L);
        assertThat(o.parentSpanId()).as("the client's span").isEqualTo(0x00f067aa0ba902b7L);
        assertThat(o.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(o.attempts()).hasSize(2);
        long a1 = o.attempts().get(0).spanId();
        long a2 = o.attempts().get(1).spanId();
        assertThat(List.of(o.spanId(), a1, a2)).doesNotContain(0L, o.parentSpanId()).doesNotHaveDuplicates();
        assertThat(first.headers().getAll("traceparent"))
                .containsExactly("00-4bf92f3577b34da6a3ce929d0e0e4736-" + TraceParent.hex(a1)
                        + "-01");
        assertThat(second.headers().getAll("traceparent"))
                .containsExactly("00-4bf92f3577b34da6a3ce929d0e0e4736-" + TraceParent.hex(a2)
                        + "-01");
        assertThat(second.headers().get("tracestate")).isEqualTo("vendor=abc");
    }

    @Test
    void withTracingOnARequestWithoutTraceparentBeginsATraceOfItsOwn() throws Exception {
        startWith = tracedSnapshot;
        freshConnection();
        start("m", false, true);
        HttpRequest sent = sent(used.get(0));
        answer(used.get(0), 200, "{\"id\":\"x\",\"choices\":[]}");
        assertThat(((HttpResponse) received().get(0)).status().code()).isEqualTo(200);
        ExchangeOutcome o = outcome();
        assertThat(o.traced()).isTrue();
        assertThat(o.parentSpanId()).isZero();
        assertThat(sent.headers().get("traceparent")).isEqualTo(TraceParent.format(
                o.traceIdHigh(), o.traceIdLow(), o.attempts().get(0).spanId(), true));
    }

    @Test
    void withTracingOnAnUnsampledClientTraceIsPropagatedButNotRecorded() throws Exception {
        startWith = tracedSnapshot;
        clientHeaders.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        freshConnection();
        start("m", false, true);
        HttpRequest sent = sent(used.get(0));
        answer(used.get(0), 200, "{\"id\":\"x\",\"choices\":[]}");
        assertThat(((HttpResponse) received().get(0)).status().code()).isEqualTo(200);
        assertThat(sent.headers().get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                .endsWith("-00").doesNotContain("00f067aa0ba902b7");
        assertThat(outcome().traced()).isFalse();
        assertThat(outcome().spanId()).isZero();
    }

    @Test
    void withTracingOffTheClientsTraceparentGoesUpstreamUntouchedAndTheOutcomeHasNoTrace() throws Exception {
        clientHeaders.set("traceparent", CLIENT_TRACEPARENT);
        freshConnection();
        start("m", false, true);
        HttpRequest sent = sent(used.get(0));
        answer(used.get(0), 200, "{\"id\":\"x\",\"choices\":[]}");
        assertThat(((HttpResponse) received().get(0)).status().code()).isEqualTo(200);
        assertThat(sent.headers().getAll("traceparent")).containsExactly(CLIENT_TRACEPARENT);
        ExchangeOutcome o = outcome();
        assertThat(o.traced()).isFalse();
        assertThat(o.spanId()).isZero();
        assertThat(o.attempts()).extracting(AttemptOutcome::spanId).containsExactly(0L);
    }

    // ---- failures before the answer -------------------------------------------------------------

    @Test
    void aServerErrorIsRetriedOnTheOtherKeyAndTheLastErrorIsAnsweredWhenRetriesRunOut() throws Exception {
        freshConnection();
        freshConnection();
        start("m", false, true);
        sent(used.get(0));
        answer(used.get(0), 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}");
        assertThat(used).as("retried at once (backoff 0)").hasSize(2);
        assertThat(used.get(0).isActive()).as("an error answer leaves a reusable connection").isTrue();
        sent(used.get(1));
        answer(used.get(1), 503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\",\"code\":\"overloaded\"}}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.headers().get("x-should-retry")).isEqualTo("false");
        assertThat(r.headers().get("x-gateway-attempts")).isEqualTo("2");
        assertThat(text(r)).contains("busy");
        ExchangeOutcome o = outcome();
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.errorCode()).isEqualTo("overloaded");
        assertThat(o.attempts()).extracting(AttemptOutcome::error)
                .containsExactly(ErrorKind.SERVER_ERROR, ErrorKind.OVERLOADED);
        assertThat(o.attempts()).extracting(a -> a.deployment().key().id()).doesNotHaveDuplicates();
    }

    @Test
    void anUpstreamsErrorBeatsNothingLeftToTry() throws Exception {
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        HttpResponse r429 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS);
        r429.headers().set("content-type", "application/json").set("retry-after", "1.5");
        used.get(0).writeInbound(r429);
        end(used.get(0), "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).as("not 503 no_available_deployment").isEqualTo(429);
        assertThat(r.headers().get("x-gateway-deployment")).isEqualTo("solo/only");
        assertThat(r.headers().get("x-should-retry")).as("one attempt only").isNull();
        assertThat(text(r)).contains("slow down");
        assertThat(outcome().errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(outcome().attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.RATE_LIMITED);
    }

    @Test
    void anUpstreamErrorQuotingTheKeysSecretIsWithheldAndTheHeadersCarryingItAreDropped() throws Exception {
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        HttpResponse r400 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        r400.headers().set("content-type", "application/json").set("x-echo", "key=sk-solo%2Dsecret")
                .set("x-request-id", "sk-solo-secret").set("x-kept", "ok");
        used.get(0).writeInbound(r400);
        end(used.get(0), "{\"error\":{\"message\":\"bad key \\u0073k-solo-s\\u0065cret\",\"type\":"
                + "\"invalid_request_error\",\"code\":null}}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).as("the upstream's status is kept").isEqualTo(400);
        assertThat(r.headers().names()).doesNotContain("x-echo", "x-upstream-request-id");
        assertThat(r.toString()).doesNotContain("solo-secret");
        assertThat(text(r)).contains("upstream 'solo' answered HTTP 400 (its message quoted a credential and is withheld)")
                .doesNotContain("secret").doesNotContain("\\u0073k");
    }

    /**
     * The request log's in-memory ring (the admin API's tail), fed the outcomes of a success and of
     * an upstream error quoting the key, with content logging on: no form of any key in any entry.
     */
    @Test
    void theRequestLogOfAnErrorQuotingTheKeyHoldsNoSecret() throws Exception {
        logContent(16384);
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        HttpResponse r400 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        r400.headers().set("content-type", "application/json").set("x-request-id", "sk-solo-secret");
        used.get(0).writeInbound(r400);
        end(used.get(0), "{\"error\":{\"message\":\"bad key sk-solo-secret\",\"type\":\"invalid_request_error\"}}");
        fullAnswer().release();

        RequestLog log = new RequestLog(snapshot.config().logging());
        log.accept(outcome());
        log.close();
        List<RequestLogEntry> entries = log.ring().read(RequestLogRing.Filter.newest(10));
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.json())
                .contains("\"status\":400", "\"key_id\":\"only\"", "\"request\":")
                .doesNotContain("secret").doesNotContain("sk-"));
    }

    @Test
    void aRelayedErrorWithoutTheSecretKeepsItsBodyAndHeaders() throws Exception {
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        HttpResponse r400 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        r400.headers().set("content-type", "application/json").set("x-request-id", "req_42").set("x-kept", "ok");
        used.get(0).writeInbound(r400);
        end(used.get(0), "{\"error\":{\"message\":\"bad key sk-solo-s***\",\"type\":\"invalid_request_error\"}}");
        FullHttpResponse r = fullAnswer();
        assertThat(r.headers().get("x-kept")).isEqualTo("ok");
        assertThat(r.headers().get("x-upstream-request-id")).isEqualTo("req_42");
        assertThat(text(r)).contains("bad key sk-solo-s***");
    }

    @Test
    void aPromptTooLongForTheModelMovesToItsContextWindowFallback() throws Exception {
        freshConnection();
        freshConnection();
        start("short", false, true);
        assertThat(sent(used.get(0)).headers().get("authorization")).isEqualTo("Bearer sk-solo-secret");
        answer(used.get(0), 400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
        assertThat(used).hasSize(2);
        assertThat(sent(used.get(1)).headers().get("authorization")).isNotEqualTo("Bearer sk-solo-secret");
        answer(used.get(1), 200, "{\"id\":\"x\",\"choices\":[]}");
        List<Object> got = received();
        assertThat(((HttpResponse) got.get(0)).status().code()).isEqualTo(200);
        ExchangeOutcome o = outcome();
        assertThat(o.upstreamModel()).isEqualTo("gpt-long");
        assertThat(o.attempts()).extracting(AttemptOutcome::error)
                .containsExactly(ErrorKind.CONTEXT_LENGTH, ErrorKind.NONE);
    }

    @Test
    void aPooledConnectionTheOriginHadClosedIsReplacedWithoutCountingAnAttempt() throws Exception {
        reusedConnection();
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        used.get(0).close();
        assertThat(used).hasSize(2);
        sent(used.get(1));
        answer(used.get(1), 200, "{\"id\":\"x\",\"choices\":[]}");
        received();
        assertThat(outcome().attempts()).hasSize(1);
        assertThat(outcome().status()).isEqualTo(200);
    }

    @Test
    void anUnreachableUpstreamIsRetriedThenAnswered502() throws Exception {
        plan.add(new ConnectException("connection refused: up.test/10.0.0.1:80"));
        plan.add(new ConnectException("connection refused: up.test/10.0.0.2:80"));
        start("m", false, true);
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(502);
        assertThat(text(r)).contains("\"code\":\"upstream_unreachable\"").contains("cannot reach upstream 'p'");
        assertThat(outcome().errorCode()).isEqualTo("upstream_unreachable");
        assertThat(outcome().attempts()).extracting(AttemptOutcome::error)
                .containsExactly(ErrorKind.CONNECT, ErrorKind.CONNECT);
    }

    @Test
    void noFirstByteInTimeIs504() throws Exception {
        freshConnection();
        start("one", false, true);
        sent(used.get(0));
        client.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(504);
        assertThat(text(r)).contains("upstream.first_byte_timeout_ms");
        assertThat(used.get(0).isActive()).as("the connection is abandoned").isFalse();
        assertThat(outcome().attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.TIMEOUT);
    }

    @Test
    void aProviderThatCannotServeTheOperationIsRefusedBeforeAnyAttempt() throws Exception {
        body = Unpooled.copiedBuffer("{\"model\":\"claude\",\"input\":\"x\"}", StandardCharsets.UTF_8);
        ClientRequest request = new ClientRequest(snapshot, Endpoint.EMBEDDINGS, new DefaultHttpHeaders(), body,
                RequestFieldScanner.scan(body), snapshot.routing().resolve("claude"), "req-2", true, null, 1L);
        new ProxyExchange(client.pipeline().firstContext(), finished::add, request, new ProxyServices((loop, origin) -> {
            throw new AssertionError("no connection expected");
        }, outcomes::add, budget)).start();
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(text(r)).contains("\"code\":\"unsupported_endpoint\"");
        assertThat(outcome().attempts()).isEmpty();
        assertThat(outcome().deployment()).isNull();
        assertThat(outcome().errorCode()).isEqualTo("unsupported_endpoint");
    }

    // ---- after the head -------------------------------------------------------------------------

    @Test
    void anUpstreamSilentMidStreamEndsItWithAnErrorEventAndNoDone() throws Exception {
        freshConnection();
        start("m", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        piece(up, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
        received();
        // Silent from the last byte on: the idle timeout (500 ms) ends it, not the first byte's (1 s).
        client.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        assertThat(received()).isEmpty();
        client.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        List<Object> got = received();
        assertThat(got).hasSize(2);
        assertThat((String) got.get(0)).startsWith("data: {\"error\":").contains("upstream.idle_timeout_ms")
                .contains("\"code\":\"upstream_timeout\"");
        assertThat(got.get(1)).isEqualTo("(flush)");
        assertThat(client.isActive()).isFalse();
        assertThat(up.isActive()).isFalse();
        ExchangeOutcome o = outcome();
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.errorCode()).isEqualTo("upstream_timeout");
        assertThat(o.attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.STREAM_ERROR);
        assertThat(o.usage()).as("what was relayed before the cut: request bytes / 4, one character of text")
                .isEqualTo(Usage.of(CHAT.formatted("m", true).length() / 4, 1));
        assertThat(o.usageEstimated()).isTrue();
    }

    // ---- usage ----------------------------------------------------------------------------------

    @Test
    void aStreamWithoutAUsageChunkIsEstimatedFromItsTextAndSettledWithTheSameNumbers() throws Exception {
        freshConnection();
        start("m", true, true);
        EmbeddedChannel up = used.get(0);
        assertThat(sentBody(up)).as("an OpenAI-compatible host is not asked for usage").doesNotContain("stream_options");
        head(up, 200, "text/event-stream");
        piece(up, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello, w\u00f6rld\"}}]}\n\n");
        end(up, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" \\\"again\\\"\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        received();
        ExchangeOutcome o = outcome();
        long prompt = CHAT.formatted("m", true).length() / 4;
        // "Hello, wörld" is 12 characters (ö one of them, two bytes), " \"again\"" 8: 20 characters, 5 tokens.
        assertThat(o.usage()).isEqualTo(Usage.of(prompt, 5));
        assertThat(o.usageEstimated()).isTrue();
        assertThat(o.errorCode()).isNull();
        assertThat(tokensUsed(o.keyId())).as("the key's tokens per minute settle on the same numbers").isEqualTo(prompt + 5);
    }

    @Test
    void openAiIsAskedForTheUsageTheClientDidNotAskForAndItsChunkIsNotRelayed() throws Exception {
        freshConnection();
        start("one", true, true);
        EmbeddedChannel up = used.get(0);
        assertThat(sentBody(up)).as("OpenAI is asked for the stream's usage")
                .startsWith("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\"");
        head(up, 200, "text/event-stream");
        String content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a long answer\"}}],\"usage\":null}\n\n";
        end(up, content + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":3,"
                + "\"total_tokens\":1120,\"prompt_tokens_details\":{\"cached_tokens\":1024}}}\n\ndata: [DONE]\n\n");
        List<Object> got = received();
        assertThat(got.subList(1, got.size())).as("the usage chunk was the gateway's")
                .containsExactly(content, "data: [DONE]\n\n", "");
        assertThat(outcome().usage()).isEqualTo(Usage.of(1117, 3, 1120, 1024));
        assertThat(outcome().usageEstimated()).isFalse();
        assertThat(tokensUsed("only")).isEqualTo(1120);
    }

    @Test
    void aStreamTheClientLeavesIsAccountedForWhatWasRelayed() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("one", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        piece(up, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The answer is forty-two\"}}]}\n\n");
        received();
        exchange.cancel();
        ExchangeOutcome o = outcome();
        long prompt = CHAT.formatted("one", true).length() / 4;
        assertThat(o.clientAborted()).isTrue();
        assertThat(o.attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.CANCELLED);
        assertThat(o.usage()).as("23 characters relayed: 6 tokens").isEqualTo(Usage.of(prompt, 6));
        assertThat(o.usageEstimated()).isTrue();
        assertThat(tokensUsed("only")).as("settled on what was relayed, not on the reservation").isEqualTo(prompt + 6);
    }

    @Test
    void aTranslatedStreamTheClientLeavesKeepsTheProvidersPromptAndCacheCounts() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("claude", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        piece(up, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":21,\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1024,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Thirty-two characters of answer.\"}}\n\n");
        List<Object> got = received();
        assertThat(got.toString()).contains("Thirty-two characters of answer.");
        exchange.cancel();
        ExchangeOutcome o = outcome();
        assertThat(o.usage()).as("prompt and cache counts as reported, completion from the text: 32 / 4")
                .isEqualTo(new Usage(1233, 8, 1241, 1024, 188));
        assertThat(o.usageEstimated()).isTrue();
        assertThat(tokensUsed("c1")).isEqualTo(1241);
    }

    @Test
    void aTranslatedStreamThatCompletesIsExact() throws Exception {
        freshConnection();
        start("claude", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        end(up, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":21,\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1024,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":2}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        received();
        ExchangeOutcome o = outcome();
        assertThat(o.usage()).isEqualTo(new Usage(1233, 2, 1235, 1024, 188));
        assertThat(o.usageEstimated()).isFalse();
        assertThat(tokensUsed("c1")).isEqualTo(1235);
    }

    @Test
    void aStreamHeadNeverCarriesTheKeysSecretAndAnErrorEventQuotingItIsReplaced() throws Exception {
        freshConnection();
        start("one", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("content-type", "text/event-stream").set("x-echo", "Bearer sk-solo-secret")
                .set("openai-processing-ms", "12");
        up.writeInbound(head);
        piece(up, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
        end(up, "data: {\"error\":{\"message\":\"quota of sk-solo-secret exceeded\",\"type\":\"server_error\"}}\n\n");
        List<Object> got = received();
        HttpResponse clientHead = (HttpResponse) got.get(0);
        assertThat(clientHead.headers().get("openai-processing-ms")).isEqualTo("12");
        assertThat(clientHead.headers().names()).doesNotContain("x-echo");
        assertThat(got.toString()).doesNotContain("sk-solo-secret");
        assertThat(got).contains("data: {\"error\":{\"message\":\"upstream 'solo' reported an error (its message quoted "
                + "a credential and is withheld)\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_error\"}}\n\n");
        assertThat(client.isActive()).isFalse();
        assertThat(outcome().attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.STREAM_ERROR);
    }

    @Test
    void aClientThatGoesAwayStopsTheUpstreamAtOnceAndIsRecordedAsAborted() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("m", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        received();
        exchange.cancel();
        exchange.cancel();
        assertThat(up.isActive()).isFalse();
        ExchangeOutcome o = outcome();
        assertThat(o.clientAborted()).isTrue();
        assertThat(o.attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.CANCELLED);
        assertThat(finished).containsExactly(true);
    }

    @Test
    void aStreamStoppedByTheShutdownEndsWithAnErrorEventAndTheEndOfItsBody() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("m", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        piece(up, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
        received();
        exchange.stop(GatewayError.SERVER_SHUTTING_DOWN, "the gateway is shutting down");
        exchange.stop(GatewayError.SERVER_SHUTTING_DOWN, "again");
        List<Object> got = received();
        assertThat(got).hasSize(2);
        assertThat((String) got.get(0)).isEqualTo("data: {\"error\":{\"message\":\"the gateway is shutting down\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":\"server_shutting_down\"}}\n\n");
        assertThat(got.get(1)).as("the last chunk: the body ends properly").isEqualTo("");
        assertThat(client.isActive()).isFalse();
        assertThat(up.isActive()).isFalse();
        ExchangeOutcome o = outcome();
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.errorCode()).isEqualTo("server_shutting_down");
        assertThat(o.attempts()).as("no deployment blamed").extracting(AttemptOutcome::error)
                .containsExactly(ErrorKind.CANCELLED);
        assertThat(finished).containsExactly(true);
    }

    @Test
    void aRequestStoppedByTheShutdownBeforeItsAnswerIs503() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("m", false, true);
        sent(used.get(0));
        exchange.stop(GatewayError.SERVER_SHUTTING_DOWN, "the gateway is shutting down");
        FullHttpResponse r = fullAnswer();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.headers().get("connection")).isEqualTo("close");
        assertThat(text(r)).contains("\"code\":\"server_shutting_down\"");
        assertThat(client.isActive()).isFalse();
        assertThat(used.get(0).isActive()).isFalse();
        assertThat(outcome().errorCode()).isEqualTo("server_shutting_down");
        assertThat(finished).containsExactly(true);
    }

    @Test
    void aRelayedBodyStoppedByTheShutdownIsCut() throws Exception {
        freshConnection();
        ProxyExchange exchange = start("m", false, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "application/json");
        piece(up, "{\"id\":");
        received();
        exchange.stop(GatewayError.SERVER_SHUTTING_DOWN, "the gateway is shutting down");
        assertThat(received()).containsExactly("(flush)");
        assertThat(client.isActive()).isFalse();
        assertThat(outcome().errorCode()).isEqualTo("server_shutting_down");
        assertThat(finished).containsExactly(true);
    }

    @Test
    void aSlowClientPausesTheUpstreamUntilItCanTakeMore() throws Exception {
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        freshConnection();
        ProxyExchange exchange = start("m", true, true);
        EmbeddedChannel up = used.get(0);
        sent(up);
        head(up, 200, "text/event-stream");
        up.pipeline().fireChannelRead(new DefaultHttpContent(Unpooled.copiedBuffer(
                "data: {\"choices\":[{\"delta\":{\"content\":\"a long enough piece\"}}]}\n\n", StandardCharsets.UTF_8)));
        assertThat(up.config().isAutoRead()).as("the client's buffer is over its high-water mark").isFalse();
        up.pipeline().fireChannelReadComplete();
        exchange.onClientWritable();
        assertThat(up.config().isAutoRead()).isTrue();
        end(up, "data: [DONE]\n\n");
        received();
        assertThat(outcome().status()).isEqualTo(200);
    }
}
