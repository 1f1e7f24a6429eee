package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import io.llmgateway.core.auth.Budget;
import io.llmgateway.core.auth.BudgetPeriod;
import io.llmgateway.core.auth.KeyHash;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAuthenticator.RequireKey;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code auth:} into an {@link AuthConfig}: teams, then virtual keys, each checked (ids
 * unique and of safe characters, a key's {@code team_id} naming a declared team, exactly one of
 * {@code key} and {@code key_hash}, no two keys alike, {@code expires_at} an ISO-8601 date or
 * time). A plain {@code key} (usually {@code "${ENV}"}) is hashed here and never kept.
 */
final class AuthConfigReader {

    private AuthConfigReader() {
    }

    static AuthConfig read(ConfigNode root) {
        ConfigNode n = AUTH.open(root);
        RequireKey require = RequireKey.valueOf(AUTH_REQUIRE_KEY.read(n).toUpperCase(Locale.ROOT));
        Instant now = Instant.now();
        List<TeamSpec> teams = new ArrayList<>();
        Set<String> teamIds = new HashSet<>();
        for (ConfigNode t : AUTH_TEAMS.node(n).items()) {
            if (!AUTH_TEAMS.check(t)) {
                continue;
            }
            String id = id(TEAM_ID, t, teamIds);
            Budget budget = budget(TEAM_BUDGET.open(t), TEAM_BUDGET_USD, TEAM_BUDGET_PERIOD);
            if (id != null) {
                teams.add(new TeamSpec(id, TEAM_NAME.read(t), TEAM_RPM.read(t), TEAM_TPM.read(t),
                        TEAM_MAX_PARALLEL.read(t), budget, TEAM_METADATA.read(t), now, VirtualKeySpec.CONFIG));
            }
        }
        List<VirtualKeySpec> keys = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (ConfigNode k : AUTH_VIRTUAL_KEYS.node(n).items()) {
            if (!AUTH_VIRTUAL_KEYS.check(k)) {
                continue;
            }
            String id = id(VKEY_ID, k, keyIds);
            String hash = keyHash(k);
            if (hash != null && !hashes.add(hash)) {
                k.problem("has the same key as another virtual key (expected: every key distinct)");
            }
            String team = VKEY_TEAM_ID.read(k);
            if (team != null && !teamIds.contains(team)) {
                ConfigNode teamNode = VKEY_TEAM_ID.node(k);
                teamNode.problem("names no team of auth.teams, got " + teamNode.quote(team));
            }
            Budget budget = budget(VKEY_BUDGET.open(k), VKEY_BUDGET_USD, VKEY_BUDGET_PERIOD);
            Instant expires = expiresAt(k);
            if (id != null && hash != null) {
                keys.add(new VirtualKeySpec(id, VKEY_NAME.read(k), hash, team, VKEY_MODELS.read(k), VKEY_RPM.read(k),
                        VKEY_TPM.read(k), VKEY_MAX_PARALLEL.read(k), budget, expires, VKEY_METADATA.read(k), now,
                        false, VirtualKeySpec.CONFIG));
            }
        }
        return new AuthConfig(require, teams, keys);
    }

    private static String id(ConfigKey.StringKey key, ConfigNode section, Set<String> seen) {
        String id = key.required(section);
        if (id == null) {
            return null;
        }
        ConfigNode node = key.node(section);
        if (!VirtualKeySpec.ID.matcher(id).matches()) {
            node.problem("must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got "
                    + node.quote(id));
            return null;
        }
        if (!seen.add(id)) {
            node.problem("duplicate id " + node.quote(id) + " (expected: unique)");
            return null;
        }
        return id;
    }

    /**
     * The hash of {@code key}, or {@code key_hash} as given; null after recording a problem, or
     * after a warning when the value is empty (its variable unset: the key is skipped, like a
     * provider key without its secret).
     */
    private static String keyHash(ConfigNode k) {
        String plain = VKEY_KEY.read(k);
        String hash = VKEY_KEY_HASH.read(k);
        if ((plain == null) == (hash == null)) {
            k.problem("needs exactly one of 'key' (the key, e.g. \"${MY_KEY}\") and 'key_hash' (its SHA-256 in hex)");
            return null;
        }
        String given = plain != null ? plain : hash;
        if (given.isBlank()) {
            ConfigNode node = plain != null ? VKEY_KEY.node(k) : VKEY_KEY_HASH.node(k);
            node.warn("is empty (" + node.shown() + "): this virtual key is skipped");
            return null;
        }
        if (plain != null) {
            if (!KeyHash.acceptable(plain)) {
                VKEY_KEY.node(k).problem("must be 16 to " + KeyHash.MAX_KEY_CHARS
                        + " printable ASCII characters without spaces (the value is not shown)");
                return null;
            }
            return KeyHash.hex(plain);
        }
        String h = hash.trim().toLowerCase(Locale.ROOT);
        if (!KeyHash.isHex(h)) {
            ConfigNode node = VKEY_KEY_HASH.node(k);
            node.problem("must be 64 hex digits (the SHA-256 of the key), got " + node.quote(hash));
            return null;
        }
        return h;
    }

    private static Budget budget(ConfigNode b, ConfigKey.DoubleKey usdKey, ConfigKey.ChoiceKey periodKey) {
        double usd = usdKey.read(b);
        BudgetPeriod period = BudgetPeriod.of(periodKey.read(b));
        return usd > 0 ? new Budget(usd, period) : null;
    }

    private static Instant expiresAt(ConfigNode k) {
        String text = VKEY_EXPIRES_AT.read(k);
        if (text == null) {
            return null;
        }
        Instant at = VirtualKeySpec.parseInstant(text);
        if (at == null) {
            ConfigNode node = VKEY_EXPIRES_AT.node(k);
            node.problem("must be an ISO-8601 time or date, e.g. 2027-01-01T00:00:00Z or 2027-01-01, got "
                    + node.quote(text));
        }
        return at;
    }

}
