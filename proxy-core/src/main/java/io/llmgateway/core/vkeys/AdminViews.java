package io.llmgateway.core.vkeys;

import io.llmgateway.core.auth.Budget;
import io.llmgateway.core.auth.TeamAccess;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API's JSON objects of keys and teams (the shapes of the admin contract). A key's
 * object never holds the key nor its hash; limits of 0 (unlimited) are null.
 */
final class AdminViews {

    private AdminViews() {
    }

    static Map<String, Object> key(VirtualKeyAccess k) {
        VirtualKeySpec s = k.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("team_id", s.teamId());
        m.put("models", s.models());
        m.put("rpm", orNull(s.rpm()));
        m.put("tpm", orNull(s.tpm()));
        m.put("max_parallel", orNull(s.maxParallel()));
        m.put("budget", budget(s.budget()));
        m.put("spend_usd", k.spend().total());
        m.put("period_spend_usd", s.budget() == null ? null
                : k.spend().spent(s.budget().period(), System.currentTimeMillis()));
        m.put("expires_at", s.expiresAt());
        m.put("metadata", s.metadata());
        m.put("created_at", s.createdAt());
        m.put("revoked", s.revoked());
        m.put("source", s.source());
        return m;
    }

    static Map<String, Object> team(TeamAccess t, int keyCount) {
        TeamSpec s = t.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("rpm", orNull(s.rpm()));
        m.put("tpm", orNull(s.tpm()));
        m.put("max_parallel", orNull(s.maxParallel()));
        m.put("budget", budget(s.budget()));
        m.put("spend_usd", t.spend().total());
        m.put("period_spend_usd", s.budget() == null ? null
                : t.spend().spent(s.budget().period(), System.currentTimeMillis()));
        m.put("key_count", keyCount);
        m.put("metadata", s.metadata());
        m.put("created_at", s.createdAt());
        m.put("source", s.source());
        return m;
    }

    private static Map<String, Object> budget(Budget b) {
        return StoreJson.budget(b);
    }

    private static Long orNull(long v) {
        return v == 0 ? null : v;
    }
}
