package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_KEY_1", "sk-test-1",
            "GEMINI_KEY_1", "AIza-test",
            "CLAUDE_KEY_1", "sk-ant-test");

    private static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env::get);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTruckLlmSeedExampleLoadsUnchanged() throws Exception {
        GatewayConfig cfg = loader(ENV).parse(resource("truckllm-seed.yaml"), "seed");

        assertThat(cfg.server().port()).isEqualTo(8080);
        assertThat(cfg.server().host()).isEqualTo("0.0.0.0");
        assertThat(cfg.server().adminApiKey()).isEqualTo("admin-secret");
        assertThat(cfg.providers()).extracting(ProviderConfig::id).containsExactly("openai", "gemini", "claude");
        assertThat(cfg.providers()).extracting(ProviderConfig::type).containsExactly("openai", "gemini", "anthropic");
        ProviderConfig openai = cfg.provider("openai");
        assertThat(openai.settings().host()).isEqualTo("api.openai.com");
        assertThat(openai.settings().port()).isEqualTo(443);
        assertThat(openai.settings().tls()).isTrue();
        assertThat(openai.settings().basePath()).isEqualTo("/v1");
        assertThat(openai.keys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("oa-1");
            assertThat(k.secret()).isEqualTo("sk-test-1");
            assertThat(k.limitReqPerMin()).isEqualTo(200);
            assertThat(k.limitTokensPerMin()).isEqualTo(100000);
            assertThat(k.enabled()).isTrue();
        });
        assertThat(cfg.aliases()).containsOnlyKeys("gpt-4o", "gemini-1.5-pro", "claude-3-opus");
        assertThat(cfg.aliases().get("claude-3-opus").targets()).singleElement()
                .satisfies(t -> {
                    assertThat(t.provider()).isEqualTo("claude");
                    assertThat(t.model()).isEqualTo("claude-3-opus");
                });
        assertThat(cfg.policy().strategy()).isEqualTo("hybrid");
        assertThat(cfg.policy().hybridWeights()).containsEntry("token_ratio", 0.5).containsEntry("latency", 0.1);
        assertThat(cfg.storage().runtimeType()).isEqualTo("redis");
        assertThat(cfg.logging().sinks()).singleElement().satisfies(s -> assertThat(s.batchSize()).isEqualTo(50));
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void storageKeysAreReadAndAnUnreadableRedisCaFileIsNamed(@TempDir Path dir) throws Exception {
        String providers = """
                providers:
                  - id: p
                    type: openai
                    keys: [{id: k, secret: sk-x}]
                """;
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        RuntimeStoreConfig runtime = loader(Map.of()).parse(providers + """
                storage:
                  runtime: {type: redis, addr: "redis.internal:6380", tls: true, tls_ca_file: "%s"}
                """.formatted(ca), "t").storage().runtime();
        assertThat(runtime.tls()).isTrue();
        assertThat(runtime.tlsCaFile()).isEqualTo(ca.toString());
        assertThat(loader(Map.of()).parse(providers, "t").storage().runtime().tlsCaFile()).isNull();
        assertThat(loader(Map.of()).parse(providers, "t").storage().objectOwners())
                .isEqualTo(new StorageConfig.ObjectOwnerLimits(100_000, 30L * 24 * 3600 * 1000));
        assertThat(loader(Map.of()).parse(providers + """
                storage:
                  object_owners: {max_entries: 500, ttl_days: 2}
                """, "t").storage().objectOwners()).isEqualTo(new StorageConfig.ObjectOwnerLimits(500, 172_800_000L));

        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> loader(Map.of()).parse(providers + """
                storage:
                  runtime: {type: redis, tls: true, tls_ca_file: "%s"}
                """.formatted(missing), "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("storage.runtime.tls_ca_file").contains("cannot read file").contains("missing.pem")));
    }

    @Test
    void tracingIsOffByDefaultAndItsKeysAreReadAndChecked() throws Exception {
        String providers = """
                providers:
                  - id: p
                    type: openai
                    keys: [{id: k, secret: sk-x}]
                """;
        LoggingConfig.Otlp off = loader(Map.of()).parse(providers, "t").logging().otlp();
        assertThat(off.enabled()).isFalse();
        assertThat(off).isEqualTo(LoggingConfig.Otlp.OFF);

        LoggingConfig.Otlp on = loader(Map.of("OTLP_TOKEN", "tok-1")).parse(providers + """
                logging:
                  otlp:
                    endpoint: "https://otlp.example.com:4318"
                    headers: {authorization: "Bearer ${OTLP_TOKEN}"}
                    service_name: gw-eu
                    sample_ratio: 0.25
                    batch_size: 10
                    queue_size: 20
                    interval_ms: 500
                    timeout_ms: 3000
                """, "t").logging().otlp();
        assertThat(on).isEqualTo(new LoggingConfig.Otlp("https://otlp.example.com:4318",
                Map.of("authorization", "Bearer tok-1"), "gw-eu", 0.25, 10, 20, 500, 3000));

        assertThatThrownBy(() -> loader(Map.of()).parse(providers + """
                logging:
                  otlp:
                    endpoint: "collector:4318"
                    sample_ratio: 2
                    service_name: " "
                    headers: {"bad name": x, authorization: "Bearer tok\\r\\nX-Injected: 1"}
                """, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("logging.otlp.endpoint").contains("'collector:4318'")
                                .contains("http://"))
                        .anySatisfy(p -> assertThat(p).startsWith("logging.otlp.sample_ratio"))
                        .anySatisfy(p -> assertThat(p).startsWith("logging.otlp.service_name")
                                .contains("must not be blank"))
                        .anySatisfy(p -> assertThat(p).startsWith("logging.otlp.headers.bad name")
                                .contains("not a valid header name"))
                        .anySatisfy(p -> assertThat(p).startsWith("logging.otlp.headers.authorization")
                                .contains("control character").doesNotContain("tok")));
    }

    @Test
    void anUnsetSecretDisablesTheKeyWithAWarningInsteadOfFailing() throws Exception {
        GatewayConfig cfg = loader(Map.of()).parse(resource("truckllm-seed.yaml"), "seed");

        assertThat(cfg.provider("openai").keys().get(0).enabled()).isFalse();
        assertThat(cfg.provider("openai").enabledKeys()).isEmpty();
        assertThat(cfg.warnings()).hasSize(3)
                .anySatisfy(w -> assertThat(w).startsWith("providers[0].keys[0]").contains("'oa-1'").contains("disabled"));
    }

    @Test
    void theDrainDelayIsPartOfTheGraceAndALongerOneIsCutToItWithAWarning() throws Exception {
        String providers = """
                providers:
                  - id: p
                    base_url: "http://127.0.0.1:9/v1"
                    keys: [{id: k, secret: s}]
                """;
        GatewayConfig defaults = loader(Map.of()).parse(providers, "test");
        assertThat(defaults.server().drainDelayMs()).isEqualTo(5_000);
        assertThat(defaults.server().shutdownGraceMs()).isEqualTo(30_000);
        assertThat(defaults.warnings()).isEmpty();

        GatewayConfig shortGrace = loader(Map.of()).parse("server: {shutdown_grace_ms: 2000}\n" + providers, "test");
        assertThat(shortGrace.server().drainDelayMs()).isEqualTo(2_000);
        assertThat(shortGrace.warnings()).containsExactly("server.shutdown_grace_ms (line 1): drain_delay_ms 5000 is "
                + "longer than shutdown_grace_ms 2000, which includes it: the listener closes at 2000 ms (expected: "
                + "drain_delay_ms <= shutdown_grace_ms)");

        GatewayConfig longDelay = loader(Map.of()).parse("server: {drain_delay_ms: 40000}\n" + providers, "test");
        assertThat(longDelay.server().drainDelayMs()).isEqualTo(30_000);
        assertThat(longDelay.warnings()).singleElement().asString().startsWith("server.drain_delay_ms (line 1): ");

        GatewayConfig none = loader(Map.of()).parse("server: {drain_delay_ms: 0}\n" + providers, "test");
        assertThat(none.server().drainDelayMs()).isZero();
        assertThat(none.warnings()).isEmpty();
    }

    @Test
    void theShippedExampleConfigIsValid() throws Exception {
        GatewayConfig cfg = loader(ENV).load(Path.of("..", "config.example.yaml"));

        assertThat(cfg.providers()).extracting(ProviderConfig::type)
                .contains("openai", "gemini", "anthropic", "openai-compatible", "azure", "vertex", "bedrock");
        assertThat(cfg.provider("vertex").settings().host()).isEqualTo("us-central1-aiplatform.googleapis.com");
        assertThat(cfg.provider("bedrock").settings().host()).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(cfg.provider("claude").settings().apiVersion()).isNull();
        assertThat(cfg.aliases().get("gpt-4o-eu").targets()).hasSize(2);
        assertThat(cfg.aliases().get("gpt-4o-eu").targets().get(0).weight()).isEqualTo(2.0);
        assertThat(cfg.aliases().get("gpt-4o-eu").targets().get(0).tags()).containsExactly("eu");
        assertThat(cfg.aliases().get("gpt-4o-eu").fallbacks()).containsExactly("claude-3-opus");
        assertThat(cfg.aliases().get("gpt-4o-eu").strategy()).isEqualTo("least-busy");
        assertThat(cfg.provider("openai").pricing().price("gpt-4o-mini")).isEqualTo(new Pricing.Price(0.15, 0.6));
        assertThat(cfg.policy()).as("the example shows every default")
                .isEqualTo(PolicyConfig.defaults(ConfigKeys.POLICY_STRATEGY.defaultValue()));
    }

    @Test
    void variablesAndDefaultsAreExpandedInScalarsOnly() throws Exception {
        String yaml = """
                server:
                  listen: "${HOST:-127.0.0.1}:${PORT}"
                providers:
                  - id: p
                    base_url: "http://${UPSTREAM}/v1"
                    keys:
                      - secret: "${SECRET}"
                        limit_req_per_min: ${RPM:-60}
                model_aliases:
                  m: p:model
                """;
        GatewayConfig cfg = loader(Map.of("PORT", "9090", "UPSTREAM", "h:81", "SECRET", "a: b - c #x {y}"))
                .parse(yaml, "t");
        assertThat(cfg.server().host()).isEqualTo("127.0.0.1");
        assertThat(cfg.server().port()).isEqualTo(9090);
        assertThat(cfg.provider("p").settings().port()).isEqualTo(81);
        assertThat(cfg.provider("p").keys().get(0).limitReqPerMin()).isEqualTo(60);
        assertThat(cfg.provider("p").keys().get(0).id()).isEqualTo("p-1");
        assertThat(cfg.provider("p").keys().get(0).secret()).isEqualTo("a: b - c #x {y}");
    }

    @Test
    void aSecretWithALineBreakIsRefusedWithoutEchoingIt() {
        String yaml = """
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys:
                      - secret: "${SECRET}"
                model_aliases:
                  m: p:model
                """;
        assertThatThrownBy(() -> loader(Map.of("SECRET", "sk-abc\r\nX-Injected: 1")).parse(yaml, "t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers[0].keys[0].secret")
                .hasMessageContaining("control character")
                .hasMessageNotContaining("sk-abc");
    }

    @Test
    void everyProblemIsReportedWithItsPathAndLine() {
        String yaml = """
                server:
                  listen: "nope"
                  max_request_bytes: -1
                  transprt: epoll
                upstream:
                  connect_timeout_ms: abc
                providers:
                  - id: a
                    base_url: "ftp://x"
                    keys: []
                  - id: b
                    type: martian
                    base_url: "http://h"
                    keys:
                      - secret: s
                  - id: c
                    base_url: "http://h"
                    keys:
                      - id: k
                        secret: s
                        limit_req_per_min: lots
                      - id: k
                        secret: s
                model_aliases:
                  x: nowhere:model
                  y: "no-colon"
                policy:
                  strategy: fastest
                """;
        assertThatThrownBy(() -> loader(Map.of()).parse(yaml, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                                .startsWith("server.listen (line 2)"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.max_request_bytes (line 3)"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.transprt (line 4): unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("upstream.connect_timeout_ms (line 6)")
                                .contains("integer"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].base_url"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[1].type").contains("martian"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[2].keys[0].limit_req_per_min"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[2].keys[1].id").contains("duplicate"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.x").contains("unknown provider"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.y").contains("provider:model"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.strategy").contains("fastest")))
                .hasMessageStartingWith("bad.yaml: ");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> loader(Map.of()).parse("server:\n  listen: [unclosed\n", "x.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.yaml")
                .hasMessageContaining("line");
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() throws Exception {
        String yaml = """
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys:
                      - &base
                        id: k1
                        secret: s
                        limit_req_per_min: 10
                      - <<: *base
                        id: k2
                model_aliases:
                  m: p:model
                """;
        GatewayConfig cfg = loader(Map.of()).parse(yaml, "t");
        assertThat(cfg.provider("p").keys()).extracting(KeyConfig::id).containsExactly("k1", "k2");
        assertThat(cfg.provider("p").keys().get(1).limitReqPerMin()).isEqualTo(10);
        assertThat(cfg.provider("p").keys().get(1).secret()).isEqualTo("s");
    }

    @Test
    void keyToStringNeverShowsTheSecret() throws Exception {
        KeyConfig k = new KeyConfig("k", "sk-very-secret", 1, 2, 3, 1.0, true);
        assertThat(k.toString()).doesNotContain("sk-very-secret").contains("k");
    }

    @Test
    void policyDefaultsAreTheDocumentedOnes() throws Exception {
        GatewayConfig cfg = loader(Map.of()).parse("""
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                model_aliases:
                  m: p:model
                """, "t");
        assertThat(cfg.policy()).isEqualTo(PolicyConfig.defaults(ConfigKeys.POLICY_STRATEGY.defaultValue()));
        assertThat(cfg.policy().retries()).isEqualTo(2);
        assertThat(cfg.policy().tagHeader()).isEqualTo("x-llm-tags");
        assertThat(cfg.provider("p").pricing()).isEqualTo(Pricing.UNKNOWN);
        assertThat(cfg.aliases().get("m").fallbacks()).isEmpty();
    }

    @Test
    void policyAliasesAndPricesAreRead() throws Exception {
        GatewayConfig cfg = loader(Map.of()).parse("""
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                    price_per_million:
                      prompt: 2.5
                      completion: 10
                      gpt-4o-mini: {prompt: 0.15, completion: 0.6}
                model_aliases:
                  big:
                    targets: [p:gpt-4o]
                    fallbacks: [small]
                    context_window_fallbacks: [small]
                    strategy: lowest-cost
                    context_window: 128000
                  small: p:gpt-4o-mini
                policy:
                  strategy: hybrid
                  retries: 4
                  backoff_ms: {initial: 50, max: 800}
                  cooldown_ms: 30000
                  failure_threshold: 5
                  auth_failure_threshold: 2
                  breaker: {failure_rate: 0.25, min_requests: 20, window_ms: 10000, open_ms: 5000, half_open_probes: 2}
                  ramp_ms: 0
                  default_max_tokens: 512
                  tag_header: X-Route-Tags
                  max_wait_ms: 250
                """, "t");
        PolicyConfig p = cfg.policy();
        assertThat(p.retries()).isEqualTo(4);
        assertThat(p.backoffInitialMs()).isEqualTo(50);
        assertThat(p.backoffMaxMs()).isEqualTo(800);
        assertThat(p.cooldownMs()).isEqualTo(30_000);
        assertThat(p.failureThreshold()).isEqualTo(5);
        assertThat(p.authFailureThreshold()).isEqualTo(2);
        assertThat(p.breaker()).isEqualTo(new PolicyConfig.Breaker(0.25, 20, 10_000, 5_000, 2));
        assertThat(p.rampMs()).isZero();
        assertThat(p.defaultMaxTokens()).isEqualTo(512);
        assertThat(p.tagHeader()).isEqualTo("x-route-tags");
        assertThat(p.maxWaitMs()).isEqualTo(250);
        AliasConfig big = cfg.aliases().get("big");
        assertThat(big.fallbacks()).containsExactly("small");
        assertThat(big.contextWindowFallbacks()).containsExactly("small");
        assertThat(big.strategy()).isEqualTo("lowest-cost");
        assertThat(big.contextWindow()).isEqualTo(128_000);
        Pricing prices = cfg.provider("p").pricing();
        assertThat(prices.price("gpt-4o")).isEqualTo(new Pricing.Price(2.5, 10));
        assertThat(prices.price("gpt-4o-mini")).isEqualTo(new Pricing.Price(0.15, 0.6));
        assertThat(prices.price("gpt-4o-mini").cost(1_000_000, 500_000)).isEqualTo(0.45);
    }

    @Test
    void cacheReadAndWritePricesDefaultToTheirOwnPromptPrice() throws Exception {
        GatewayConfig cfg = loader(Map.of()).parse("""
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                    price_per_million:
                      prompt: 3
                      completion: 15
                      cached: 0.3
                      cache_write: 3.75
                      only-read: {prompt: 1, completion: 5, cached: 0.1}
                      plain: {prompt: 2, completion: 8}
                """, "t");
        Pricing prices = cfg.provider("p").pricing();
        assertThat(prices.price("any")).isEqualTo(new Pricing.Price(3, 15, 0.3, 3.75));
        assertThat(prices.price("only-read")).isEqualTo(new Pricing.Price(1, 5, 0.1, 1));
        assertThat(prices.price("plain")).isEqualTo(new Pricing.Price(2, 8, 2, 2));
        assertThat(new Pricing.Price(2, 8)).isEqualTo(new Pricing.Price(2, 8, 2, 2));
    }

    @Test
    void cachePricesAloneAreNotAPrice() {
        assertThatThrownBy(() -> loader(Map.of()).parse("""
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                    price_per_million: {cached: 0.3, cache_write: -1}
                """, "t"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].price_per_million")
                                .contains("'cached' and 'cache_write' need 'prompt' and/or 'completion'")));
    }

    @Test
    void badFallbacksPoliciesAndPricesAreReportedWithTheirPaths() {
        String yaml = """
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                    price_per_million: {prompt: -1, gpt-x: 3, gpt-y: {}}
                model_aliases:
                  a: {targets: [p:x], fallbacks: [b, nowhere]}
                  b: {targets: [p:y], fallbacks: [c], strategy: fastest}
                  c: {targets: [p:z], fallbacks: [a]}
                  d: {targets: [p:w], context_window_fallbacks: [d]}
                  e: {fallbacks: [a]}
                policy:
                  retries: -1
                  backoff_ms: {initial: 500, max: 100}
                  breaker: {failure_rate: 2, probes: 3}
                  tag_header: "bad header"
                  max_wait_ms: soon
                """;
        assertThatThrownBy(() -> loader(Map.of()).parse(yaml, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.a.fallbacks").contains("unknown alias 'nowhere'"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.a.fallbacks").contains("cycle: a -> b -> c -> a"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.d.context_window_fallbacks").contains("cycle: d -> d"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.b.strategy").contains("fastest"))
                        .anySatisfy(p -> assertThat(p).startsWith("model_aliases.e.targets").contains("required"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].price_per_million.prompt").contains("between"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].price_per_million.gpt-x").contains("prompt"))
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].price_per_million.gpt-y").contains("needs"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.retries").contains("between 0 and 100"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.backoff_ms.max").contains("at least initial"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.breaker.failure_rate"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.breaker.probes").contains("unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.tag_header").contains("header name"))
                        .anySatisfy(p -> assertThat(p).startsWith("policy.max_wait_ms").contains("integer")));
    }

    @Test
    void clientLimitsAreReadWithTheirDefaults() throws Exception {
        String providers = """
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                """;
        ServerConfig defaults = loader(Map.of()).parse(providers, "t").server();
        assertThat(defaults.maxBufferedBytes()).isZero();
        assertThat(defaults.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(defaults.bodyTimeoutMs()).isEqualTo(60_000);
        assertThat(defaults.maxConnections()).isZero();
        assertThat(defaults.trustedProxies()).isEmpty();
        assertThat(defaults.ipLimits().enabled()).isFalse();

        ServerConfig set = loader(Map.of()).parse("""
                server:
                  max_buffered_bytes: 50_000_000
                  header_timeout_ms: 2000
                  body_timeout_ms: 30000
                  max_connections: 5000
                  trusted_proxies: ["10.0.0.0/8", "::1"]
                  ip_limits: {max_connections: 20, requests_per_second: 2.5}
                """ + providers, "t").server();
        assertThat(set.maxBufferedBytes()).isEqualTo(50_000_000L);
        assertThat(set.headerTimeoutMs()).isEqualTo(2_000);
        assertThat(set.bodyTimeoutMs()).isEqualTo(30_000);
        assertThat(set.maxConnections()).isEqualTo(5_000);
        assertThat(set.trustedProxies()).extracting(Object::toString).containsExactly("10.0.0.0/8", "::1");
        assertThat(set.ipLimits()).isEqualTo(new IpLimitsConfig(20, 2.5, 0, 100_000));
        assertThat(set.ipLimits().effectiveBurst()).isEqualTo(3);
    }

    @Test
    void badClientLimitsAreReportedWithTheirPaths() {
        String yaml = """
                server:
                  header_timeout_ms: 0
                  trusted_proxies: ["10.0.0.0/33", "proxy.internal", "192.168.0.0/16"]
                  ip_limits: {requests_per_second: -1, max_conns: 3}
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s}]
                """;
        assertThatThrownBy(() -> loader(Map.of()).parse(yaml, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("server.header_timeout_ms").contains("between 1 and"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("server.trusted_proxies[0] (line 3): must be an IP "
                                + "address or a CIDR block such as 10.0.0.0/8 or fd00::/8, got '10.0.0.0/33'"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.trusted_proxies[1]").contains("'proxy.internal'"))
                        .noneSatisfy(p -> assertThat(p).startsWith("server.trusted_proxies[2]"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.ip_limits.requests_per_second").contains("between"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.ip_limits.max_conns").contains("unknown key")));
    }

    @Test
    void noStringFormOfTheConfigShowsASecret() throws Exception {
        String yaml = """
                server:
                  admin_api_key: "adm-secret-123"
                  api_keys: ["client-secret-456"]
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    headers: { X-Custom-Auth: "hdr-secret-789" }
                    query: { key: "qry-secret-000" }
                    keys:
                      - secret: "sk-secret-abc"
                model_aliases:
                  m: p:model
                """;
        GatewayConfig cfg = loader(Map.of()).parse(yaml, "t");
        assertThat(cfg.toString()).doesNotContain("adm-secret-123", "client-secret-456", "hdr-secret-789",
                "qry-secret-000", "sk-secret-abc");
    }
}
