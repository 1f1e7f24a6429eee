package io.llmgateway.core.vkeys;

import io.llmgateway.core.auth.Budget;
import io.llmgateway.core.auth.BudgetPeriod;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's file formats, as maps for {@code AdminJson}: the definitions file (keys with their
 * hash, teams) and the spend file (rows). Reading checks every field and throws
 * {@link IllegalArgumentException} naming it, so a damaged file is reported, not half-read.
 */
final class StoreJson {

    static final int VERSION = 1;

    private StoreJson() {
    }

    static Map<String, Object> definitions(StoredDefinitions d) {
        List<Object> keys = new ArrayList<>();
        for (VirtualKeySpec k : d.keys()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("name", k.name());
            m.put("key_hash", k.keyHash());
            m.put("team_id", k.teamId());
            m.put("models", k.models());
            m.put("rpm", k.rpm());
            m.put("tpm", k.tpm());
            m.put("max_parallel", k.maxParallel());
            m.put("budget", budget(k.budget()));
            m.put("expires_at", k.expiresAt());
            m.put("metadata", k.metadata());
            m.put("created_at", k.createdAt());
            m.put("revoked", k.revoked());
            keys.add(m);
        }
        List<Object> teams = new ArrayList<>();
        for (TeamSpec t : d.teams()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("rpm", t.rpm());
            m.put("tpm", t.tpm());
            m.put("max_parallel", t.maxParallel());
            m.put("budget", budget(t.budget()));
            m.put("metadata", t.metadata());
            m.put("created_at", t.createdAt());
            teams.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", VERSION);
        out.put("virtual_keys", keys);
        out.put("teams", teams);
        return out;
    }

    static Map<String, Object> budget(Budget b) {
        if (b == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usd", b.usd());
        m.put("period", b.period());
        return m;
    }

    static StoredDefinitions readDefinitions(Map<String, Object> root) {
        List<VirtualKeySpec> keys = new ArrayList<>();
        for (Map<String, Object> m : objects(root, "virtual_keys")) {
            keys.add(new VirtualKeySpec(str(m, "id"), optStr(m, "name"), str(m, "key_hash"), optStr(m, "team_id"),
                    strings(m, "models"), num(m, "rpm"), num(m, "tpm"), (int) num(m, "max_parallel"),
                    readBudget(m.get("budget")), instant(m, "expires_at"), stringMap(m, "metadata"),
                    instant(m, "created_at"), Boolean.TRUE.equals(m.get("revoked")), VirtualKeySpec.API));
        }
        List<TeamSpec> teams = new ArrayList<>();
        for (Map<String, Object> m : objects(root, "teams")) {
            teams.add(new TeamSpec(str(m, "id"), optStr(m, "name"), num(m, "rpm"), num(m, "tpm"),
                    (int) num(m, "max_parallel"), readBudget(m.get("budget")), stringMap(m, "metadata"),
                    instant(m, "created_at"), VirtualKeySpec.API));
        }
        return new StoredDefinitions(keys, teams);
    }

    static Map<String, Object> spend(List<SpendRow> rows) {
        List<Object> out = new ArrayList<>(rows.size());
        for (SpendRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", r.day().toString());
            m.put("key", r.key());
            m.put("team", r.team());
            m.put("model", r.model());
            m.put("provider", r.provider());
            m.put("cost_usd", r.costUsd());
            m.put("requests", r.requests());
            m.put("prompt_tokens", r.promptTokens());
            m.put("completion_tokens", r.completionTokens());
            out.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("rows", out);
        return root;
    }

    static List<SpendRow> readSpend(Map<String, Object> root) {
        List<SpendRow> rows = new ArrayList<>();
        for (Map<String, Object> m : objects(root, "rows")) {
            rows.add(new SpendRow(LocalDate.parse(str(m, "day")), optStr(m, "key"), optStr(m, "team"),
                    optStr(m, "model"), optStr(m, "provider"), dbl(m, "cost_usd"), num(m, "requests"),
                    num(m, "prompt_tokens"), num(m, "completion_tokens")));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Map<String, Object> root, String field) {
        Object v = root.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("'" + field + "' must hold objects");
            }
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private static String str(Map<String, Object> m, String f) {
        String s = optStr(m, f);
        if (s == null) {
            throw new IllegalArgumentException("'" + f + "' is missing");
        }
        return s;
    }

    private static String optStr(Map<String, Object> m, String f) {
        Object v = m.get(f);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("'" + f + "' must be a string");
    }

    private static long num(Map<String, Object> m, String f) {
        Object v = m.get(f);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("'" + f + "' must be a number");
    }

    private static double dbl(Map<String, Object> m, String f) {
        Object v = m.get(f);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("'" + f + "' must be a number");
    }

    private static Instant instant(Map<String, Object> m, String f) {
        String s = optStr(m, f);
        return s == null ? null : Instant.parse(s);
    }

    private static List<String> strings(Map<String, Object> m, String f) {
        Object v = m.get(f);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(Map<String, Object> m, String f) {
        Object v = m.get(f);
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        return out;
    }

    private static Budget readBudget(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            return null;
        }
        Object usd = m.get("usd");
        BudgetPeriod p = BudgetPeriod.of(String.valueOf(m.get("period")));
        if (!(usd instanceof Number n) || p == null) {
            throw new IllegalArgumentException("'budget' must be {usd, period}");
        }
        return new Budget(n.doubleValue(), p);
    }
}
