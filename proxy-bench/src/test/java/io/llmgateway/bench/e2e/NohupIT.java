package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP reloads a gateway started under {@code nohup}, which sets SIGHUP to ignored before the
 * JVM starts (and the JVM then silently declines to handle it).
 */
class NohupIT {

    @Test
    void sighupReloadsUnderNohup() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            Path config = Files.createTempFile("nohup-", ".yaml");
            String yaml = GatewayConfigs.openAiCompatible(upstream);
            Files.writeString(config, yaml);
            try (GatewayProcess gateway = GatewayProcess.launch(List.of("nohup"),
                    List.of("serve", "--config", config.toString()), Map.of(), "paranoid", config)) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest models = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models")).build();
                assertThat(http.send(models, HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("added-alias");

                Files.writeString(config, yaml.replace("model_aliases:\n", "model_aliases:\n  added-alias: mock:gpt-4o\n"));
                Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).inheritIO().start();
                assertThat(kill.waitFor()).isZero();
                Await.until("the reloaded alias to be listed", Duration.ofSeconds(10), () -> {
                    try {
                        return http.send(models, HttpResponse.BodyHandlers.ofString()).body().contains("added-alias");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(gateway.isAlive()).isTrue();
                assertThat(gateway.output()).anyMatch(l -> l.contains("SIGHUP was set to be ignored (nohup): restored"));
            }
        }
    }
}
