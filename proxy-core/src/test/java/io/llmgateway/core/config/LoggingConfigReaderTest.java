package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoggingConfigReaderTest {

    private static final String PROVIDERS = """
            providers:
              - id: p
                type: openai
                keys: [{id: k, secret: sk-x}]
            model_aliases:
              m: p:gpt-4o
            """;

    private static GatewayConfig load(String logging, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env::get).parse("logging:\n" + logging.indent(2) + PROVIDERS, "t.yaml");
    }

    private static List<String> problems(String logging) {
        try {
            load(logging, Map.of());
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused:\n" + logging);
    }

    @Test
    void theRequestLogSettingsAreRead() throws Exception {
        LoggingConfig c = load("""
                include_content: true
                max_content_bytes: 100
                mask: [email, CARD]
                ring_size: 7
                providers:
                  - name: audit
                    endpoint: "https://logs.test/in"
                    headers: {Authorization: "Bearer ${LOG_TOKEN}"}
                    buffer_size: 20
                """, Map.of("LOG_TOKEN", "tok-123")).logging();

        assertThat(c.content()).isEqualTo(new LoggingConfig.Content(true, 100,
                Set.of(LoggingConfig.Mask.EMAIL, LoggingConfig.Mask.CARD)));
        assertThat(c.ringSize()).isEqualTo(7);
        LoggingConfig.HttpSink sink = c.sinks().get(0);
        assertThat(sink.headers()).containsExactly(Map.entry("Authorization", "Bearer tok-123"));
        assertThat(sink.bufferSize()).isEqualTo(20);
        assertThat(sink.toString()).doesNotContain("tok-123");
    }

    @Test
    void theDefaultsLogNoContentAndKeepAThousandEntries() throws Exception {
        LoggingConfig c = load("{}", Map.of()).logging();

        assertThat(c.content()).isEqualTo(new LoggingConfig.Content(false, 16384, Set.of()));
        assertThat(c.ringSize()).isEqualTo(1000);
    }

    @Test
    void anUnknownMaskIsRefusedWithTheChoices() {
        assertThat(problems("mask: [email, ssn]"))
                .containsExactly("logging.mask (line 2): unknown mask 'ssn' (expected: email, phone or card)");
    }

    @Test
    void aWebhookEndpointThatIsNotAnHttpUrlIsRefused() {
        assertThat(problems("""
                providers:
                  - endpoint: "http://bad host/in"
                  - endpoint: "ftp://logs.test/in"
                """)).containsExactly(
                "logging.providers[0].endpoint (line 3): must be an http:// or https:// URL, got 'http://bad host/in'",
                "logging.providers[1].endpoint (line 4): must be an http:// or https:// URL, got 'ftp://logs.test/in'");
    }

    @Test
    void aHeaderTheClientSetsItselfIsRefusedWithoutItsValue() {
        assertThat(problems("""
                providers:
                  - endpoint: "https://logs.test/in"
                    headers: {Host: "secret-host"}
                """)).singleElement().asString()
                .contains("header 'Host' cannot be set").doesNotContain("secret-host");
    }
}
