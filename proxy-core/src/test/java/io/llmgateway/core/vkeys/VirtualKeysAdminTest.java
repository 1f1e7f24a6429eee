package io.llmgateway.core.vkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminJson;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.auth.AuthRefusal;
import io.llmgateway.core.auth.ClientIdentity;
import io.llmgateway.core.auth.KeyHash;
import io.llmgateway.core.auth.VirtualKeyAuthenticator;
import io.llmgateway.core.auth.VirtualKeyAuthenticator.RequireKey;
import io.llmgateway.core.auth.ApiKeyAuthenticator;
import io.llmgateway.core.config.AuthConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin routes of keys, teams and spend, called as the dispatcher calls them, over a real file store. */
class VirtualKeysAdminTest {

    @TempDir
    Path dir;

    private VirtualKeys open() {
        FileVirtualKeyStore store = new FileVirtualKeyStore(dir);
        VirtualKeyRegistry registry = VirtualKeyRegistry.open(AuthConfig.NONE, store);
        return new VirtualKeysTestHandle(registry, SpendLedger.open(registry, store)).keys;
    }

    private static AdminResponse call(VirtualKeys vk, HttpMethod method, String path, String body) {
        return call(vk, method, path, body, Map.of());
    }

    private static AdminResponse call(VirtualKeys vk, HttpMethod method, String path, String body,
            Map<String, List<String>> query) {
        AdminRoutes routes = new AdminRoutes();
        vk.adminModule().register(routes);
        AdminRoutes.Lookup l = routes.find(method, path);
        assertThat(l).as(method + " " + path).isNotNull();
        return l.handler().handle(new AdminRequest(method, path, l.pathParams(), query,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "admin", "req-1"));
    }

    private static Map<String, Object> json(AdminResponse r) {
        return AdminJson.parseObject(r.body());
    }

