package io.llmgateway.core.admin.ops;

import static io.llmgateway.core.admin.ops.OpsFixtures.at;
import static io.llmgateway.core.admin.ops.OpsFixtures.get;
import static io.llmgateway.core.admin.ops.OpsFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.observe.log.RequestLogEntry;
import io.llmgateway.core.observe.log.RequestLogRing;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request-log ring through {@code GET /logs}: newest first, filtered, every bad parameter named. */
class LogsRouteTest {

    private final RequestLogRing ring = new RequestLogRing(150);
    private final LogsRoute route = new LogsRoute(() -> ring);

    LogsRouteTest() {
        for (int i = 0; i < 120; i++) {
            String provider = i % 2 == 0 ? "openai" : "azure";
            int status = i % 10 == 0 ? 429 : 200;
            ring.add(new RequestLogEntry(provider, status, provider.equals("openai") ? "k1" : "a1", "client-" + (i % 3),
                    "{\"n\":" + i + ",\"provider\":\"" + provider + "\",\"status\":" + status + "}"));
        }
    }

    private static Map<String, List<String>> query(String... nameValues) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            q.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return q;
    }

    private List<Object> data(String... nameValues) {
        AdminResponse r = route.handle(get("/logs", query(nameValues)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        return at(json(r), "data");
    }

    private static List<Long> numbers(List<Object> entries) {
        return entries.stream().map(e -> (Long) at(e, "n")).toList();
    }

    @Test
    void givesTheLastHundredNewestFirstByDefault() {
        List<Object> all = data();
        assertThat(all).hasSize(100);
        assertThat(numbers(all).subList(0, 3)).containsExactly(119L, 118L, 117L);
        assertThat(numbers(all).get(99)).isEqualTo(20L);
    }

    @Test
    void theEntriesAreTheLogLinesThemselves() {
        byte[] body = route.handle(get("/logs", query("limit", "2"))).body();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"data\":[{\"n\":119,\"provider\":\"azure\",\"status\":200},"
                        + "{\"n\":118,\"provider\":\"openai\",\"status\":200}]}");
    }

    @Test
    void filtersByProviderStatusAndKey() {
        assertThat(numbers(data("provider", "openai", "status", "429", "limit", "150")))
                .containsExactly(110L, 100L, 90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L, 10L, 0L);
        assertThat(numbers(data("key", "a1", "limit", "3"))).containsExactly(119L, 117L, 115L);
        assertThat(numbers(data("key", "client-0", "limit", "2"))).containsExactly(117L, 114L);
        assertThat(data("provider", "gemini")).isEmpty();
    }

    @Test
    void emptyValuesFilterNothing() {
        assertThat(data("limit", "", "provider", "", "status", "", "key", "")).hasSize(100);
    }

    @Test
    void limitGoesFromOneToTheRingsSize() {
        assertThat(data("limit", "1")).hasSize(1);
        assertThat(data("limit", "150")).hasSize(120);
        for (String bad : new String[] {"0", "151", "-1", "ten", "1.5"}) {
            AdminException e = catchThrowableOfType(() -> route.handle(get("/logs", query("limit", bad))),
                    AdminException.class);
            assertThat(e.error()).isEqualTo(GatewayError.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("limit");
            assertThat(e.getMessage()).isEqualTo("query parameter 'limit' must be a whole number from 1 to 150, got '"
                    + bad + "'");
        }
    }

    @Test
    void aBadStatusOrAnUnknownParameterIsNamed() {
        AdminException status = catchThrowableOfType(() -> route.handle(get("/logs", query("status", "abc"))),
                AdminException.class);
        assertThat(status.param()).isEqualTo("status");
        assertThat(catchThrowableOfType(() -> route.handle(get("/logs", query("status", "99"))),
                AdminException.class).param()).isEqualTo("status");
        AdminException unknown = catchThrowableOfType(() -> route.handle(get("/logs", query("model", "gpt-4o"))),
                AdminException.class);
        assertThat(unknown.param()).isEqualTo("model");
        assertThat(unknown.getMessage()).isEqualTo("unknown query parameter 'model' (expected: one of limit, "
                + "provider, status, key)");
    }

    @Test
    void aSmallRingLowersTheDefaultAndAnEmptyOneAnswersNothing() {
        RequestLogRing small = new RequestLogRing(5);
        small.add(new RequestLogEntry("openai", 200, "k1", null, "{\"n\":1}"));
        assertThat((List<Object>) at(json(new LogsRoute(() -> small).handle(get("/logs", Map.of()))), "data"))
                .hasSize(1);
        RequestLogRing none = new RequestLogRing(0);
        assertThat(new String(new LogsRoute(() -> none).handle(get("/logs", query("limit", "1"))).body(),
                StandardCharsets.UTF_8)).isEqualTo("{\"data\":[]}");
    }
}
