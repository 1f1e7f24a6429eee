package io.llmgateway.core.vkeys;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.auth.SpendMeter;
import io.llmgateway.core.auth.TeamAccess;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.auth.VirtualKeyIndex;
import io.llmgateway.core.auth.VirtualKeySource;
import io.llmgateway.core.auth.VirtualKeySpec;
import io.llmgateway.core.config.AuthConfig;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.state.SharedWindow;
import io.llmgateway.core.state.StateKeeper;
import io.llmgateway.core.state.StoreUnavailableException;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every virtual key and team of the running gateway — from the config ({@code auth:}, replaced on
 * reload) and from the admin API (kept in the {@link VirtualKeyStore}) — and the live state that
 * outlives their changes: each key's and team's limits (usage carried into new limits) and spend
 * meters (kept by id, for as long as the process runs).
 *
 * <p>Changes (admin thread, reload) are serialised on this object: a change is saved to the store
 * first, then a new {@link VirtualKeyIndex} is built and published through a volatile field, which
 * is all the request path reads ({@link #index()}). A change the store could not save is not
 * applied. The spend meters are in a concurrent map, read by the observer thread.
 */
public final class VirtualKeyRegistry implements VirtualKeySource {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(VirtualKeyRegistry.class);

    private final VirtualKeyStore store;
    private final Ticker ticker;
    private final Map<String, SpendMeter> keyMeters = new ConcurrentHashMap<>();
    private final Map<String, SpendMeter> teamMeters = new ConcurrentHashMap<>();
    private volatile VirtualKeyIndex index = VirtualKeyIndex.EMPTY;
    private volatile Map<String, VirtualKeyAccess> keys = Map.of();
    private volatile Map<String, TeamAccess> teams = Map.of();

    // guarded by this
    private AuthConfig config = AuthConfig.NONE;
    private StoredDefinitions api;

    /** Null while limits are this instance's own (the embedded runtime store). */
    private volatile StateKeeper keeper;

    VirtualKeyRegistry(VirtualKeyStore store, Ticker ticker) {
        this.store = store;
        this.ticker = ticker;
        StoredDefinitions loaded;
        try {
            loaded = store.loadDefinitions();
        } catch (StoreUnavailableException e) {
            LOG.warn("the virtual keys created through the admin API cannot be read now ({}): they will be once "
                    + "the runtime store answers", e.getMessage());
            loaded = StoredDefinitions.EMPTY;
        }
        this.api = loaded;
    }

    /** Shares the keys' and teams' RPM/TPM windows through {@code keeper} from now on. */
    synchronized void share(StateKeeper keeper) {
        this.keeper = keeper;
        rebuild();
    }

    /** Reads the run-time keys and teams again (another instance changed them). */
    synchronized void reloadDefinitions() {
        api = store.loadDefinitions();
        rebuild();
    }

    /** The registry of the keys and teams {@code store} holds and {@code config} declares. */
    public static VirtualKeyRegistry open(AuthConfig config, VirtualKeyStore store) {
        VirtualKeyRegistry r = new VirtualKeyRegistry(store, Ticker.system());
        r.applyConfig(config);
        return r;
    }

    @Override
    public VirtualKeyIndex index() {
        return index;
    }

    /** The key with this id (any source, revoked included); null when none. */
    public VirtualKeyAccess key(String id) {
        return keys.get(id);
    }

    /** Every key, YAML ones first, in order. */
    public List<VirtualKeyAccess> keys() {
        return List.copyOf(keys.values());
    }

    /** The team with this id; null when none. */
    public TeamAccess team(String id) {
        return teams.get(id);
    }

    public List<TeamAccess> teams() {
        return List.copyOf(teams.values());
    }

    /** How many keys name team {@code id}. */
    public int keyCount(String teamId) {
        int n = 0;
        for (VirtualKeyAccess k : keys.values()) {
            if (teamId.equals(k.teamId())) {
                n++;
            }
        }
        return n;
    }

    /** The spend meter of virtual key {@code id} (kept even after the key is gone); created on first use. */
    public SpendMeter keyMeter(String id) {
        return keyMeters.computeIfAbsent(id, i -> new SpendMeter());
    }

    public SpendMeter teamMeter(String id) {
        return teamMeters.computeIfAbsent(id, i -> new SpendMeter());
    }

    /** The YAML keys and teams of a new config (reload); run-time ones and all usage stay. */
    public synchronized void applyConfig(AuthConfig next) {
        Map<String, VirtualKeyAccess> old = keys;
        List<VirtualKeySpec> kept = new ArrayList<>();
        for (VirtualKeySpec k : next.virtualKeys()) {
            VirtualKeyAccess before = old.get(k.id());
            kept.add(before != null && before.spec().source().equals(VirtualKeySpec.CONFIG)
                    ? new VirtualKeySpec(k.id(), k.name(), k.keyHash(), k.teamId(), k.models(), k.rpm(), k.tpm(),
                            k.maxParallel(), k.budget(), k.expiresAt(), k.metadata(), before.spec().createdAt(),
                            false, VirtualKeySpec.CONFIG)
                    : k);
        }
        List<TeamSpec> keptTeams = new ArrayList<>();
        for (TeamSpec t : next.teams()) {
            TeamAccess before = teams.get(t.id());
            keptTeams.add(before != null && before.spec().source().equals(VirtualKeySpec.CONFIG)
                    ? new TeamSpec(t.id(), t.name(), t.rpm(), t.tpm(), t.maxParallel(), t.budget(), t.metadata(),
                            before.spec().createdAt(), VirtualKeySpec.CONFIG)
                    : t);
        }
        config = new AuthConfig(next.requireKey(), keptTeams, kept);
        rebuild();
    }

    /** Adds a key created through the admin API, saved before it works. */
    public synchronized void create(VirtualKeySpec key) {
        if (keys.containsKey(key.id())) {
            throw new AdminException(GatewayError.CONFLICT, "a virtual key with id '" + key.id() + "' exists", "id");
        }
        checkTeam(key.teamId());
        List<VirtualKeySpec> next = new ArrayList<>(api.keys());
        next.add(key);
        save(new StoredDefinitions(next, api.teams()));
    }

    /** Replaces run-time key {@code key.id()} (a PATCH or a revocation). */
    public synchronized void replace(VirtualKeySpec key) {
        apiKey(key.id());
        checkTeam(key.teamId());
        List<VirtualKeySpec> next = new ArrayList<>();
        for (VirtualKeySpec k : api.keys()) {
            next.add(k.id().equals(key.id()) ? key : k);
        }
        save(new StoredDefinitions(next, api.teams()));
    }

    /** The run-time key {@code id}: 404 when there is none, 409 when it is declared in the config file. */
    public VirtualKeySpec apiKey(String id) {
        VirtualKeyAccess k = keys.get(id);
        if (k == null) {
            throw AdminException.notFound("virtual key", id);
        }
        if (k.spec().source().equals(VirtualKeySpec.CONFIG)) {
            throw new AdminException(GatewayError.CONFLICT, "virtual key '" + id
                    + "' is declared in the config file (auth.virtual_keys): change it there", "id");
        }
        return k.spec();
    }

    public synchronized void createTeam(TeamSpec team) {
        if (teams.containsKey(team.id())) {
            throw new AdminException(GatewayError.CONFLICT, "a team with id '" + team.id() + "' exists", "id");
        }
        List<TeamSpec> next = new ArrayList<>(api.teams());
        next.add(team);
        save(new StoredDefinitions(api.keys(), next));
    }

    public synchronized void replaceTeam(TeamSpec team) {
        apiTeam(team.id());
        List<TeamSpec> next = new ArrayList<>();
        for (TeamSpec t : api.teams()) {
            next.add(t.id().equals(team.id()) ? team : t);
        }
        save(new StoredDefinitions(api.keys(), next));
    }

    /** Deletes run-time team {@code id}; 409 while a key names it. */
    public synchronized void deleteTeam(String id) {
        apiTeam(id);
        int n = keyCount(id);
        if (n > 0) {
            throw new AdminException(GatewayError.CONFLICT, "team '" + id + "' still has " + n
                    + " virtual key(s): move or revoke them first", "id");
        }
        List<TeamSpec> next = new ArrayList<>(api.teams());
        next.removeIf(t -> t.id().equals(id));
        save(new StoredDefinitions(api.keys(), next));
    }

    /** The run-time team {@code id}: 404 when there is none, 409 when it is declared in the config file. */
    public TeamSpec apiTeam(String id) {
        TeamAccess t = teams.get(id);
        if (t == null) {
            throw AdminException.notFound("team", id);
        }
        if (t.spec().source().equals(VirtualKeySpec.CONFIG)) {
            throw new AdminException(GatewayError.CONFLICT, "team '" + id
                    + "' is declared in the config file (auth.teams): change it there", "id");
        }
        return t.spec();
    }

    private void checkTeam(String teamId) {
        if (teamId != null && !teams.containsKey(teamId)) {
            throw AdminException.invalid("team_id", "team_id: no team '" + teamId + "' (create it first)");
        }
    }

    private void save(StoredDefinitions next) {
        store.saveDefinitions(next);
        api = next;
        rebuild();
    }

    /** Builds the live keys and teams of the config's and the API's specs, carrying state over; publishes them. */
    private void rebuild() {
        long now = ticker.nanoTime();
        Map<String, TeamAccess> oldTeams = teams;
        Map<String, TeamAccess> nextTeams = new LinkedHashMap<>();
        for (TeamSpec t : config.teams()) {
            nextTeams.put(t.id(), team(t, oldTeams.get(t.id()), now));
        }
        for (TeamSpec t : api.teams()) {
            if (nextTeams.containsKey(t.id())) {
                LOG.warn("team '{}' is declared in the config file and was created through the admin API: "
                        + "the config file's applies", t.id());
                continue;
            }
            nextTeams.put(t.id(), team(t, oldTeams.get(t.id()), now));
        }
        Map<String, VirtualKeyAccess> oldKeys = keys;
        Map<String, VirtualKeyAccess> nextKeys = new LinkedHashMap<>();
        Set<String> hashes = new HashSet<>();
        for (List<VirtualKeySpec> specs : List.of(config.virtualKeys(), api.keys())) {
            for (VirtualKeySpec k : specs) {
                if (nextKeys.containsKey(k.id()) || hashes.contains(k.keyHash())) {
                    LOG.warn("virtual key '{}' is declared twice (config file and admin API, or the same key): "
                            + "the config file's applies", k.id());
                    continue;
                }
                TeamAccess team = k.teamId() == null ? null : nextTeams.get(k.teamId());
                if (k.teamId() != null && team == null) {
                    LOG.warn("virtual key '{}' names team '{}', which does not exist: no team limits apply", k.id(),
                            k.teamId());
                }
                hashes.add(k.keyHash());
                nextKeys.put(k.id(), key(k, team, oldKeys.get(k.id()), now));
            }
        }
        teams = Map.copyOf(nextTeams);
        keys = java.util.Collections.unmodifiableMap(nextKeys);
        index = new VirtualKeyIndex(nextKeys.values());
    }

    private TeamAccess team(TeamSpec spec, TeamAccess before, long now) {
        StateKeeper k = keeper;
        SharedWindow shared = k == null ? null : k.window(VirtualKeySharing.teamScope(spec.id()), spec.rpm(),
                spec.tpm());
        if (before != null && before.spec().equals(spec) && before.shared() == shared) {
            return before;
        }
        ConcurrentKeyLimits limits = before != null
                && before.limits().sameLimits(spec.rpm(), spec.tpm(), spec.maxParallel())
                ? before.limits()
                : new ConcurrentKeyLimits(spec.rpm(), spec.tpm(), spec.maxParallel(),
                        before == null ? null : before.limits(), now);
        return new TeamAccess(spec, limits, teamMeter(spec.id()), shared);
    }

    private VirtualKeyAccess key(VirtualKeySpec spec, TeamAccess team, VirtualKeyAccess before, long now) {
        StateKeeper k = keeper;
        SharedWindow shared = k == null ? null : k.window(VirtualKeySharing.keyScope(spec.id()), spec.rpm(),
                spec.tpm());
        if (before != null && before.spec().equals(spec) && before.team() == team && before.shared() == shared) {
            return before;
        }
        ConcurrentKeyLimits limits = before != null
                && before.limits().sameLimits(spec.rpm(), spec.tpm(), spec.maxParallel())
                ? before.limits()
                : new ConcurrentKeyLimits(spec.rpm(), spec.tpm(), spec.maxParallel(),
                        before == null ? null : before.limits(), now);
        return new VirtualKeyAccess(spec, limits, keyMeter(spec.id()), team, shared);
    }
}
