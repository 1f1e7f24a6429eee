package io.llmgateway.core.admin.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.observe.log.RequestLogRing;
import io.llmgateway.core.observe.metrics.MetricsSnapshot;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routes the module adds, and {@code GET /stats}: the observer's rendering, as it is. */
class OpsAdminModuleTest {

    private final OpsFixtures f = new OpsFixtures();
    private final byte[] stats = "{\"aliases\":{\"gpt-4o\":{}},\"providers\":{}}".getBytes(StandardCharsets.UTF_8);
    private final AdminRoutes routes = new AdminRoutes();

    OpsAdminModuleTest() {
        MetricsSnapshot snapshot = new MetricsSnapshot(new byte[0], stats, Map.of(), 0);
        new OpsAdminModule(f.config::get, f.keys, () -> snapshot, () -> new RequestLogRing(10)).register(routes);
    }

    @Test
    void addsTheOperationalRoutes() {
        assertThat(routes.describe()).containsExactly("GET /providers", "POST /keys/{id}/enable",
                "POST /keys/{id}/disable", "GET /logs", "GET /stats");
        AdminRoutes.Lookup l = routes.find(HttpMethod.POST, "/keys/openai:k1/disable");
        assertThat(l.handler()).isNotNull();
        assertThat(l.pathParams()).containsEntry("id", "openai:k1");
        assertThat(routes.find(HttpMethod.GET, "/keys/openai:k1/enable").allowed()).isEqualTo("POST");
    }

    @Test
    void statsAreTheSummaryTheObserverRendered() {
        AdminResponse r = routes.find(HttpMethod.GET, "/stats").handler().handle(OpsFixtures.get("/stats", Map.of()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(AdminResponse.JSON);
        assertThat(r.body()).isSameAs(stats);
        assertThat(r.audit()).isNull();
    }

    @Test
    void theRoutesActOnTheRegistry() {
        AdminResponse r = routes.find(HttpMethod.POST, "/keys/k1/disable").handler().handle(OpsFixtures.request(
                HttpMethod.POST, "/keys/k1/disable", Map.of("id", "k1"), Map.of(), ""));
        assertThat(r.audit()).isEqualTo("disabled provider key openai:k1");
        assertThat(f.keys.snapshot()).anySatisfy(v -> {
            assertThat(v.keyId()).isEqualTo("k1");
            assertThat(v.health()).isEqualTo("DISABLED");
        });
    }
}
