package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.auth.VirtualKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /admin/v1/spend?group_by=key|team|model|provider&from=&to=}: the spend history summed
 * by one dimension over the UTC days from {@code from} to {@code to} (ISO dates or times, both
 * included by their day; default: all of it), most costly group first.
 */
final class SpendReport {

    private SpendReport() {
    }

    static Map<String, Object> of(AdminRequest request, SpendHistory history) {
        String groupBy = request.query("group_by") == null ? "key" : request.query("group_by");
        Function<SpendRow, String> dimension = switch (groupBy) {
            case "key" -> SpendRow::key;
            case "team" -> SpendRow::team;
            case "model" -> SpendRow::model;
            case "provider" -> SpendRow::provider;
            default -> throw AdminException.invalid("group_by",
                    "query parameter 'group_by' must be key, team, model or provider, got '" + groupBy + "'");
        };
        LocalDate from = day(request, "from");
        LocalDate to = day(request, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw AdminException.invalid("to", "query parameter 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        Map<String, double[]> cost = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        String none = "\u0000";
        for (SpendRow r : history.rows()) {
            if (from != null && r.day().isBefore(from) || to != null && r.day().isAfter(to)) {
                continue;
            }
            String g = dimension.apply(r);
            String k = g == null ? none : g;
            cost.computeIfAbsent(k, x -> new double[1])[0] += r.costUsd();
            long[] c = counts.computeIfAbsent(k, x -> new long[3]);
            c[0] += r.requests();
            c[1] += r.promptTokens();
            c[2] += r.completionTokens();
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", e.getKey().equals(none) ? null : e.getKey());
            m.put("cost_usd", cost.get(e.getKey())[0]);
            m.put("requests", e.getValue()[0]);
            m.put("prompt_tokens", e.getValue()[1]);
            m.put("completion_tokens", e.getValue()[2]);
            data.add(m);
        }
        data.sort((a, b) -> Double.compare((double) b.get("cost_usd"), (double) a.get("cost_usd")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group_by", groupBy);
        out.put("from", from == null ? null : from.toString());
        out.put("to", to == null ? null : to.toString());
        out.put("data", data);
        return out;
    }

    private static LocalDate day(AdminRequest request, String name) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        Instant at = VirtualKeySpec.parseInstant(v);
        if (at == null) {
            throw AdminException.invalid(name, "query parameter '" + name + "' must be an ISO-8601 date or time, "
                    + "e.g. 2026-12-01 or 2026-12-01T00:00:00Z, got '" + v + "'");
        }
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
