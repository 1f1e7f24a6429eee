package io.llmgateway.core.cli;

import io.llmgateway.core.admin.AdminJson;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code keys create [--name] [--team] [--models a,b] [--rpm] [--tpm] [--max-parallel]
 * [--budget-usd [--budget-period]] [--expires] [--meta k=v]...}: {@code POST /virtual-keys} with
 * the body the options describe (an option not given is left out: the gateway's default), then
 * prints the new key — which the gateway shows this once and keeps only as a hash — and its row.
 */
final class KeysCreateCommand {

    static final String DEFAULT_BUDGET_PERIOD = "month";
    private static final Set<String> BUDGET_PERIODS = Set.of("day", "month", "total");

    private KeysCreateCommand() {
    }

    static void run(Map<String, Object> body, AdminClient client, boolean json, PrintStream out, PrintStream err)
            throws AdminCallException, InterruptedException {
        AdminAnswer answer = client.post("/virtual-keys", AdminJson.write(body));
        if (json) {
            out.println(answer.text());
            err.println("The \"key\" above is shown only this once: store it now.");
            return;
        }
        Map<String, Object> created = answer.json();
        out.println("Created virtual key " + Cells.text(created.get("id"))
                + (created.get("name") == null ? "" : " (" + created.get("name") + ")") + ":");
        out.println();
        out.println("  " + Cells.text(created.get("key")));
        out.println();
        out.println("Store this key now: it is shown only this once (the gateway keeps its hash, not the key).");
        out.println();
        KeysListCommand.table(List.of(created), Instant.now()).print(out);
    }

    /** The request body the options describe; a value the API would refuse anyway is refused here first. */
    static Map<String, Object> body(Arguments args) throws UsageException {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfGiven(body, "name", args.value(Option.NAME));
        putIfGiven(body, "team_id", args.value(Option.TEAM));
        if (args.has(Option.MODELS)) {
            body.put("models", models(args.value(Option.MODELS)));
        }
        putCount(body, "rpm", args, Option.RPM);
        putCount(body, "tpm", args, Option.TPM);
        putCount(body, "max_parallel", args, Option.MAX_PARALLEL);
        if (args.has(Option.BUDGET_USD)) {
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("usd", usd(args.value(Option.BUDGET_USD)));
            budget.put("period", period(args.value(Option.BUDGET_PERIOD)));
            body.put("budget", budget);
        } else if (args.has(Option.BUDGET_PERIOD)) {
            throw new UsageException("--budget-period needs --budget-usd: the period of which budget?");
        }
        if (args.has(Option.EXPIRES)) {
            body.put("expires_at", expiry(args.value(Option.EXPIRES)).toString());
        }
        if (args.has(Option.META)) {
            body.put("metadata", metadata(args.values(Option.META)));
        }
        return body;
    }

    private static void putIfGiven(Map<String, Object> body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static List<String> models(String value) throws UsageException {
        List<String> models = new ArrayList<>();
        for (String m : value.split(",")) {
            String model = m.trim();
            if (model.isEmpty()) {
                throw new UsageException("--models: '" + value + "' has an empty name (expected: names separated by "
                        + "commas, e.g. gpt-4o,claude-3-opus)");
            }
            models.add(model);
        }
        return models;
    }

    private static void putCount(Map<String, Object> body, String field, Arguments args, Option option)
            throws UsageException {
        String value = args.value(option);
        if (value == null) {
            return;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1) {
            throw new UsageException(option.flag() + ": '" + value + "' is not a whole number (expected: >= 1; leave "
                    + "the option out for no limit)");
        }
        body.put(field, n);
    }

    private static double usd(String value) throws UsageException {
        double usd;
        try {
            usd = Double.parseDouble(value.trim().startsWith("$") ? value.trim().substring(1) : value.trim());
        } catch (NumberFormatException e) {
            usd = Double.NaN;
        }
        if (!Double.isFinite(usd) || usd < 0) {
            throw new UsageException("--budget-usd: '" + value + "' is not an amount of US dollars (expected: a "
                    + "number >= 0, e.g. 50 or 12.5)");
        }
        return usd;
    }

    private static String period(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_BUDGET_PERIOD;
        }
        if (!BUDGET_PERIODS.contains(value)) {
            throw new UsageException("--budget-period: '" + value + "' is not a budget period (expected one of: day, "
                    + "month, total)");
        }
        return value;
    }

    private static Instant expiry(String value) throws UsageException {
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notATime) {
                throw new UsageException("--expires: '" + value + "' is not a date or time (expected: 2027-01-01, "
                        + "midnight UTC, or 2027-01-01T12:00:00Z)");
            }
        }
    }

    private static Map<String, Object> metadata(List<String> entries) throws UsageException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--meta: '" + entry + "' is not KEY=VALUE (expected e.g. --meta owner=ann)");
            }
            String key = entry.substring(0, eq).trim();
            if (metadata.put(key, entry.substring(eq + 1)) != null) {
                throw new UsageException("--meta: '" + key + "' is given twice");
            }
        }
        return metadata;
    }
}
