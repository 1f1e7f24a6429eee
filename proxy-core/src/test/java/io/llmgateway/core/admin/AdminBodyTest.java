package io.llmgateway.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.error.GatewayError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AdminBodyTest {

    private static AdminBody body(String json) {
        return AdminBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(ThrowingCallable call, String param, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AdminException.class, e -> {
            assertThat(e.error()).isEqualTo(GatewayError.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void readsEveryKindOfFieldWithNestedPaths() {
        AdminBody b = body("{\"name\":\"ci\",\"rpm\":60,\"models\":[\"a\",\"b\"],\"budget\":{\"usd\":5.5,"
                + "\"period\":\"day\"},\"metadata\":{\"owner\":\"ann\"},\"on\":true,\"gone\":null}");
        assertThat(b.string("name")).isEqualTo("ci");
        assertThat(b.optionalLong("rpm", 0, 1000)).isEqualTo(60L);
        assertThat(b.optionalStrings("models")).containsExactly("a", "b");
        AdminBody budget = b.optionalObject("budget");
        assertThat(budget.optionalDouble("usd", 0, 1e9)).isEqualTo(5.5);
        assertThat(budget.string("period")).isEqualTo("day");
        budget.finish();
        assertThat(b.optionalStringMap("metadata")).isEqualTo(Map.of("owner", "ann"));
        assertThat(b.optionalBoolean("on")).isTrue();
        assertThat(b.has("gone")).isTrue();
        assertThat(b.optionalString("gone")).isNull();
        assertThat(b.optionalString("absent")).isNull();
        b.finish();
    }

    @Test
    void aWrongTypeOrRangeNamesTheFieldByItsPath() {
        refused(() -> body("{\"rpm\":-1}").optionalLong("rpm", 0, 1000), "rpm", "from 0 to 1000, got -1");
        refused(() -> body("{\"rpm\":\"60\"}").optionalLong("rpm", 0, 1000), "rpm", "got '60'");
        refused(() -> body("{\"budget\":{\"usd\":\"x\"}}").optionalObject("budget").optionalDouble("usd", 0, 10),
                "budget.usd", "'budget.usd' must be a number");
        refused(() -> body("{\"models\":[\"a\",3]}").optionalStrings("models"), "models[1]", "got 3");
        refused(() -> body("{\"name\":\"\"}").string("name"), "name", "'name' is required");
        refused(() -> body("{}").string("name"), "name", "'name' is required");
    }

    @Test
    void anUnreadFieldIsRefusedByFinish() {
        AdminBody b = body("{\"name\":\"ci\",\"nmae\":\"typo\"}");
        b.string("name");
        refused(b::finish, "nmae", "unknown field 'nmae'");
        AdminBody nested = body("{\"budget\":{\"usd\":1,\"perod\":\"day\"}}").optionalObject("budget");
        nested.optionalDouble("usd", 0, 10);
        refused(nested::finish, "budget.perod", "unknown field 'budget.perod'");
    }

    @Test
    void malformedJsonOrANonObjectIsRefused() {
        refused(() -> body("{\"a\":"), null, "malformed JSON");
        refused(() -> body("[1]"), null, "must be a JSON object");
        refused(() -> body("{\"a\":1,\"a\":2}"), null, "Duplicate field 'a'");
        refused(() -> body("{} {}"), null, "more after its JSON object");
        refused(() -> AdminBody.parse(new byte[0]), null, "needs a JSON object");
        refused(() -> body("[".repeat(0) + "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"), null, "deeper than");
    }

    @Test
    void writesPlainValuesAsJson() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("s", "x\"y");
        v.put("n", 3);
        v.put("d", 1.5);
        v.put("nan", Double.NaN);
        v.put("b", false);
        v.put("null", null);
        v.put("list", List.of(1, "a"));
        v.put("at", Instant.parse("2026-12-07T10:00:00Z"));
        v.put("e", GatewayError.NOT_FOUND);
        assertThat(new String(AdminJson.write(v), StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"x\\\"y\",\"n\":3,"
                + "\"d\":1.5,\"nan\":null,\"b\":false,\"null\":null,\"list\":[1,\"a\"],"
                + "\"at\":\"2026-12-07T10:00:00Z\",\"e\":\"not_found\"}");
        assertThatThrownBy(() -> AdminJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
