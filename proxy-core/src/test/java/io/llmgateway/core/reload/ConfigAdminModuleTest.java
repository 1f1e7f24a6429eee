package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.config.ConfigStoreConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config routes called as the dispatcher calls them, with the JSON shapes of admin-contract.md. */
class ConfigAdminModuleTest {

    @TempDir
    Path dir;

    private Path file;
    private ConfigControl control;
    private final AdminRoutes routes = new AdminRoutes();

    private void open(String text) throws Exception {
        file = dir.resolve("gateway.yaml");
        Files.writeString(file, text);
        control = ConfigControl.open(new FileConfigStore(file, ConfigStoreConfig.DEFAULT), Configs.loader(),
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
        new ConfigAdminModule(control).register(routes);
    }

    private AdminResponse call(HttpMethod method, String path, String body) {
        AdminRoutes.Lookup lookup = routes.find(method, path);
        assertThat(lookup).as(method + " " + path).isNotNull();
        return lookup.handler().handle(new AdminRequest(method, path, lookup.pathParams(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "admin", "req-1"));
    }

    private static String text(AdminResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void registersTheFourRoutes() throws Exception {
        open(Configs.valid("k1"));

        assertThat(routes.describe()).containsExactly("GET /config", "POST /config/validate", "POST /config",
                "POST /reload");
    }

    @Test
    void getConfigAnswersTheRunningDocumentRedactedWithItsSourceAndVersion() throws Exception {
        open(Configs.valid("k1"));

        AdminResponse r = call(HttpMethod.GET, "/config", "");

        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).startsWith("{\"source\":\"" + file + "\",\"version\":1,\"loaded_at\":\"2026-12-07T10:00:00Z\","
                + "\"config\":{\"providers\":[{\"id\":\"p\"")
                .contains("{\"id\":\"k1\",\"secret\":\"[redacted]\"}").doesNotContain("sk-k1");
    }

    @Test
    void validateAnswersProblemsAndWarningsAndChangesNothing() throws Exception {
        open(Configs.valid("k1"));

        AdminResponse good = call(HttpMethod.POST, "/config/validate", Configs.valid("k1", "k2"));
        AdminResponse bad = call(HttpMethod.POST, "/config/validate", Configs.invalid());

        assertThat(text(good)).isEqualTo("{\"valid\":true,\"problems\":[],\"warnings\":[]}");
        assertThat(text(bad)).startsWith("{\"valid\":false,\"problems\":[\"model_aliases.broken (line 10): unknown provider")
                .endsWith("\"warnings\":[]}");
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(Configs.valid("k1"));
    }

    @Test
    void postConfigWritesAppliesAndIsAudited() throws Exception {
        open(Configs.valid("k1"));

        AdminResponse r = call(HttpMethod.POST, "/config", Configs.valid("k1", "k2"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"applied\":true,\"version\":2,\"source\":\"" + file + "\",\"warnings\":[]}");
        assertThat(r.audit()).isEqualTo("wrote and applied config version 2 to " + file);
        assertThat(Files.readString(file)).isEqualTo(Configs.valid("k1", "k2"));
        assertThat(text(call(HttpMethod.GET, "/config", ""))).contains("\"version\":2", "\"k2\"");
    }

    @Test
    void anInvalidConfigIs400InvalidConfigNamingTheFirstProblemAndTheRunningOneStays() throws Exception {
        open(Configs.valid("k1"));

        assertThatThrownBy(() -> call(HttpMethod.POST, "/config", Configs.invalid()))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.INVALID_CONFIG);
                    assertThat(e.param()).isEqualTo("model_aliases.broken");
                    assertThat(e.getMessage()).contains("1 problem", "running one stays", "unknown provider");
                    assertThat(e.details()).containsOnlyKeys("problems");
                    assertThat((List<?>) e.details().get("problems")).singleElement().asString()
                            .startsWith("model_aliases.broken");
                });
        assertThat(Files.readString(file)).isEqualTo(Configs.valid("k1"));
        assertThat(control.running().version()).isEqualTo(1);
    }

    @Test
    void aYamlSyntaxErrorHasNoParam() throws Exception {
        open(Configs.valid("k1"));

        assertThatThrownBy(() -> call(HttpMethod.POST, "/config", "providers: [unclosed"))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.INVALID_CONFIG);
                    assertThat(e.param()).isNull();
                });
    }

    @Test
    void reloadReadsTheFileAgain() throws Exception {
        open(Configs.valid("k1"));
        Files.writeString(file, Configs.valid("k1", "k2"));

        AdminResponse r = call(HttpMethod.POST, "/reload", "");

        assertThat(text(r)).isEqualTo("{\"reloaded\":true,\"version\":2,\"source\":\"" + file + "\",\"warnings\":[]}");
        assertThat(r.audit()).isEqualTo("reloaded config version 2 from " + file);

        Files.writeString(file, Configs.invalid());
        assertThatThrownBy(() -> call(HttpMethod.POST, "/reload", ""))
                .isInstanceOfSatisfying(AdminException.class,
                        e -> assertThat(e.error()).isEqualTo(GatewayError.INVALID_CONFIG));
        assertThat(control.running().version()).isEqualTo(2);
    }

    @Test
    void aStoreThatCannotBeWrittenRefusesPostConfigWithConflict() throws Exception {
        control = ConfigControl.open(new TextConfigStore("demo config", Configs.valid("k1")), Configs.loader(),
                Clock.systemUTC());
        new ConfigAdminModule(control).register(routes);

        assertThatThrownBy(() -> call(HttpMethod.POST, "/config", Configs.valid("k2")))
                .isInstanceOfSatisfying(AdminException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.CONFLICT);
                    assertThat(e.getMessage()).contains("demo config", "cannot write");
                });
    }

    @Test
    void theProblemPathIsTheTextBeforeItsLineOrColon() {
        assertThat(ConfigAdminModule.pathOf("providers[0].keys[1].id (line 7): duplicate")).isEqualTo(
                "providers[0].keys[1].id");
        assertThat(ConfigAdminModule.pathOf("server.listen: bad")).isEqualTo("server.listen");
        assertThat(ConfigAdminModule.pathOf("line 3, column 5: mapping values are not allowed here")).isNull();
        assertThat(ConfigAdminModule.pathOf("(root): must be a mapping")).isNull();
        assertThat(ConfigAdminModule.pathOf("cannot read: no such file")).isNull();
    }
}
