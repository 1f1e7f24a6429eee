package io.llmgateway.bench.suite;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a run produced: the machine it ran on, the rows of every scenario and the verdict on
 * each target; rendered as the one table ({@link #table()}) and as {@code results.json}.
 */
final class SuiteReport {

    private static final int METRIC_WIDTH = 34;
    private static final int TARGET_WIDTH = 18;
    private static final int RATIO_WIDTH = 10;
    private static final int ADDED_WIDTH = 26;

    private final Map<String, String> environment;
    private final List<String> targets;
    private final List<ScenarioResult> results;
    private final List<Goals.Goal> goals;

    SuiteReport(Map<String, String> environment, List<String> targets, List<ScenarioResult> results) {
        this.environment = new LinkedHashMap<>(environment);
        this.targets = List.copyOf(targets);
        this.results = List.copyOf(results);
        this.goals = Goals.evaluate(results);
    }

    List<ScenarioResult> results() {
        return results;
    }

    List<Goals.Goal> goals() {
        return goals;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The table, its notes and the targets, as printed at the end of a run. */
    String table() {
        StringBuilder out = new StringBuilder(8192);
        String nl = System.lineSeparator();
        out.append("llm-gateway bench suite: ").append(environment.getOrDefault("profile", "?")).append(" profile, ")
                .append(environment.getOrDefault("rounds", "?")).append(" round(s), ")
                .append(environment.getOrDefault("started", "")).append(nl);
        for (String key : List.of("machine", "placement", "gateway", "nginx", "wrk")) {
            if (environment.containsKey(key)) {
                out.append(String.format(Locale.ROOT, "%-10s %s%n", key + ":", environment.get(key)));
            }
        }
        out.append("cells: median over rounds, ±half the range; ratios and differences are taken round by round,"
                + " then the median (min..max)").append(nl).append(nl);

        boolean nginx = targets.contains(Target.NGINX);
        StringBuilder header = new StringBuilder(pad("", METRIC_WIDTH));
        for (String t : targets) {
            header.append(pad(t, TARGET_WIDTH));
        }
        header.append(pad("gw/direct", RATIO_WIDTH));
        if (nginx) {
            header.append(pad("gw/nginx", RATIO_WIDTH));
        }
        header.append(pad("added by gateway", ADDED_WIDTH));
        if (nginx) {
            header.append(pad("added by nginx", ADDED_WIDTH));
        }
        out.append(header.toString().stripTrailing()).append(nl);
        out.append("-".repeat(header.toString().stripTrailing().length())).append(nl);

        for (ScenarioResult r : results) {
            out.append(r.id()).append("  ").append(r.title()).append(nl);
            for (Metric m : r.metrics()) {
                if ("errors".equals(m.label()) || m.label().endsWith(" errors")) {
                    boolean any = targets.stream().anyMatch(t -> m.stats(t).max() > 0);
                    if (!any) {
                        continue;
                    }
                }
                StringBuilder row = new StringBuilder(pad("  " + m.label() + (m.unit().isEmpty() ? "" : " " + m.unit()),
                        METRIC_WIDTH));
                for (String t : targets) {
                    row.append(pad(cell(m, m.stats(t)), TARGET_WIDTH));
                }
                if (m.kind() == Metric.Kind.THROUGHPUT) {
                    row.append(pad(ratio(m.paired(Target.GATEWAY, Target.DIRECT)), RATIO_WIDTH));
                    if (nginx) {
                        row.append(pad(ratio(m.paired(Target.GATEWAY, Target.NGINX)), RATIO_WIDTH));
                    }
                } else if (m.kind() == Metric.Kind.COST) {
                    row.append(pad("", RATIO_WIDTH));
                    if (nginx) {
                        row.append(pad(ratio(m.paired(Target.GATEWAY, Target.NGINX)), RATIO_WIDTH));
                    }
                } else if (m.kind() == Metric.Kind.LATENCY) {
                    row.append(pad("", RATIO_WIDTH * (nginx ? 2 : 1)));
                    row.append(pad(added(m.paired(Target.GATEWAY, Target.DIRECT)), ADDED_WIDTH));
                    if (nginx) {
                        row.append(pad(added(m.paired(Target.NGINX, Target.DIRECT)), ADDED_WIDTH));
                    }
                }
                out.append(row.toString().stripTrailing()).append(nl);
            }
        }

        out.append(nl).append("notes").append(nl);
        for (ScenarioResult r : results) {
            for (String note : r.notes()) {
                out.append("  ").append(r.id()).append(": ").append(note).append(nl);
            }
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, List<Double>> c : r.contention().entrySet()) {
                Stats s = Stats.of(c.getValue());
                if (s.isEmpty()) {
                    continue;
                }
                parts.add(c.getKey().equals(SuiteRun.FOREIGN_CPU) || c.getKey().equals(SuiteRun.QUIET_WAIT)
                        ? String.format(Locale.ROOT, "%s %.2f (max %.2f)", c.getKey(), s.median(), s.max())
                        : String.format(Locale.ROOT, "%s %.0f%% (max %.0f%%)", c.getKey(), s.median() * 100, s.max() * 100));
            }
            if (!parts.isEmpty()) {
                out.append("  ").append(r.id()).append(": contention, median of runs: ").append(String.join("; ", parts))
                        .append(nl);
            }
        }

        out.append(nl).append("targets").append(nl);
        for (Goals.Goal g : goals) {
            String mark = switch (g.status()) {
                case MET -> "met   ";
                case MISSED -> "MISSED";
                case NOT_MEASURED -> "n/a   ";
            };
            out.append(String.format(Locale.ROOT, "  %s %-4s %-52s %s%n", mark, g.scenario(), g.target(), g.measured()));
        }
        return out.toString();
    }

    private static String cell(Metric m, Stats s) {
        if (s.isEmpty()) {
            return "-";
        }
        String v = number(m.unit(), s.median());
        if (s.n() > 1 && s.spreadPercent() >= 0.5) {
            v += String.format(Locale.ROOT, " ±%.0f%%", s.spreadPercent());
        }
        return v;
    }

    static String number(String unit, double v) {
        return switch (unit) {
            case ScenarioResult.MS -> String.format(Locale.ROOT, "%.3f", v);
            case "MB", "kB", "us" -> String.format(Locale.ROOT, "%,.1f", v);
            default -> String.format(Locale.ROOT, "%,.0f", v);
        };
    }

    private static String ratio(Stats s) {
        return s.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx", s.median());
    }

    private static String added(Stats s) {
        if (s.isEmpty()) {
            return "-";
        }
        String v = String.format(Locale.ROOT, "%+.3f", s.median());
        if (s.n() > 1) {
            v += String.format(Locale.ROOT, " (%.3f..%.3f)", s.min(), s.max());
        }
        return v;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + ' ' : s + " ".repeat(width - s.length());
    }

    /** Writes {@code results.json}: environment, every value of every round, contention, targets. */
    void writeJson(Path file) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("environment");
            for (Map.Entry<String, String> e : environment.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("targets");
            for (String t : targets) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("scenarios");
            for (ScenarioResult r : results) {
                g.writeStartObject();
                g.writeStringField("id", r.id());
                g.writeStringField("title", r.title());
                g.writeArrayFieldStart("metrics");
                for (Metric m : r.metrics()) {
                    g.writeStartObject();
                    g.writeStringField("label", m.label());
                    g.writeStringField("unit", m.unit());
                    g.writeStringField("kind", m.kind().name().toLowerCase(Locale.ROOT));
                    g.writeObjectFieldStart("rounds");
                    for (Map.Entry<String, List<Double>> e : m.allValues().entrySet()) {
                        g.writeArrayFieldStart(e.getKey());
                        for (double v : e.getValue()) {
                            if (Double.isNaN(v)) {
                                g.writeNull();
                            } else {
                                g.writeNumber(v);
                            }
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                    g.writeObjectFieldStart("median");
                    for (String t : m.allValues().keySet()) {
                        writeNumber(g, t, m.stats(t).median());
                    }
                    g.writeEndObject();
                    if (m.kind() != Metric.Kind.PLAIN) {
                        g.writeObjectFieldStart(m.kind() == Metric.Kind.LATENCY ? "added_median" : "ratio_median");
                        for (String t : m.allValues().keySet()) {
                            if (!Target.DIRECT.equals(t)) {
                                writeNumber(g, t + "_vs_direct", m.paired(t, Target.DIRECT).median());
                            }
                        }
                        if (m.kind() != Metric.Kind.LATENCY) {
                            writeNumber(g, "gateway_vs_nginx", m.paired(Target.GATEWAY, Target.NGINX).median());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("notes");
                for (String n : r.notes()) {
                    g.writeString(n);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("contention");
                for (Map.Entry<String, List<Double>> c : r.contention().entrySet()) {
                    g.writeArrayFieldStart(c.getKey());
                    for (double v : c.getValue()) {
                        g.writeNumber(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("targets_checked");
            for (Goals.Goal goal : goals) {
                g.writeStartObject();
                g.writeStringField("scenario", goal.scenario());
                g.writeStringField("target", goal.target());
                g.writeStringField("measured", goal.measured());
                g.writeStringField("status", goal.status().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeNumber(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }
}
