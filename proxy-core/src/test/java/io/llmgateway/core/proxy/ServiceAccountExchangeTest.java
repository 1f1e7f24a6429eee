package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.gcp.AccessToken;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.gcp.ManualScheduler;
import io.llmgateway.core.gcp.TestServiceAccounts;
import io.llmgateway.core.gcp.TokenExchangeException;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.TestConnections;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exchange on a Vertex key whose credential is a service account ({@link AttemptCredential}):
 * the token goes out as the bearer, a request waits for the first token without blocking, no token
 * is a 503 with nothing sent, a 401 asks for a new token. Tokens come from a hand-driven clock and
 * endpoint; the event loop is an {@link EmbeddedChannel}'s.
 */
class ServiceAccountExchangeTest {

    private static final String GEMINI_ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
            + "[{\"text\":\"hello\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,"
            + "\"candidatesTokenCount\":1,\"totalTokenCount\":4},\"modelVersion\":\"gemini-2.5-flash\"}";

    @TempDir
    Path dir;

    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(64 << 20);
    private final ManualScheduler scheduler = new ManualScheduler(1_765_000_000_000L);
    private final List<CompletableFuture<AccessToken>> exchanges = new ArrayList<>();
    private final AccessTokens tokens = new AccessTokens(scheduler, (uri, assertion, now) -> {
        CompletableFuture<AccessToken> f = new CompletableFuture<>();
        exchanges.add(f);
        return f;
    }, scheduler::now);
    private final List<EmbeddedChannel> used = new ArrayList<>();
    private final List<ExchangeOutcome> outcomes = new ArrayList<>();
    private GatewaySnapshot snapshot;
    private ByteBuf body;

    @BeforeEach
    void configure() throws Exception {
        Path file = Files.writeString(dir.resolve("sa.json"), TestServiceAccounts.json(TestServiceAccounts.keyPair(),
                "gw@p.iam.gserviceaccount.com", "https://oauth2.example/token"));
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse("""
                providers:
                  - id: vx
                    type: vertex
                    base_url: "http://vertex.test"
                    project: p
                    location: us-central1
                    keys: [{id: sa, credentials_file: "%s"}]
                model_aliases:
                  g: vx:gemini-2.5-flash
                policy: {retries: 0}
                """.formatted(file), "test");
        snapshot = new GatewaySnapshot(cfg, 1_700_000_000L, new KeyStateRegistry());
        tokens.reconfigure(cfg);
        scheduler.runReady();
    }

    @AfterEach
    void close() {
        tokens.close();
        assertThat(client.finishAndReleaseAll()).isFalse();
        for (EmbeddedChannel up : used) {
            assertThat(up.finishAndReleaseAll()).isFalse();
        }
        assertThat(body.refCnt()).isZero();
        assertThat(outcomes).hasSize(1);
        assertThat(budget.used()).isZero();
    }

