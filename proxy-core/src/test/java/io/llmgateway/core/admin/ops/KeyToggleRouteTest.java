package io.llmgateway.core.admin.ops;

import static io.llmgateway.core.admin.ops.OpsFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.balance.KeyStateView;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enable and disable a provider key by {@code provider:key} or an unambiguous bare id, against the real registry. */
class KeyToggleRouteTest {

    private final OpsFixtures f = new OpsFixtures();
    private final KeyToggleRoute route = new KeyToggleRoute(f.config::get, f.keys);

    private static AdminRequest post(String id, String action, String body) {
        return OpsFixtures.request(HttpMethod.POST, "/keys/" + id + "/" + action, Map.of("id", id), Map.of(), body);
    }

    private KeyStateView view(String provider, String key) {
        return f.keys.snapshot().stream().filter(v -> v.providerId().equals(provider) && v.keyId().equals(key))
                .findFirst().orElseThrow();
    }

    @Test
    void disablesAndEnablesAQualifiedKeyAndSaysWhichInTheAudit() {
        AdminResponse off = route.disable(post("openai:k1", "disable", ""));
        assertThat(off.status()).isEqualTo(200);
        assertThat(json(off)).containsExactly(Map.entry("provider", "openai"), Map.entry("key", "k1"),
                Map.entry("enabled", false));
        assertThat(off.audit()).isEqualTo("disabled provider key openai:k1");
        assertThat(view("openai", "k1").health()).isEqualTo("DISABLED");
        assertThat(view("openai", "k1").reason()).isEqualTo("disabled by an administrator");

        AdminResponse on = route.enable(post("openai:k1", "enable", ""));
        assertThat(json(on)).containsEntry("enabled", true);
        assertThat(on.audit()).isEqualTo("enabled provider key openai:k1");
        assertThat(view("openai", "k1").health()).isEqualTo("HEALTHY");
    }

    @Test
    void aDisabledKeyStaysDisabledAcrossAReload() {
        route.disable(post("k1", "disable", ""));
        f.load(OpsFixtures.YAML);
        assertThat(view("openai", "k1").health()).isEqualTo("DISABLED");
        route.enable(post("k1", "enable", "{}"));
        f.load(OpsFixtures.YAML);
        assertThat(view("openai", "k1").health()).isEqualTo("HEALTHY");
    }

    @Test
    void aBareIdWorksWhenOneProviderHasIt() {
        assertThat(json(route.disable(post("k1", "disable", "")))).containsEntry("provider", "openai");
        assertThat(json(route.disable(post("azure:shared", "disable", "")))).containsEntry("provider", "azure");
        assertThat(view("openai", "shared").health()).isEqualTo("HEALTHY");
    }

    @Test
    void aBareIdOfSeveralProvidersIsA400NamingId() {
        AdminException e = catchThrowableOfType(() -> route.disable(post("shared", "disable", "")),
                AdminException.class);
        assertThat(e.error()).isEqualTo(GatewayError.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("id");
        assertThat(e.getMessage()).isEqualTo("key id 'shared' is ambiguous: [openai:shared, azure:shared] "
                + "(expected: <provider>:<key>, e.g. 'openai:shared')");
        assertThat(view("openai", "shared").health()).isEqualTo("HEALTHY");
        assertThat(view("azure", "shared").health()).isEqualTo("HEALTHY");
    }

    @Test
    void anUnknownKeyIsA404() {
        for (String id : new String[] {"nope", "openai:nope", "gemini:k1", "openai:", ":k1"}) {
            AdminException e = catchThrowableOfType(() -> route.enable(post(id, "enable", "")), AdminException.class);
            assertThat(e.error()).as(id).isEqualTo(GatewayError.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("no provider key with id '" + id + "'");
        }
    }

    @Test
    void aKeyDisabledInTheConfigCannotBeEnabledHere() {
        AdminException e = catchThrowableOfType(() -> route.enable(post("openai:off", "enable", "")),
                AdminException.class);
        assertThat(e.error()).isEqualTo(GatewayError.CONFLICT);
        assertThat(e.getMessage()).contains("'openai:off' is disabled in the config");
    }

    @Test
    void aReasonIsKeptAndABadBodyChangesNothing() {
        route.disable(post("k1", "disable", "{\"reason\":\"rotating the key\"}"));
        assertThat(view("openai", "k1").reason()).isEqualTo("disabled by an administrator: rotating the key");

        AdminException unknown = catchThrowableOfType(() -> route.disable(post("azure:shared", "disable",
                "{\"reasn\":\"x\"}")), AdminException.class);
        assertThat(unknown.param()).isEqualTo("reasn");
        AdminException tooLong = catchThrowableOfType(() -> route.disable(post("azure:shared", "disable",
                "{\"reason\":\"" + "x".repeat(201) + "\"}")), AdminException.class);
        assertThat(tooLong.param()).isEqualTo("reason");
        assertThat(tooLong.getMessage()).isEqualTo("'reason' must have 1 to 200 characters, got 201");
        AdminException twoLines = catchThrowableOfType(() -> route.disable(post("azure:shared", "disable",
                "{\"reason\":\"a\\nkey 'x' is healthy\"}")), AdminException.class);
        assertThat(twoLines.getMessage()).isEqualTo("'reason' must be one line without control characters");
        AdminException enableBody = catchThrowableOfType(() -> route.enable(post("k1", "enable",
                "{\"force\":true}")), AdminException.class);
        assertThat(enableBody.param()).isEqualTo("force");
        assertThat(view("azure", "shared").health()).isEqualTo("HEALTHY");
        assertThat(view("openai", "k1").health()).isEqualTo("DISABLED");
    }
}
