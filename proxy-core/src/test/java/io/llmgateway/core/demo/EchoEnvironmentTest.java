package io.llmgateway.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoEnvironmentTest {

    @Test
    void theDemoConfigStartsTheEchoProviderOnceAndItAnswers() throws Exception {
        try (EchoEnvironment env = EchoEnvironment.starting(Map.<String, String>of()::get,
                Map.of(DemoConfig.LISTEN_VARIABLE, "127.0.0.1:0"))) {
            assertThat(env.echoUrl()).as("nothing starts before a config asks").isNull();
            ConfigLoader loader = new ConfigLoader(env);
            GatewayConfig config = loader.parse(DemoConfig.yaml(), "demo");
            String url = env.echoUrl();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/v1");
            assertThat(config.provider("echo").baseUrl()).isEqualTo(url);
            assertThat(config.server().port()).isZero();
            assertThat(config.aliases()).containsKeys("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
            assertThat(loader.parse(DemoConfig.yaml(), "demo").provider("echo").baseUrl())
                    .as("a reload gets the same provider").isEqualTo(url);

            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(url + "/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("\"content\":\"ping\"");
        }
    }

    @Test
    void anEnvironmentValueWinsAndAPlaceholderStartsNothing() {
        Map<String, String> process = Map.of(EchoEnvironment.URL_VARIABLE, "http://elsewhere:9/v1", "OTHER", "x");
        try (EchoEnvironment env = EchoEnvironment.starting(process::get, Map.of())) {
            assertThat(env.apply(EchoEnvironment.URL_VARIABLE)).isEqualTo("http://elsewhere:9/v1");
            assertThat(env.apply("OTHER")).isEqualTo("x");
            assertThat(env.echoUrl()).isNull();
        }
        try (EchoEnvironment env = EchoEnvironment.placeholder(Map.<String, String>of()::get)) {
            assertThat(env.apply(EchoEnvironment.URL_VARIABLE)).isEqualTo(EchoEnvironment.PLACEHOLDER_URL);
            assertThat(env.echoUrl()).isNull();
        }
    }
}
