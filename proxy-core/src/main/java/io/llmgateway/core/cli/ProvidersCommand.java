package io.llmgateway.core.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code providers}: {@code GET /providers} as a table, one provider key a row: whether it is
 * enabled, its state (and until when it cools down), requests and tokens this minute against its
 * limits ({@code 12/500}; a figure alone when there is no limit), requests in flight, latency and
 * time to first token (p50/p99 ms), and its error rate.
 */
final class ProvidersCommand {

    private ProvidersCommand() {
    }

    static void run(AdminClient client, boolean json, PrintStream out) throws AdminCallException, InterruptedException {
        AdminAnswer answer = client.get("/providers");
        if (json) {
            out.println(answer.text());
            return;
        }
        List<Map<String, Object>> providers = answer.data();
        if (providers.isEmpty()) {
            out.println("No providers.");
            return;
        }
        table(providers).print(out);
    }

    static Table table(List<Map<String, Object>> providers) {
        Table table = new Table("PROVIDER", "TYPE", "KEY", "ENABLED", "STATE", "RPM", "TPM", "IN FLIGHT",
                "LATENCY MS p50/p99", "TTFT MS p50/p99", "ERRORS");
        for (Map<String, Object> p : providers) {
            List<?> keys = p.get("keys") instanceof List<?> l ? l : List.of();
            if (keys.isEmpty()) {
                table.row(p.get("id"), p.get("type"), null, null, null, null, null, null, null, null, null);
            }
            for (Object o : keys) {
                if (o instanceof Map<?, ?> k) {
                    table.row(p.get("id"), p.get("type"), k.get("id"), enabled(k.get("enabled")), state(k),
                            Cells.usage(k.get("rpm")), Cells.usage(k.get("tpm")), Cells.text(k.get("in_flight")),
                            Cells.percentiles(k.get("latency_ms")), Cells.percentiles(k.get("ttft_ms")),
                            Cells.percent(k.get("error_rate")));
                }
            }
        }
        return table;
    }

    private static String enabled(Object value) {
        return value instanceof Boolean b ? (b ? "yes" : "no") : Table.NONE;
    }

    private static String state(Map<?, ?> key) {
        String state = Cells.text(key.get("state"));
        Object until = key.get("cooldown_until");
        return until == null ? state : state + " until " + until;
    }
}
