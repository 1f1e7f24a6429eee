package io.llmgateway.core.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** {@code keys list}: {@code GET /virtual-keys} as a table, one key a row. */
final class KeysListCommand {

    private KeysListCommand() {
    }

    static void run(AdminClient client, boolean json, PrintStream out) throws AdminCallException, InterruptedException {
        AdminAnswer answer = client.get("/virtual-keys");
        if (json) {
            out.println(answer.text());
            return;
        }
        List<Map<String, Object>> keys = answer.data();
        if (keys.isEmpty()) {
            out.println("No virtual keys (keys create makes one).");
            return;
        }
        table(keys, Instant.now()).print(out);
    }

    /** The table of {@code keys} (key objects of the admin API), with each key's status at {@code now}. */
    static Table table(List<Map<String, Object>> keys, Instant now) {
        Table table = new Table("ID", "NAME", "TEAM", "MODELS", "RPM", "TPM", "PARALLEL", "BUDGET", "SPEND", "EXPIRES",
                "STATUS", "SOURCE");
        for (Map<String, Object> k : keys) {
            table.row(k.get("id"), k.get("name"), k.get("team_id"), Cells.list(k.get("models"), "all"),
                    Cells.text(k.get("rpm")), Cells.text(k.get("tpm")), Cells.text(k.get("max_parallel")),
                    budget(k.get("budget")), Cells.usd(k.get("spend_usd")), k.get("expires_at"), status(k, now),
                    k.get("source"));
        }
        return table;
    }

    private static String budget(Object value) {
        if (!(value instanceof Map<?, ?> b) || b.get("usd") == null) {
            return Table.NONE;
        }
        return Cells.usd(b.get("usd")) + (b.get("period") == null ? "" : "/" + b.get("period"));
    }

    private static String status(Map<String, Object> key, Instant now) {
        if (Boolean.TRUE.equals(key.get("revoked"))) {
            return "revoked";
        }
        if (key.get("expires_at") instanceof String expires) {
            try {
                if (!Instant.parse(expires).isAfter(now)) {
                    return "expired";
                }
            } catch (DateTimeParseException e) {
                return "active";
            }
        }
        return "active";
    }
}
