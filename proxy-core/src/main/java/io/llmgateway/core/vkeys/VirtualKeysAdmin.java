package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminModule;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.auth.KeyHash;
import io.llmgateway.core.auth.TeamAccess;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.auth.VirtualKeySpec;
import io.netty.handler.codec.http.HttpMethod;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API of virtual keys, teams and spend: {@code /virtual-keys} and {@code /teams} (CRUD;
 * a key's DELETE revokes it, its id and spend stay), {@code /spend}. A key is shown once, in the
 * answer of its creation; only its hash is kept. Keys and teams declared in the config file are
 * listed but changed only there (409). Handlers run on the admin thread; a change is saved to the
 * store before it applies.
 */
public final class VirtualKeysAdmin implements AdminModule {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final VirtualKeyRegistry registry;
    private final SpendLedger ledger;

    public VirtualKeysAdmin(VirtualKeyRegistry registry, SpendLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.POST, "/virtual-keys", this::createKey)
                .add(HttpMethod.GET, "/virtual-keys", r -> AdminResponse.ok(list(keyViews())))
                .add(HttpMethod.GET, "/virtual-keys/{id}", r -> AdminResponse.ok(AdminViews.key(key(r))))
                .add(HttpMethod.PATCH, "/virtual-keys/{id}", this::patchKey)
                .add(HttpMethod.DELETE, "/virtual-keys/{id}", this::revokeKey)
                .add(HttpMethod.POST, "/teams", this::createTeam)
                .add(HttpMethod.GET, "/teams", r -> AdminResponse.ok(list(teamViews())))
                .add(HttpMethod.GET, "/teams/{id}", r -> AdminResponse.ok(teamView(team(r))))
                .add(HttpMethod.PATCH, "/teams/{id}", this::patchTeam)
                .add(HttpMethod.DELETE, "/teams/{id}", this::deleteTeam)
                .add(HttpMethod.GET, "/spend", r -> AdminResponse.ok(SpendReport.of(r, ledger.history())));
    }

    private AdminResponse createKey(AdminRequest r) {
        String key = KeyHash.generate();
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        VirtualKeySpec base = new VirtualKeySpec("vk_" + HexFormat.of().formatHex(id), null, KeyHash.hex(key), null,
                List.of(), 0, 0, 0, null, null, Map.of(), Instant.now(), false, VirtualKeySpec.API);
        VirtualKeySpec spec = SpecPatch.key(r.body().length == 0 ? emptyBody() : r.jsonBody(), base);
        registry.create(spec);
        Map<String, Object> view = new LinkedHashMap<>(AdminViews.key(registry.key(spec.id())));
        view.put("key", key);
        return AdminResponse.created(view).audited("created virtual key " + spec.id()
                + (spec.teamId() == null ? "" : " (team " + spec.teamId() + ")"));
    }

    private AdminResponse patchKey(AdminRequest r) {
        VirtualKeySpec base = registry.apiKey(r.pathParam("id"));
        VirtualKeySpec spec = SpecPatch.key(r.jsonBody(), base);
        registry.replace(spec);
        return AdminResponse.ok(AdminViews.key(registry.key(spec.id()))).audited("changed virtual key " + spec.id());
    }

    private AdminResponse revokeKey(AdminRequest r) {
        VirtualKeySpec base = registry.apiKey(r.pathParam("id"));
        if (!base.revoked()) {
            registry.replace(base.revoke());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", base.id());
        out.put("revoked", true);
        return AdminResponse.ok(out).audited("revoked virtual key " + base.id());
    }

    private AdminResponse createTeam(AdminRequest r) {
        TeamSpec base = new TeamSpec("-", null, 0, 0, 0, null, Map.of(), Instant.now(), VirtualKeySpec.API);
        TeamSpec spec = SpecPatch.team(r.jsonBody(), base, true);
        registry.createTeam(spec);
        return AdminResponse.created(teamView(registry.team(spec.id()))).audited("created team " + spec.id());
    }

    private AdminResponse patchTeam(AdminRequest r) {
        TeamSpec spec = SpecPatch.team(r.jsonBody(), registry.apiTeam(r.pathParam("id")), false);
        registry.replaceTeam(spec);
        return AdminResponse.ok(teamView(registry.team(spec.id()))).audited("changed team " + spec.id());
    }

    private AdminResponse deleteTeam(AdminRequest r) {
        String id = r.pathParam("id");
        registry.deleteTeam(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("deleted", true);
        return AdminResponse.ok(out).audited("deleted team " + id);
    }

    private VirtualKeyAccess key(AdminRequest r) {
        VirtualKeyAccess k = registry.key(r.pathParam("id"));
        if (k == null) {
            throw AdminException.notFound("virtual key", r.pathParam("id"));
        }
        return k;
    }

    private TeamAccess team(AdminRequest r) {
        TeamAccess t = registry.team(r.pathParam("id"));
        if (t == null) {
            throw AdminException.notFound("team", r.pathParam("id"));
        }
        return t;
    }

    private Map<String, Object> teamView(TeamAccess t) {
        return AdminViews.team(t, registry.keyCount(t.spec().id()));
    }

    private List<Object> keyViews() {
        List<Object> out = new ArrayList<>();
        for (VirtualKeyAccess k : registry.keys()) {
            out.add(AdminViews.key(k));
        }
        return out;
    }

    private List<Object> teamViews() {
        List<Object> out = new ArrayList<>();
        for (TeamAccess t : registry.teams()) {
            out.add(teamView(t));
        }
        return out;
    }

    private static Map<String, Object> list(List<Object> data) {
        return Map.of("data", data);
    }

    private static io.llmgateway.core.admin.AdminBody emptyBody() {
        return io.llmgateway.core.admin.AdminBody.parse("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
