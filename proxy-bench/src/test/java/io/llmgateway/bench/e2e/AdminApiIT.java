package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API's doors on the real jar: off without an admin key, the key checked on the main
 * listener and on {@code server.admin_listen}, and the audit line of a change (without the key).
 */
class AdminApiIT {

    private static final String ADMIN_KEY = "adm-e2e-secret-7f3a";
    private static final Pattern ADMIN_PORT = Pattern.compile("admin API: on \\(under /admin/v1 on /[^:]+:(\\d+)\\)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static MockUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    private static HttpResponse<String> call(int port, String method, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAnAdminKeyTheAdminApiDoesNotExist() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream))) {
            HttpResponse<String> r = call(gateway.port(), "GET", "/admin/v1/", ADMIN_KEY);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("\"code\":\"unknown_url\"");
            assertThat(gateway.output()).anyMatch(l -> l.contains("admin API: off until server.admin_api_key is set"));
        }
    }

    @Test
    void onTheMainListenerTheAdminKeyIsNeededAndChangesAreAudited() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "admin_api_key: \"" + ADMIN_KEY + "\"", ""))) {
            int port = gateway.port();
            assertThat(call(port, "GET", "/admin/v1/", null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = call(port, "GET", "/admin/v1/", ADMIN_KEY + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("\"code\":\"invalid_api_key\"").doesNotContain(ADMIN_KEY);
            HttpResponse<String> index = call(port, "GET", "/admin/v1/", ADMIN_KEY);
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("\"routes\":[").contains("\"GET /\"");
            HttpResponse<String> change = call(port, "POST", "/admin/v1/", ADMIN_KEY);
            assertThat(change.statusCode()).isEqualTo(405);
            assertThat(change.headers().firstValue("allow")).hasValue("GET");
            // The API routes are unaffected: the client key is not the admin key and vice versa.
            assertThat(call(port, "GET", "/v1/models", null).statusCode()).isEqualTo(200);
            Await.until("the audit line", () -> gateway.output().stream().anyMatch(l -> l.contains(
                    "admin audit: actor=admin_api_key client=127.0.0.1 POST /admin/v1/ -> 405")));
            assertThat(gateway.output()).noneMatch(l -> l.contains(ADMIN_KEY));
        }
    }

    @Test
    void everyRouteTheIndexListsNeedsTheAdminKey() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "admin_api_key: \"" + ADMIN_KEY + "\"", ""))) {
            int port = gateway.port();
            String index = call(port, "GET", "/admin/v1/", ADMIN_KEY).body();
            Matcher route = Pattern.compile("\"([A-Z]+) (/[^\"]*)\"").matcher(index);
            int routes = 0;
            while (route.find()) {
                routes++;
                String method = route.group(1);
                String path = "/admin/v1" + route.group(2).replaceAll("\\{[^}]+}", "no-such-id");
                assertThat(call(port, method, path, null).statusCode()).as("%s %s without a key", method, path)
                        .isEqualTo(401);
                assertThat(call(port, method, path, ADMIN_KEY + "x").statusCode())
                        .as("%s %s with a wrong key", method, path).isEqualTo(401);
                if (method.equals("GET")) {
                    // Reads only: with the right key they answer (404 for an id that does not exist).
                    assertThat(call(port, method, path, ADMIN_KEY).statusCode()).as("%s %s with the key", method, path)
                            .isIn(200, 404);
                }
            }
            assertThat(routes).as("the routes of every part: %s", index).isGreaterThanOrEqualTo(20);
            assertThat(index).contains("\"GET /providers\"", "\"POST /reload\"", "\"POST /virtual-keys\"",
                    "\"GET /spend\"", "\"GET /config\"", "\"GET /logs\"");
        }
    }

    @Test
    void onItsOwnListenerTheAdminApiIsNotOnTheMainOne() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "admin_api_key: \"" + ADMIN_KEY + "\"\nadmin_listen: \"127.0.0.1:0\"", ""))) {
            int adminPort = gateway.output().stream().map(ADMIN_PORT::matcher).filter(Matcher::find)
                    .map(m -> Integer.parseInt(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no admin listener in " + gateway.output()));
            assertThat(call(gateway.port(), "GET", "/admin/v1/", ADMIN_KEY).statusCode()).isEqualTo(404);
            assertThat(call(adminPort, "GET", "/admin/v1/", null).statusCode()).isEqualTo(401);
            assertThat(call(adminPort, "GET", "/admin/v1/", ADMIN_KEY + "x").statusCode()).isEqualTo(401);
            assertThat(call(adminPort, "GET", "/admin/v1/", ADMIN_KEY).body()).contains("\"GET /\"");
            assertThat(call(adminPort, "GET", "/admin/v1/nothing", ADMIN_KEY).statusCode()).isEqualTo(404);
            assertThat(call(adminPort, "GET", "/v1/models", ADMIN_KEY).statusCode()).isEqualTo(404);
        }
    }
}
