package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminJson;
import io.llmgateway.core.state.RuntimeStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The virtual keys and teams created through the admin API, kept in the shared runtime store (one
 * entry per key and per team), so that a key created, changed or revoked on one instance works on
 * all of them. The spend history stays in this instance's {@code storage.data_dir} ({@code local});
 * budgets are shared through the store's spend totals ({@link VirtualKeySharing}).
 *
 * <p>A save writes only the entries that changed since the last load or save, so that two
 * instances changing different keys at the same time do not undo each other. Blocks on the store:
 * called from the admin thread and the state thread, never an event loop.
 */
final class SharedVirtualKeyStore implements VirtualKeyStore {

    static final String KEYS = "vkeys";
    static final String TEAMS = "teams";

    private final RuntimeStore store;
    private final VirtualKeyStore local;
    private final Object lock = new Object();
    private Map<String, String> lastKeys = Map.of();
    private Map<String, String> lastTeams = Map.of();

    SharedVirtualKeyStore(RuntimeStore store, VirtualKeyStore local) {
        this.store = store;
        this.local = local;
    }

    @Override
    public StoredDefinitions loadDefinitions() {
        synchronized (lock) {
            Map<String, String> keys = store.entries(KEYS);
            Map<String, String> teams = store.entries(TEAMS);
            lastKeys = keys;
            lastTeams = teams;
            List<io.llmgateway.core.auth.VirtualKeySpec> k = new ArrayList<>();
            for (String doc : keys.values()) {
                k.addAll(parse(doc).keys());
            }
            List<io.llmgateway.core.auth.TeamSpec> t = new ArrayList<>();
            for (String doc : teams.values()) {
                t.addAll(parse(doc).teams());
            }
            k.sort((a, b) -> a.createdAt() == null || b.createdAt() == null ? a.id().compareTo(b.id())
                    : a.createdAt().compareTo(b.createdAt()));
            t.sort((a, b) -> a.id().compareTo(b.id()));
            return new StoredDefinitions(k, t);
        }
    }

    @Override
    public void saveDefinitions(StoredDefinitions definitions) {
        synchronized (lock) {
            Map<String, String> keys = new HashMap<>();
            for (io.llmgateway.core.auth.VirtualKeySpec k : definitions.keys()) {
                keys.put(k.id(), document(new StoredDefinitions(List.of(k), List.of())));
            }
            Map<String, String> teams = new HashMap<>();
            for (io.llmgateway.core.auth.TeamSpec t : definitions.teams()) {
                teams.put(t.id(), document(new StoredDefinitions(List.of(), List.of(t))));
            }
            write(KEYS, lastKeys, keys);
            write(TEAMS, lastTeams, teams);
            lastKeys = keys;
            lastTeams = teams;
        }
    }

    private void write(String collection, Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
                store.putEntry(collection, e.getKey(), e.getValue());
            }
        }
        for (String id : before.keySet()) {
            if (!after.containsKey(id)) {
                store.removeEntry(collection, id);
            }
        }
    }

    private static String document(StoredDefinitions one) {
        return new String(AdminJson.write(StoreJson.definitions(one)), StandardCharsets.UTF_8);
    }

    private static StoredDefinitions parse(String doc) {
        return StoreJson.readDefinitions(AdminJson.parseObject(doc.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<SpendRow> loadSpend() {
        return local.loadSpend();
    }

    @Override
    public void saveSpend(List<SpendRow> rows) {
        local.saveSpend(rows);
    }
}
