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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API's config routes on the real jar: the config round trip (read redacted, validate,
 * a bad document rejected while the running config keeps serving, a good one written and
 * applied), {@code POST /reload}, and the admin key on every route.
 */
class AdminConfigIT {

    private static final String ADMIN_KEY = "adm-config-secret-51c9";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static MockUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    private static String config() {
        return GatewayConfigs.openAiCompatible(upstream, "admin_api_key: \"" + ADMIN_KEY + "\"", "");
    }

    private static HttpResponse<String> call(GatewayProcess gateway, String method, String path, String key,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(GatewayProcess gateway, String method, String path, String body)
            throws Exception {
        return call(gateway, method, "/admin/v1" + path, ADMIN_KEY, body);
    }

    @Test
    void theConfigRoundTripRejectsABadDocumentAndAppliesAGoodOne() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(config())) {
            Path file = ReloadIT.configPathOf(gateway);
            String original = Files.readString(file);

            HttpResponse<String> current = admin(gateway, "GET", "/config", null);
            assertThat(current.statusCode()).isEqualTo(200);
            assertThat(current.body()).startsWith("{\"source\":\"" + file + "\",\"version\":1,\"loaded_at\":\"")
                    .contains("\"config\":{\"server\":{", "\"admin_api_key\":\"[redacted]\"",
                            "{\"id\":\"k1\",\"secret\":\"[redacted]\"}", "\"gpt-4o\":\"mock:gpt-4o-2024-08-06\"")
                    .doesNotContain(ADMIN_KEY, "sk-upstream-one", "sk-faulty-two", "UNSET_SECRET_FOR_TEST");

            String bad = original.replace("model_aliases:\n", "model_aliases:\n  broken: nowhere:gpt-4o\n");
            HttpResponse<String> validated = admin(gateway, "POST", "/config/validate", bad);
            assertThat(validated.statusCode()).isEqualTo(200);
            assertThat(validated.body()).startsWith("{\"valid\":false,\"problems\":[\"model_aliases.broken (line ");

            HttpResponse<String> rejected = admin(gateway, "POST", "/config", bad);
            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(rejected.body()).contains("\"code\":\"invalid_config\"", "\"param\":\"model_aliases.broken\"",
                    "\"problems\":[\"model_aliases.broken (line ");
            assertThat(Files.readString(file)).isEqualTo(original);
            assertThat(call(gateway, "POST", "/v1/chat/completions", null, CHAT).statusCode())
                    .as("the running config keeps serving").isEqualTo(200);
            assertThat(call(gateway, "GET", "/v1/models", null, null).body()).doesNotContain("broken");

            String good = original.replace("model_aliases:\n", "model_aliases:\n  via-admin: mock:gpt-4o\n");
            HttpResponse<String> applied = admin(gateway, "POST", "/config", good);
            assertThat(applied.statusCode()).isEqualTo(200);
            assertThat(applied.body()).startsWith("{\"applied\":true,\"version\":2,\"source\":\"" + file
                    + "\",\"warnings\":[\"providers[3].keys[0].secret (line ")
                    .endsWith("${UNSET_SECRET_FOR_TEST} is not set: key 'n1' of provider 'nokey' is disabled\"]}");
            assertThat(Files.readString(file)).isEqualTo(good);
            assertThat(call(gateway, "GET", "/v1/models", null, null).body()).contains("via-admin");
            assertThat(call(gateway, "POST", "/v1/chat/completions", null, CHAT.replace("gpt-4o", "via-admin"))
                    .statusCode()).isEqualTo(200);
            assertThat(admin(gateway, "GET", "/config", null).body()).contains("\"version\":2", "\"via-admin\"");

            Await.until("the audit line of the change", () -> gateway.output().stream().anyMatch(l -> l.contains(
                    "POST /admin/v1/config -> 200: wrote and applied config version 2 to " + file)));
            assertThat(gateway.output()).anyMatch(l -> l.contains("POST /admin/v1/config -> 400"))
                    .noneMatch(l -> l.contains(ADMIN_KEY) || l.contains("sk-upstream-one"));
        }
    }

    @Test
    void postReloadReadsTheFileAgainAndABadFileKeepsTheRunningConfig() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(config())) {
            Path file = ReloadIT.configPathOf(gateway);
            String original = Files.readString(file);
            Files.writeString(file, original.replace("model_aliases:\n", "model_aliases:\n  reloaded: mock:gpt-4o\n"));

            HttpResponse<String> reloaded = admin(gateway, "POST", "/reload", null);

            assertThat(reloaded.statusCode()).isEqualTo(200);
            assertThat(reloaded.body()).startsWith("{\"reloaded\":true,\"version\":2,\"source\":\"" + file + "\"");
            assertThat(call(gateway, "GET", "/v1/models", null, null).body()).contains("reloaded");

            Files.writeString(file, "providers: [");
            HttpResponse<String> rejected = admin(gateway, "POST", "/reload", null);
            assertThat(rejected.statusCode()).isEqualTo(400);
            assertThat(rejected.body()).contains("\"code\":\"invalid_config\"", "\"problems\":[");
            assertThat(call(gateway, "GET", "/v1/models", null, null).body()).contains("reloaded");
            assertThat(call(gateway, "POST", "/v1/chat/completions", null, CHAT).statusCode()).isEqualTo(200);
            assertThat(admin(gateway, "GET", "/config", null).body()).contains("\"version\":2");
        }
    }

    @Test
    void everyConfigRouteNeedsTheAdminKey() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(config())) {
            String doc = Files.readString(ReloadIT.configPathOf(gateway));
            for (List<String> route : List.of(List.of("GET", "/admin/v1/config"), List.of("POST", "/admin/v1/config"),
                    List.of("POST", "/admin/v1/config/validate"), List.of("POST", "/admin/v1/reload"))) {
                String body = route.get(0).equals("POST") ? doc : null;
                assertThat(call(gateway, route.get(0), route.get(1), null, body).statusCode()).as("no key: " + route)
                        .isEqualTo(401);
                assertThat(call(gateway, route.get(0), route.get(1), ADMIN_KEY + "x", body).statusCode())
                        .as("wrong key: " + route).isEqualTo(401);
            }
            assertThat(admin(gateway, "GET", "/config", null).body()).contains("\"version\":1");
            assertThat(admin(gateway, "GET", "/", null).body()).contains("\"GET /config\"", "\"POST /config/validate\"",
                    "\"POST /config\"", "\"POST /reload\"");
        }
    }
}