    private void start() throws Exception {
        body = Unpooled.copiedBuffer("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                StandardCharsets.UTF_8);
        ClientRequest request = new ClientRequest(snapshot, Endpoint.CHAT_COMPLETIONS, new DefaultHttpHeaders(), body,
                RequestFieldScanner.scan(body), snapshot.routing().resolve("g"), "req-1", true, "team-a",
                System.nanoTime());
        ConnectionSource source = (loop, origin) -> {
            EmbeddedChannel ch = new EmbeddedChannel();
            used.add(ch);
            UpstreamConnection c = TestConnections.fresh(ch, new Origin(false, "vertex.test", 80));
            return loop.newSucceededFuture(c);
        };
        new ProxyExchange(client.pipeline().firstContext(), closing -> { }, request,
                new ProxyServices(source, outcomes::add, budget, tokens, null)).start();
    }

    private void token(int exchange, String value) {
        exchanges.get(exchange).complete(new AccessToken(value, scheduler.now() + 3_600_000, 3_600_000));
        scheduler.runReady();
    }

    private String sentAuthorization(EmbeddedChannel up) {
        HttpRequest head = up.readOutbound();
        LastHttpContent content = up.readOutbound();
        content.release();
        return head.headers().get("authorization");
    }

    private static void answer(EmbeddedChannel up, int status, String json) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        r.headers().set("content-type", "application/json");
        up.writeInbound(r);
        up.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)));
    }

    private String answerText() {
        Object m = client.readOutbound();
        assertThat(m).isInstanceOf(FullHttpResponse.class);
        FullHttpResponse r = (FullHttpResponse) m;
        try {
            return r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8);
        } finally {
            ReferenceCountUtil.release(r);
        }
    }

    @Test
    void aRequestBeforeTheFirstTokenWaitsForItWithoutBlockingThenSendsIt() throws Exception {
        start();
        assertThat(used).as("nothing sent, no connection taken, while the exchange runs").isEmpty();
        assertThat(exchanges).hasSize(1);

        token(0, "ya29.first");
        client.runPendingTasks();
        assertThat(used).hasSize(1);
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.first");
        answer(used.get(0), 200, GEMINI_ANSWER);
        assertThat(answerText()).startsWith("200 ").contains("hello");
    }

    @Test
    void aRequestThatFindsTheTokenSpentWhileItsRefreshRunsWaitsForTheNewOne() throws Exception {
        exchanges.get(0).complete(new AccessToken("ya29.old", scheduler.now() + 10_000, 10_000));
        scheduler.runReady();
        scheduler.advance(9_000); // the refresh started at 8 s and has not ended; the old token is spent
        assertThat(exchanges).hasSize(2);
        start();
        assertThat(used).isEmpty();
        token(1, "ya29.new");
        client.runPendingTasks();
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.new");
        answer(used.get(0), 200, GEMINI_ANSWER);
        assertThat(answerText()).startsWith("200 ");
    }

    @Test
    void aValidTokenIsSentAtOnce() throws Exception {
        token(0, "ya29.ready");
        start();
        assertThat(used).hasSize(1);
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.ready");
        answer(used.get(0), 200, GEMINI_ANSWER);
        assertThat(answerText()).startsWith("200 ");
    }

    @Test
    void noTokenIsA503NamingTheAccountAndNothingIsSent() throws Exception {
        exchanges.get(0).completeExceptionally(new TokenExchangeException(
                "token endpoint https://oauth2.example/token answered 400: invalid_grant (Invalid JWT Signature.)"));
        scheduler.runReady();
        start();
        assertThat(used).isEmpty();
        assertThat(answerText()).startsWith("503 ")
                .contains("\"code\":\"upstream_credentials_unavailable\"")
                .contains("upstream 'vx': no OAuth access token for service account gw@p.iam.gserviceaccount.com: "
                        + "token endpoint https://oauth2.example/token answered 400: invalid_grant (Invalid JWT Signature.)");
        assertThat(outcomes.get(0).attempts()).extracting(AttemptOutcome::error).containsExactly(ErrorKind.CONNECT);
    }

    @Test
    void a401AsksTheSourceForANewToken() throws Exception {
        token(0, "ya29.revoked");
        start();
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.revoked");
        answer(used.get(0), 401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication "
                + "credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
        assertThat(answerText()).startsWith("502 ").contains("upstream_authentication_failed");
        scheduler.runReady();
        assertThat(exchanges).as("a new exchange, long before 80% of the hour").hasSize(2);
    }

    @Test
    void anUpstreamErrorQuotingTheAccessTokenIsWithheldKeepingItsStatus() throws Exception {
        token(0, "ya29.c.leaked-token-value");
        start();
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.c.leaked-token-value");
        answer(used.get(0), 400, "{\"error\":{\"code\":400,\"message\":\"Bad header Authorization: Bearer "
                + "ya29.c.leaked-token-value\",\"status\":\"INVALID_ARGUMENT\"}}");
        assertThat(answerText()).startsWith("400 ").doesNotContain("leaked-token")
                .contains("upstream 'vx' answered HTTP 400 (its message quoted a credential and is withheld)");
    }

    @Test
    void anUpstreamErrorQuotingTheTokenARefreshReplacedIsWithheldToo() throws Exception {
        token(0, "ya29.c.first-token-value");
        scheduler.advance(2_880_000); // the refresh at 80% of the hour: the first token is still valid
        token(1, "ya29.c.second-token-value");
        start();
        assertThat(sentAuthorization(used.get(0))).isEqualTo("Bearer ya29.c.second-token-value");
        answer(used.get(0), 400, "{\"error\":{\"code\":400,\"message\":\"a cached answer for Bearer "
                + "ya29.c.first-token-value\",\"status\":\"INVALID_ARGUMENT\"}}");
        assertThat(answerText()).startsWith("400 ").doesNotContain("first-token")
                .contains("(its message quoted a credential and is withheld)");
    }
}
