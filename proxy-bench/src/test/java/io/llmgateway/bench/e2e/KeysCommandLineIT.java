package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys create|list|revoke} and {@code providers} of the real jar against a real gateway: the
 * key the command prints works for a request, the list shows it, a revoked one gets 401, and the
 * providers table shows the configured key. The admin key never appears in what the commands print.
 */
class KeysCommandLineIT {

    private static final String ADMIN_KEY = "adm-keys-cli-e2e-93d1";
    private static final Pattern PRINTED_KEY = Pattern.compile("(?m)^  (sk-gw-\\S+)$");
    private static final Pattern KEY_ID = Pattern.compile("Created virtual key (vk_\\S+) \\(ci-bot\\):");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static MockUpstream upstream;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    private String config() {
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  admin_api_key: "%s"
                  drain_delay_ms: 0
                storage:
                  data_dir: "%s"
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: k1
                        secret: "sk-upstream-one"
                        limit_req_per_min: 500
                model_aliases:
                  gpt-4o: mock:gpt-4o
                  gpt-4o-mini: mock:gpt-4o-mini
                """.formatted(ADMIN_KEY, dataDir, upstream.baseUrl());
    }

    private static JarCommand cli(GatewayProcess gw, String... args) throws Exception {
        JarCommand r = JarCommand.run(Map.of("LLM_GATEWAY_URL", "http://127.0.0.1:" + gw.port(),
                "LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY), args);
        assertThat(r.out() + r.err()).as(r.all()).doesNotContain(ADMIN_KEY);
        return r;
    }

    private static int chat(GatewayProcess gw, String key) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aKeyCreatedFromTheCommandLineWorksIsListedAndStopsWorkingOnceRevoked() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config())) {
            JarCommand created = cli(gw, "keys", "create", "--name", "ci-bot", "--models", "gpt-4o", "--rpm", "60",
                    "--budget-usd", "50", "--budget-period", "day", "--expires", "2999-01-01", "--meta", "owner=ann");
            assertThat(created.exitCode()).as(created.all()).isZero();
            assertThat(created.out()).contains("Store this key now: it is shown only this once");
            Matcher key = PRINTED_KEY.matcher(created.out());
            Matcher id = KEY_ID.matcher(created.out());
            assertThat(key.find()).as(created.all()).isTrue();
            assertThat(id.find()).as(created.all()).isTrue();

            assertThat(chat(gw, key.group(1))).isEqualTo(200);

            JarCommand list = cli(gw, "keys", "list");
            assertThat(list.exitCode()).as(list.all()).isZero();
            assertThat(list.out()).as(list.all()).startsWith("ID ").contains(id.group(1))
                    .containsPattern("ci-bot +- +gpt-4o +60 +- +- +\\$50\\.00/day +\\$[0-9.]+ +2999-01-01T00:00:00Z +active +api")
                    .doesNotContain(key.group(1));

            JarCommand revoked = cli(gw, "keys", "revoke", id.group(1));
            assertThat(revoked.exitCode()).as(revoked.all()).isZero();
            assertThat(revoked.out()).isEqualTo("Revoked virtual key " + id.group(1)
                    + ": requests that send it get 401 from now on.\n");
            assertThat(chat(gw, key.group(1))).isEqualTo(401);
            assertThat(cli(gw, "keys", "list").out()).containsPattern(id.group(1) + " .* revoked +api");

            JarCommand unknown = cli(gw, "keys", "revoke", "vk_does_not_exist");
            assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(1);
            assertThat(unknown.err()).startsWith("llm-gateway: DELETE /admin/v1/virtual-keys/vk_does_not_exist: 404 "
                    + "not_found: ").hasLineCount(1);
        }
    }

    @Test
    void providersShowsEveryKeyWithItsUsageAgainstItsLimits() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config())) {
            JarCommand created = cli(gw, "keys", "create", "--name", "ci-bot");
            Matcher key = PRINTED_KEY.matcher(created.out());
            assertThat(key.find()).as(created.all()).isTrue();
            assertThat(chat(gw, key.group(1))).isEqualTo(200);

            JarCommand providers = cli(gw, "providers");
            assertThat(providers.exitCode()).as(providers.all()).isZero();
            assertThat(providers.out()).as(providers.all())
                    .startsWith("PROVIDER  TYPE               KEY  ENABLED  STATE ")
                    .containsPattern("mock +openai-compatible +k1 +yes +healthy +1/500 ");
            JarCommand json = cli(gw, "providers", "--json");
            assertThat(json.out()).startsWith("{\"data\":[").contains("\"id\":\"mock\"");
        }
    }
}
