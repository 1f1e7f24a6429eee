package io.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {

    private final AtomicReference<String> key = new AtomicReference<>("adm-secret");
    private final AdminRoutes routes = new AdminRoutes()
            .add(HttpMethod.GET, "/things/{id}", r -> AdminResponse.ok(Map.of("id", r.pathParam("id"),
                    "limit", r.queryLong("limit", 10, 1, 100))))
            .add(HttpMethod.POST, "/things", r -> {
                AdminBody b = r.jsonBody();
                String name = b.string("name");
                b.finish();
                return AdminResponse.created(Map.of("name", name)).audited("created " + name);
            })
            .add(HttpMethod.DELETE, "/things/{id}", r -> {
                throw new AdminException(GatewayError.INVALID_CONFIG, "bad", "a.b", Map.of("problems", List.of("p1")));
            })
            .add(HttpMethod.PUT, "/boom", r -> {
                throw new IllegalStateException("internal detail sk-should-not-show");
            });
    private final AdminApi api = new AdminApi(routes, key::get);

    @AfterEach
    void close() {
        api.close();
    }

    private static AdminRequest request(HttpMethod method, String path, String query, String body) {
        Map<String, List<String>> q = query == null ? Map.of() : Map.of("limit", List.of(query));
        return new AdminRequest(method, path, Map.of(), q, body.getBytes(StandardCharsets.UTF_8), AdminApi.ACTOR, "r1");
    }

    private static String text(AdminResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theAdminKeyIsRequiredExactlyAndAnEmptyOneTurnsTheApiOff() {
        assertThat(api.enabled()).isTrue();
        assertThat(api.authorized("Bearer adm-secret")).isTrue();
        assertThat(api.authorized("bearer  adm-secret ")).isTrue();
        assertThat(api.authorized("Bearer adm-secre")).isFalse();
        assertThat(api.authorized("Bearer adm-secretX")).isFalse();
        assertThat(api.authorized("adm-secret")).isFalse();
        assertThat(api.authorized("Bearer ")).isFalse();
        assertThat(api.authorized(null)).isFalse();
        key.set("");
        assertThat(api.enabled()).isFalse();
        assertThat(api.authorized("Bearer ")).isFalse();
        assertThat(api.authorized("Bearer adm-secret")).isFalse();
        AdminResponse refused = AdminApi.unauthorized();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(text(refused)).contains("\"code\":\"invalid_api_key\"").doesNotContain("adm-secret");
    }

    @Test
    void routesGetTheirParametersQueryAndBody() {
        AdminResponse one = api.handle(request(HttpMethod.GET, "/things/t1", "5", ""), "127.0.0.1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(text(one)).contains("\"id\":\"t1\"").contains("\"limit\":5");
        AdminResponse made = api.handle(request(HttpMethod.POST, "/things", null, "{\"name\":\"n1\"}"), "127.0.0.1");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.audit()).isEqualTo("created n1");
    }

    @Test
    void clientMistakesAreOpenAiShapedErrorsNamingTheField() {
        AdminResponse badQuery = api.handle(request(HttpMethod.GET, "/things/t1", "0", ""), "c");
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(text(badQuery)).contains("\"param\":\"limit\"").contains("from 1 to 100, got '0'");
        AdminResponse unknownField = api.handle(request(HttpMethod.POST, "/things", null,
                "{\"name\":\"n\",\"x\":1}"), "c");
        assertThat(text(unknownField)).isEqualTo("{\"error\":{\"message\":\"unknown field 'x'\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"x\",\"code\":null}}");
        AdminResponse details = api.handle(request(HttpMethod.DELETE, "/things/t1", null, ""), "c");
        assertThat(details.status()).isEqualTo(400);
        assertThat(text(details)).contains("\"code\":\"invalid_config\"").contains("\"param\":\"a.b\"")
                .contains("\"problems\":[\"p1\"]");
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredWithAllow() {
        AdminResponse unknown = api.handle(request(HttpMethod.GET, "/nothing", null, ""), "c");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(text(unknown)).contains("\"code\":\"unknown_url\"").contains("/admin/v1/nothing");
        AdminResponse wrong = api.handle(request(HttpMethod.PATCH, "/things/t1", null, ""), "c");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.headers()).containsEntry("allow", "GET, DELETE");
    }

    @Test
    void aFailingHandlerIs500WithoutItsMessage() {
        AdminResponse boom = api.handle(request(HttpMethod.PUT, "/boom", null, ""), "c");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(text(boom)).doesNotContain("sk-should-not-show").contains("gateway's log");
    }

    @Test
    void submittedRequestsRunOnTheAdminThread() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        AdminRoutes r = new AdminRoutes().add(HttpMethod.GET, "/t",
                req -> AdminResponse.ok(Thread.currentThread().getName()));
        try (AdminApi own = new AdminApi(r, key::get)) {
            own.submit(request(HttpMethod.GET, "/t", null, ""), "c", answer -> thread.complete(text(answer)));
            assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("\"llm-admin\"");
        }
    }
}
