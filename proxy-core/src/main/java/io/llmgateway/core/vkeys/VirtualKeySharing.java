package io.llmgateway.core.vkeys;

import io.llmgateway.core.auth.SpendMeter;
import io.llmgateway.core.auth.TeamAccess;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.state.RuntimeStore;
import io.llmgateway.core.state.SpendTotals;
import io.llmgateway.core.state.StateParticipant;
import io.llmgateway.core.state.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What instances share about virtual keys and teams through the runtime store: their definitions
 * (a key created or revoked on one instance works or stops on all, within a sync interval) and
 * their spend, so that a budget holds across instances.
 *
 * <p>Spend is added here by the spend ledger (observer thread) and pushed by the state thread every
 * sync interval; the totals every instance reached together come back and replace the meters that
 * budgets read. While the store is down, spend accumulates here and is pushed when it answers
 * again: nothing is lost. A budget can be overshot by what the instances spend within one sync
 * interval (plus requests in flight, as with one instance).
 */
final class VirtualKeySharing implements StateParticipant {

    /** Budgeted keys and teams not used here are refreshed every this many syncs (those used, every sync). */
    static final int FULL_REFRESH_EVERY = 10;
    /** A scope used here within this long is refreshed every sync. */
    static final long ACTIVE_MS = 300_000;

    private final VirtualKeyRegistry registry;
    private final Map<String, DoubleAdder> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> activeUntil = new ConcurrentHashMap<>();
    private int syncs;

    VirtualKeySharing(VirtualKeyRegistry registry) {
        this.registry = registry;
    }

    static String keyScope(String id) {
        return "vkey:" + id;
    }

    static String teamScope(String id) {
        return "team:" + id;
    }

    /** Spend made here (the observer thread): pushed at the next sync. */
    void spent(String scope, double usd, long nowMillis) {
        pending.computeIfAbsent(scope, s -> new DoubleAdder()).add(usd);
        activeUntil.put(scope, nowMillis + ACTIVE_MS);
    }

    @Override
    public void changed(RuntimeStore store) {
        registry.reloadDefinitions();
    }

    @Override
    public void sync(RuntimeStore store) {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, DoubleAdder> e : pending.entrySet()) {
            double usd = e.getValue().sumThenReset();
            if (usd <= 0) {
                continue;
            }
            SpendTotals t;
            try {
                t = store.addSpend(e.getKey(), usd, now);
            } catch (StoreUnavailableException ex) {
                e.getValue().add(usd); // kept for the next sync: spend made during an outage is not lost
                throw ex;
            }
            adopt(e.getKey(), t);
        }
        boolean full = syncs++ % FULL_REFRESH_EVERY == 0;
        activeUntil.values().removeIf(until -> until < now);
        for (VirtualKeyAccess k : registry.keys()) {
            String scope = keyScope(k.spec().id());
            if (k.spec().budget() != null && (full || activeUntil.containsKey(scope))) {
                adopt(scope, store.spend(scope));
            }
        }
        for (TeamAccess t : registry.teams()) {
            String scope = teamScope(t.spec().id());
            if (t.spec().budget() != null && (full || activeUntil.containsKey(scope))) {
                adopt(scope, store.spend(scope));
            }
        }
    }

    @Override
    public void reconcile(RuntimeStore store) {
        syncs = 0; // refresh every budget at the next sync
    }

    private void adopt(String scope, SpendTotals t) {
        if (t.equals(SpendTotals.NONE)) {
            return; // nothing shared yet (a fresh store): keep what this instance knows
        }
        SpendMeter m = scope.startsWith("vkey:") ? registry.keyMeter(scope.substring(5))
                : registry.teamMeter(scope.substring(5));
        m.adopt(t.day(), t.dayUsd(), t.month(), t.monthUsd(), t.totalUsd());
    }
}