    private static VirtualKeyAuthenticator auth(VirtualKeys vk) {
        return new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false, vk.registry(), RequireKey.AUTO);
    }

    @Test
    void aKeyIsShownOnceWorksUntilRevokedAndSurvivesARestart() throws Exception {
        VirtualKeys vk = open();
        AdminResponse team = call(vk, HttpMethod.POST, "/teams", "{\"id\":\"research\",\"budget\":{\"usd\":5}}");
        assertThat(team.status()).isEqualTo(201);
        AdminResponse created = call(vk, HttpMethod.POST, "/virtual-keys", """
                {"name":"ci-bot","team_id":"research","models":["gpt-4o"],"rpm":60,"max_parallel":4,
                 "budget":{"usd":50.0,"period":"day"},"expires_at":"2027-01-01","metadata":{"owner":"ann"}}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.audit()).startsWith("created virtual key vk_").endsWith("(team research)");
        Map<String, Object> body = json(created);
        String key = (String) body.get("key");
        String id = (String) body.get("id");
        assertThat(key).startsWith(KeyHash.PREFIX);
        assertThat(body).containsEntry("team_id", "research").containsEntry("rpm", 60L).containsEntry("tpm", null)
                .containsEntry("expires_at", "2027-01-01T00:00:00Z").containsEntry("revoked", false)
                .containsEntry("source", "api").containsEntry("spend_usd", 0.0);
        Map<String, Object> got = json(call(vk, HttpMethod.GET, "/virtual-keys/" + id, null));
        assertThat(got).doesNotContainKey("key").doesNotContainKey("key_hash");
        assertThat(Files.readString(dir.resolve(FileVirtualKeyStore.DEFINITIONS))).doesNotContain(key)
                .contains(KeyHash.hex(key));
        assertThat(auth(vk).authenticate(new DefaultHttpHeaders().set("authorization", "Bearer " + key)))
                .isInstanceOf(ClientIdentity.class);

        VirtualKeys restarted = open();
        assertThat(((ClientIdentity) auth(restarted).authenticate(new DefaultHttpHeaders()
                .set("authorization", "Bearer " + key))).keyId()).isEqualTo(id);
        assertThat(json(call(restarted, HttpMethod.GET, "/teams/research", null))).containsEntry("key_count", 1L);

        AdminResponse revoked = call(restarted, HttpMethod.DELETE, "/virtual-keys/" + id, null);
        assertThat(json(revoked)).isEqualTo(Map.of("id", id, "revoked", true));
        assertThat(auth(restarted).authenticate(new DefaultHttpHeaders().set("authorization", "Bearer " + key)))
                .isEqualTo(AuthRefusal.REVOKED_KEY);
        assertThat(auth(open()).authenticate(new DefaultHttpHeaders().set("authorization", "Bearer " + key)))
                .isEqualTo(AuthRefusal.REVOKED_KEY);
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() {
        VirtualKeys vk = open();
        String id = (String) json(call(vk, HttpMethod.POST, "/virtual-keys", "{\"rpm\":5}")).get("id");
        assertThatThrownBy(() -> call(vk, HttpMethod.PATCH, "/virtual-keys/" + id, "{\"rpm\":7,\"colour\":\"red\"}"))
                .isInstanceOf(AdminException.class).hasFieldOrPropertyWithValue("param", "colour");
        assertThatThrownBy(() -> call(vk, HttpMethod.PATCH, "/virtual-keys/" + id, "{\"rpm\":-1}"))
                .isInstanceOf(AdminException.class).hasFieldOrPropertyWithValue("param", "rpm");
        assertThatThrownBy(() -> call(vk, HttpMethod.PATCH, "/virtual-keys/" + id,
                "{\"budget\":{\"usd\":1,\"period\":\"week\"}}"))
                .isInstanceOf(AdminException.class).hasFieldOrPropertyWithValue("param", "budget.period");
        assertThatThrownBy(() -> call(vk, HttpMethod.PATCH, "/virtual-keys/" + id, "{\"team_id\":\"nope\"}"))
                .isInstanceOf(AdminException.class).hasFieldOrPropertyWithValue("param", "team_id");
        assertThat(json(call(vk, HttpMethod.GET, "/virtual-keys/" + id, null))).containsEntry("rpm", 5L)
                .containsEntry("team_id", null);
        assertThatThrownBy(() -> call(vk, HttpMethod.GET, "/virtual-keys/vk_none", null))
                .isInstanceOf(AdminException.class)
                .satisfies(e -> assertThat(((AdminException) e).error()).isEqualTo(GatewayError.NOT_FOUND));
        assertThat(json(call(vk, HttpMethod.PATCH, "/virtual-keys/" + id, "{\"rpm\":null}")))
                .containsEntry("rpm", null);
    }

    @Test
    void aReloadReplacesTheConfigsKeysAndKeepsRunTimeOnesAndUsage() {
        VirtualKeys vk = open();
        io.llmgateway.core.auth.VirtualKeySpec yaml = new io.llmgateway.core.auth.VirtualKeySpec("from-yaml", null,
                KeyHash.hex("a-yaml-key-of-16+chars"), null, List.of(), 10, 0, 0, null, null, Map.of(),
                java.time.Instant.EPOCH, false, io.llmgateway.core.auth.VirtualKeySpec.CONFIG);
        vk.registry().applyConfig(new AuthConfig(RequireKey.AUTO, List.of(), List.of(yaml)));
        String id = (String) json(call(vk, HttpMethod.POST, "/virtual-keys", "{\"rpm\":3}")).get("id");
        vk.registry().key(id).limits().tryReserve(1, 1_000_000_000L);
        assertThatThrownBy(() -> call(vk, HttpMethod.DELETE, "/virtual-keys/from-yaml", null))
                .isInstanceOf(AdminException.class)
                .satisfies(e -> assertThat(((AdminException) e).error()).isEqualTo(GatewayError.CONFLICT));
        assertThat(json(call(vk, HttpMethod.GET, "/virtual-keys/from-yaml", null))).containsEntry("source", "config");

        vk.registry().applyConfig(AuthConfig.NONE);
        assertThat(vk.registry().key("from-yaml")).isNull();
        assertThat(vk.registry().key(id).limits().inFlight()).as("the run-time key's usage stays").isEqualTo(1);
        assertThat(vk.registry().index().size()).isEqualTo(1);
    }

    @Test
    void aTeamWithKeysCannotBeDeleted() {
        VirtualKeys vk = open();
        call(vk, HttpMethod.POST, "/teams", "{\"id\":\"ops\"}");
        String id = (String) json(call(vk, HttpMethod.POST, "/virtual-keys", "{\"team_id\":\"ops\"}")).get("id");
        assertThatThrownBy(() -> call(vk, HttpMethod.DELETE, "/teams/ops", null))
                .isInstanceOf(AdminException.class)
                .satisfies(e -> assertThat(((AdminException) e).error()).isEqualTo(GatewayError.CONFLICT));
        call(vk, HttpMethod.PATCH, "/virtual-keys/" + id, "{\"team_id\":null}");
        assertThat(call(vk, HttpMethod.DELETE, "/teams/ops", null).status()).isEqualTo(200);
        assertThat(json(call(vk, HttpMethod.GET, "/teams", null)).get("data")).isEqualTo(List.of());
    }

    @Test
    void spendIsReportedByGroupAndReplayedIntoBudgetsAfterARestart() {
        FileVirtualKeyStore store = new FileVirtualKeyStore(dir);
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        store.saveSpend(List.of(
                new SpendRow(today, "vk_a", "t", "gpt", "openai", 1.5, 3, 30, 15),
                new SpendRow(today, "vk_b", "t", "claude", "anthropic", 0.5, 1, 10, 5),
                new SpendRow(today.minusDays(40), "vk_a", "t", "gpt", "openai", 2.0, 2, 20, 10)));
        VirtualKeys vk = open();
        Map<String, Object> byTeam = json(call(vk, HttpMethod.GET, "/spend", null,
                Map.of("group_by", List.of("team"), "from", List.of(today.toString()))));
        assertThat(byTeam.get("data")).isEqualTo(List.of(Map.of("group", "t", "cost_usd", 2.0, "requests", 4L,
                "prompt_tokens", 40L, "completion_tokens", 20L)));
        Map<String, Object> byModel = json(call(vk, HttpMethod.GET, "/spend", null,
                Map.of("group_by", List.of("model"))));
        assertThat((List<?>) byModel.get("data")).hasSize(2);
        assertThat(vk.registry().teamMeter("t").total()).isEqualTo(4.0);
        assertThat(vk.registry().keyMeter("vk_a").spent(io.llmgateway.core.auth.BudgetPeriod.DAY,
                System.currentTimeMillis())).isEqualTo(1.5);
        assertThatThrownBy(() -> call(vk, HttpMethod.GET, "/spend", null, Map.of("group_by", List.of("colour"))))
                .isInstanceOf(AdminException.class).hasFieldOrPropertyWithValue("param", "group_by");
    }

    @Test
    void aTornTempFileIsIgnoredAndTheLastWholeFileIsRead() throws Exception {
        FileVirtualKeyStore store = new FileVirtualKeyStore(dir);
        store.saveSpend(List.of(new SpendRow(LocalDate.of(2026, 12, 1), "vk_a", null, "gpt", "openai", 1, 1, 1, 1)));
        Files.writeString(dir.resolve(FileVirtualKeyStore.SPEND + ".tmp"), "{\"version\":1,\"rows\":[{\"day\":\"20");
        Files.writeString(dir.resolve(FileVirtualKeyStore.DEFINITIONS + ".tmp"), "{\"virtual_k");
        assertThat(store.loadSpend()).hasSize(1);
        assertThat(store.loadDefinitions()).isEqualTo(StoredDefinitions.EMPTY);
        store.saveSpend(List.of());
        assertThat(store.loadSpend()).isEmpty();
        assertThat(dir.resolve(FileVirtualKeyStore.SPEND + ".tmp")).doesNotExist();

        Files.writeString(dir.resolve(FileVirtualKeyStore.SPEND), "{\"rows\":[{\"day\":");
        assertThatThrownBy(store::loadSpend).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spend.json is damaged");
    }

    /** Builds a {@link VirtualKeys} over a registry and ledger the test made. */
    private record VirtualKeysTestHandle(VirtualKeys keys) {
        VirtualKeysTestHandle(VirtualKeyRegistry registry, SpendLedger ledger) {
            this(VirtualKeys.of(registry, ledger));
        }
    }
}
