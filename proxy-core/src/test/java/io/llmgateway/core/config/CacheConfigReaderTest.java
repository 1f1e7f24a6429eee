package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheConfigReaderTest {

    private static final String PROVIDERS = """
            providers:
              - id: p
                base_url: "http://h/v1"
                keys: [{secret: s}]
            model_aliases:
              m: p:model
            """;

    private static GatewayConfig parse(String cache) throws ConfigException {
        return new ConfigLoader(n -> null).parse(PROVIDERS + cache, "t");
    }

    @Test
    void offByDefaultWithTheDocumentedDefaults() throws Exception {
        CacheConfig c = parse("").cache();
        assertThat(c).isEqualTo(CacheConfig.OFF);
        assertThat(c.appliesTo("m", null)).isFalse();
        assertThat(c.perKey()).isTrue();
        assertThat(c.ttlMs()).isEqualTo(300_000);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        CacheConfig c = parse("""
                cache:
                  enabled: true
                  ttl_ms: 1000
                  max_bytes: 2048
                  max_entry_bytes: 1024
                  scope: shared
                  models: [m, n]
                  exclude_models: [x]
                  keys: [a]
                  exclude_keys: [b]
                """).cache();
        assertThat(c).isEqualTo(new CacheConfig(true, 1000, 2048, 1024, false, List.of("m", "n"), List.of("x"),
                List.of("a"), List.of("b")));
    }

    @Test
    void modelsAndKeysOptInAndOut() throws Exception {
        CacheConfig all = parse("cache: {enabled: true}").cache();
        assertThat(all.appliesTo("m", null)).isTrue();
        assertThat(all.appliesTo("m", "any")).isTrue();

        CacheConfig some = parse("cache: {enabled: true, models: [m], keys: [a]}").cache();
        assertThat(some.appliesTo("m", "a")).isTrue();
        assertThat(some.appliesTo("n", "a")).as("model not opted in").isFalse();
        assertThat(some.appliesTo("m", "b")).as("key not opted in").isFalse();
        assertThat(some.appliesTo("m", null)).as("no key, keys listed").isFalse();

        CacheConfig out = parse("cache: {enabled: true, exclude_models: [m], exclude_keys: [b]}").cache();
        assertThat(out.appliesTo("m", "a")).isFalse();
        assertThat(out.appliesTo("n", "b")).isFalse();
        assertThat(out.appliesTo("n", "a")).isTrue();
        assertThat(out.appliesTo("n", null)).isTrue();
    }

    @Test
    void problemsAreReportedWithTheirPathsAndValues() {
        assertThatThrownBy(() -> parse("""
                cache:
                  ttl_ms: 0
                  max_bytes: 4096
                  max_entry_bytes: 8192
                  scope: everyone
                  models: [m, ""]
                  exclude_models: [m]
                  keys: [a]
                  exclude_keys: [a]
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("cache.ttl_ms (line ")
                                .contains("0"))
                        .anySatisfy(p -> assertThat(p).startsWith("cache.scope (line ").contains("everyone"))
                        .contains("cache.max_entry_bytes (line 10): got 8192 (expected: at most cache.max_bytes, 4096)")
                        .contains("cache.models (line 12): has a blank entry (expected: a name)")
                        .contains("cache.exclude_models (line 13): 'm' is also in cache.models (expected: a name in "
                                + "one of the two lists)")
                        .contains("cache.exclude_keys (line 15): 'a' is also in cache.keys (expected: a name in one "
                                + "of the two lists)")
                        .hasSize(6));
    }
}
