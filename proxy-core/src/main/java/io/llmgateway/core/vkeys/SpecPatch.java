package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminBody;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.auth.Budget;
import io.llmgateway.core.auth.BudgetPeriod;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads the admin API's bodies of keys and teams onto a spec: a creation applies every field to
 * the defaults, a PATCH only the fields present (null clears). Every field is read and checked,
 * then {@link AdminBody#finish()} refuses unknown ones, and only then is a spec returned: a bad
 * body changes nothing.
 */
final class SpecPatch {

    private static final long MAX_RPM = 1_000_000_000L;
    private static final long MAX_TPM = 1_000_000_000_000L;

    private SpecPatch() {
    }

    /** {@code base} with the fields of {@code body} that are present. */
    static VirtualKeySpec key(AdminBody body, VirtualKeySpec base) {
        String name = body.has("name") ? body.optionalString("name") : base.name();
        String team = body.has("team_id") ? body.optionalString("team_id") : base.teamId();
        List<String> models = body.has("models") ? orEmpty(body.optionalStrings("models")) : base.models();
        long rpm = body.has("rpm") ? orZero(body.optionalLong("rpm", 0, MAX_RPM)) : base.rpm();
        long tpm = body.has("tpm") ? orZero(body.optionalLong("tpm", 0, MAX_TPM)) : base.tpm();
        int parallel = body.has("max_parallel")
                ? (int) orZero(body.optionalLong("max_parallel", 0, 1_000_000)) : base.maxParallel();
        Budget budget = body.has("budget") ? budget(body) : base.budget();
        Instant expires = body.has("expires_at") ? instant(body, "expires_at") : base.expiresAt();
        Map<String, String> metadata = body.has("metadata") ? orEmpty(body.optionalStringMap("metadata"))
                : base.metadata();
        body.finish();
        return new VirtualKeySpec(base.id(), name, base.keyHash(), team, models, rpm, tpm, parallel, budget, expires,
                metadata, base.createdAt(), base.revoked(), base.source());
    }

    /** {@code base} with the fields of {@code body} that are present; {@code id} only when {@code base} has none. */
    static TeamSpec team(AdminBody body, TeamSpec base, boolean creating) {
        String id = base.id();
        if (creating) {
            id = body.string("id");
            if (!VirtualKeySpec.ID.matcher(id).matches()) {
                throw AdminException.invalid("id", "'id' must be 1 to 64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit, got '" + id + "'");
            }
        }
        String name = body.has("name") ? body.optionalString("name") : base.name();
        long rpm = body.has("rpm") ? orZero(body.optionalLong("rpm", 0, MAX_RPM)) : base.rpm();
        long tpm = body.has("tpm") ? orZero(body.optionalLong("tpm", 0, MAX_TPM)) : base.tpm();
        int parallel = body.has("max_parallel")
                ? (int) orZero(body.optionalLong("max_parallel", 0, 1_000_000)) : base.maxParallel();
        Budget budget = body.has("budget") ? budget(body) : base.budget();
        Map<String, String> metadata = body.has("metadata") ? orEmpty(body.optionalStringMap("metadata"))
                : base.metadata();
        body.finish();
        return new TeamSpec(id, name, rpm, tpm, parallel, budget, metadata, base.createdAt(), base.source());
    }

    private static Budget budget(AdminBody body) {
        AdminBody b = body.optionalObject("budget");
        if (b == null) {
            return null;
        }
        Double usd = b.optionalDouble("usd", 0.000001, 1e12);
        String periodText = b.optionalString("period");
        b.finish();
        if (usd == null) {
            throw AdminException.invalid("budget.usd", "'budget.usd' is required (a number > 0)");
        }
        BudgetPeriod period = periodText == null ? BudgetPeriod.MONTH : BudgetPeriod.of(periodText);
        if (period == null) {
            throw AdminException.invalid("budget.period", "'budget.period' must be day, month or total, got '"
                    + periodText + "'");
        }
        return new Budget(usd, period);
    }

    /** An ISO-8601 time or date (its start, UTC), or null. */
    static Instant instant(AdminBody body, String field) {
        String text = body.optionalString(field);
        if (text == null) {
            return null;
        }
        Instant at = VirtualKeySpec.parseInstant(text);
        if (at == null) {
            throw AdminException.invalid(field, "'" + field + "' must be an ISO-8601 time or date, e.g. "
                    + "2027-01-01T00:00:00Z or 2027-01-01, got '" + text + "'");
        }
        return at;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static List<String> orEmpty(List<String> v) {
        return v == null ? List.of() : v;
    }

    private static Map<String, String> orEmpty(Map<String, String> v) {
        return v == null ? Map.of() : v;
    }
}
