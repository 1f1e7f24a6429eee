package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.spi.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code endpoints:}: the default provider of each operation's requests that name no model. */
class EndpointDefaultsTest {

    private static final String PROVIDERS = """
            providers:
              - id: oa
                type: openai
                keys: [{id: k, secret: s}]
              - id: az
                type: azure
                base_url: "https://res.openai.azure.com"
                keys: [{id: k, secret: s}]
              - id: claude
                type: anthropic
                keys: [{id: k, secret: s}]
            """;

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.<String, String>of()::get).parse(PROVIDERS + yaml, "t.yaml");
    }

    @Test
    void eachOperationNamesItsProvider() throws ConfigException {
        GatewayConfig cfg = parse("""
                endpoints:
                  files: az
                  batches: oa
                  moderations: oa
                """);
        assertThat(cfg.endpoints()).containsExactlyInAnyOrderEntriesOf(Map.of(Endpoint.FILES, "az",
                Endpoint.BATCHES, "oa", Endpoint.MODERATIONS, "oa"));
        assertThat(parse("").endpoints()).isEmpty();
    }

    @Test
    void anUnknownProviderOneWithoutTheOperationAndAnUnknownKeyAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> parse("""
                endpoints:
                  files: nope
                  batches: claude
                  moderations: az
                  chat_completions: oa
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("endpoints.files").contains("'nope'")
                                .contains("unknown provider"))
                        .anySatisfy(p -> assertThat(p).startsWith("endpoints.batches").contains("anthropic")
                                .contains("/v1/batches"))
                        .anySatisfy(p -> assertThat(p).startsWith("endpoints.moderations").contains("azure"))
                        .anySatisfy(p -> assertThat(p).contains("chat_completions")));
    }

    @Test
    void storedResponsesAreAskedOfAProviderThatStoresThem() throws ConfigException {
        assertThat(parse("""
                endpoints:
                  responses: az
                """).endpoints()).containsExactlyEntriesOf(Map.of(Endpoint.RESPONSES, "az"));
        assertThatThrownBy(() -> parse("""
                endpoints:
                  responses: claude
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("endpoints.responses").contains("anthropic")
                                .contains("stores no responses").contains("openai or azure")));
    }
}
