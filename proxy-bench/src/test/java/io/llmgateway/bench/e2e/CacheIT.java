package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response cache of the real gateway, through the official OpenAI Java SDK: a miss then a hit
 * (the mock sees one request), a stream replayed from a stored answer and from a stored stream,
 * {@code Cache-Control} bypasses, a client key opted out, answers scoped per key, the metrics, and
 * the time to live (on a gateway of its own with a short one).
 */
class CacheIT {

    private static final String KEY_A = "vk-cache-a-0123456789abcdef";
    private static final String KEY_B = "vk-cache-b-0123456789abcdef";
    private static final String KEY_C = "vk-cache-c-0123456789abcdef";
    private static final String ANSWER = MockContent.full("gpt-4o-2024-08-06", 5);

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static OpenAIClient a;
    private static OpenAIClient b;
    private static OpenAIClient c;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(5).build());
        gateway = GatewayProcess.start(config(upstream, 600_000), Map.of("KEY_A", KEY_A, "KEY_B", KEY_B, "KEY_C", KEY_C));
        a = client(gateway, KEY_A);
        b = client(gateway, KEY_B);
        c = client(gateway, KEY_C);
    }

    @AfterAll
    static void stop() throws Exception {
        for (OpenAIClient client : new OpenAIClient[] {a, b, c}) {
            if (client != null) {
                client.close();
            }
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String config(MockUpstream upstream, long ttlMs) {
        return GatewayConfigs.openAiCompatible(upstream, "", "", GatewayConfigs.INERT_POLICY + """
                cache:
                  enabled: true
                  ttl_ms: %d
                  exclude_keys: [b]
                storage:
                  data_dir: "%s"
                auth:
                  virtual_keys:
                    - id: a
                      key: "${KEY_A}"
                    - id: b
                      key: "${KEY_B}"
                    - id: c
                      key: "${KEY_C}"
                """.formatted(ttlMs, dataDir()));
    }

    /** The spend ledger's directory: a temporary one, not ./data in the module (tracked by nothing). */
    private static String dataDir() {
        try {
            return java.nio.file.Files.createTempDirectory("cache-it-data").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OpenAIClient client(GatewayProcess gw, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams params(String marker) {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("cache me " + marker)
                .temperature(0.0).maxCompletionTokens(50).build();
    }

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    /** The requests the mock saw for {@code marker}. */
    private static long upstreamCalls(String marker) {
        return upstream.recordedRequests().stream().filter(r -> r.body().contains(marker)).count();
    }

    private static String cacheHeader(HttpResponseFor<?> r) {
        List<String> values = r.headers().values("x-gateway-cache");
        return values.isEmpty() ? null : values.get(0);
    }

    private static HttpResponseFor<ChatCompletion> call(OpenAIClient client, ChatCompletionCreateParams p) {
        return client.chat().completions().withRawResponse().create(p);
    }

    /** The chunks of a stream of {@code p} with usage asked, and its {@code x-gateway-cache}. */
    private static Streamed stream(OpenAIClient client, ChatCompletionCreateParams p) {
        ChatCompletionCreateParams streaming = p.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                client.chat().completions().withRawResponse().createStreaming(streaming);
        try (StreamResponse<ChatCompletionChunk> s = raw.parse()) {
            return new Streamed(cacheHeader(raw), s.stream().toList());
        }
    }

    private record Streamed(String cache, List<ChatCompletionChunk> chunks) {

        String text() {
            return chunks.stream().flatMap(ch -> ch.choices().stream()).map(ch -> ch.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }

        long completionTokens() {
            return chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens();
        }
    }

    @Test
    void aMissGoesUpstreamAndTheSameRequestThenHitsWithoutAnUpstreamCall() {
        String m = marker();
        HttpResponseFor<ChatCompletion> first = call(a, params(m));
        assertThat(cacheHeader(first)).isEqualTo("miss");
        ChatCompletion stored = first.parse();
        HttpResponseFor<ChatCompletion> second = call(a, params(m));
        assertThat(cacheHeader(second)).isEqualTo("hit");
        ChatCompletion replayed = second.parse();

        assertThat(replayed.choices().get(0).message().content()).contains(ANSWER);
        assertThat(replayed.id()).isEqualTo(stored.id());
        assertThat(replayed.usage()).isEqualTo(stored.usage());
        assertThat(second.headers().values("x-request-id")).singleElement().asString().isNotBlank();
        assertThat(upstreamCalls(m)).isEqualTo(1);
    }

    @Test
    void aStreamIsReplayedFromAStoredAnswerAndFromAStoredStream() {
        String m = marker();
        assertThat(cacheHeader(call(a, params(m)))).isEqualTo("miss");
        Streamed fromAnswer = stream(a, params(m));
        assertThat(fromAnswer.cache()).isEqualTo("hit");
        assertThat(fromAnswer.text()).isEqualTo(ANSWER);
        assertThat(fromAnswer.completionTokens()).isEqualTo(5);
        assertThat(fromAnswer.chunks().stream().flatMap(ch -> ch.choices().stream())
                .filter(ch -> ch.finishReason().isPresent())).hasSize(1);
        assertThat(upstreamCalls(m)).isEqualTo(1);

        String s = marker();
        Streamed live = stream(a, params(s));
        assertThat(live.cache()).isEqualTo("miss");
        Streamed replayed = stream(a, params(s));
        assertThat(replayed.cache()).isEqualTo("hit");
        assertThat(replayed.text()).isEqualTo(live.text()).isEqualTo(ANSWER);
        assertThat(replayed.completionTokens()).isEqualTo(live.completionTokens());
        assertThat(upstreamCalls(s)).isEqualTo(1);
    }

    @Test
    void cacheControlNoCacheGoesUpstreamAndStoresNoStoreDoesNeither() {
        String m = marker();
        call(a, params(m));
        HttpResponseFor<ChatCompletion> noCache = call(a, params(m).toBuilder()
                .putAdditionalHeader("Cache-Control", "no-cache").build());
        assertThat(cacheHeader(noCache)).isEqualTo("bypass");
        assertThat(noCache.parse().choices().get(0).message().content()).contains(ANSWER);
        assertThat(upstreamCalls(m)).isEqualTo(2);
        assertThat(cacheHeader(call(a, params(m)))).isEqualTo("hit");
        assertThat(upstreamCalls(m)).isEqualTo(2);

        String n = marker();
        HttpResponseFor<ChatCompletion> noStore = call(a, params(n).toBuilder()
                .putAdditionalHeader("Cache-Control", "no-store, max-age=0").build());
        assertThat(cacheHeader(noStore)).isEqualTo("bypass");
        assertThat(cacheHeader(call(a, params(n)))).isEqualTo("miss");
        assertThat(upstreamCalls(n)).isEqualTo(2);
    }

    @Test
    void aKeyOptedOutIsNeverCachedAndAnswersAreScopedPerKey() {
        String m = marker();
        HttpResponseFor<ChatCompletion> first = call(b, params(m));
        HttpResponseFor<ChatCompletion> second = call(b, params(m));
        assertThat(cacheHeader(first)).isNull();
        assertThat(cacheHeader(second)).isNull();
        assertThat(second.parse().choices().get(0).message().content()).contains(ANSWER);
        assertThat(upstreamCalls(m)).isEqualTo(2);

        String s = marker();
        assertThat(cacheHeader(call(a, params(s)))).isEqualTo("miss");
        assertThat(cacheHeader(call(c, params(s)))).as("scope: per_key").isEqualTo("miss");
        assertThat(cacheHeader(call(c, params(s)))).isEqualTo("hit");
        assertThat(upstreamCalls(s)).isEqualTo(2);
    }

    @Test
    void hitsAndMissesAreCounted() {
        String m = marker();
        call(a, params(m));
        call(a, params(m));
        Await.until("a hit and a miss in /metrics", Duration.ofSeconds(20), () -> {
            PrometheusText t = MetricsIT.scrape(gateway.port());
            return t.sum("llm_cache_hits_total", "alias", "gpt-4o") >= 1
                    && t.sum("llm_cache_misses_total", "alias", "gpt-4o") >= 1
                    && t.sum("llm_cache_bytes") > 0 && t.sum("llm_cache_entries") >= 1;
        });
    }

    @Test
    void anAnswerIsServedUntilItsTimeToLiveIsOver() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config(upstream, 1_000),
                Map.of("KEY_A", KEY_A, "KEY_B", KEY_B, "KEY_C", KEY_C))) {
            OpenAIClient client = client(gw, KEY_A);
            String m = marker();
            long sent = System.nanoTime(); // the answer is stored after this
            assertThat(cacheHeader(call(client, params(m)))).isEqualTo("miss");
            String[] last = new String[1];
            Await.until("the stored answer expires", Duration.ofSeconds(30), () -> {
                last[0] = cacheHeader(call(client, params(m)));
                return last[0].equals("miss");
            });
            assertThat(System.nanoTime() - sent).isGreaterThanOrEqualTo(Duration.ofMillis(1_000).toNanos());
            assertThat(upstreamCalls(m)).isEqualTo(2);
            assertThat(cacheHeader(call(client, params(m)))).isEqualTo("hit");
            client.close();
        }
    }
}
