package io.llmgateway.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A typed, path-aware view of one node of the YAML document. Every accessor either returns a
 * value or records a problem that names the YAML path and line, and returns the default so that
 * validation can go on and report every problem in one pass. Scalars get {@code ${VAR}}
 * substitution on the way out.
 *
 * <p>Only used while loading: no code reads YAML after load (the result is immutable records).
 */
final class ConfigNode {

    private final String path;
    private final Node node;
    private final Context ctx;
    private final Map<String, Node> entries;

    private ConfigNode(String path, Node node, Context ctx) {
        this.path = path;
        this.node = node;
        this.ctx = ctx;
        this.entries = node instanceof MappingNode m ? flatten(m) : Map.of();
    }

    static ConfigNode root(Node node, List<String> problems, EnvSubstitution env) {
        return new ConfigNode("", node, new Context(problems, env));
    }

    String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    boolean present() {
        return node != null && !isNull(node);
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull(node);
    }

    /** Records a problem about this node. */
    void problem(String message) {
        String line = node == null ? "" : " (line " + (node.getStartMark().getLine() + 1) + ")";
        ctx.problems.add(path() + line + ": " + message);
    }

    /** The child at {@code key} of this mapping; an absent child answers {@code present() == false}. */
    ConfigNode get(String key) {
        return new ConfigNode(childPath(key), entries.get(key), ctx);
    }

    /** The keys of this mapping, in document order. */
    Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Reports every key of this mapping that is not in {@code allowed} (typos must not pass silently). */
    void allowOnly(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            if (!ok.contains(e.getKey())) {
                new ConfigNode(childPath(e.getKey()), e.getValue(), ctx)
                        .problem("unknown key (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** This node as a mapping; records a problem and returns false when it is something else. */
    boolean expectMapping() {
        if (!present()) {
            return false;
        }
        if (!isMapping()) {
            problem("must be a mapping, got " + describe());
            return false;
        }
        return true;
    }

    /** The items of this sequence (an absent node is an empty list). */
    List<ConfigNode> items() {
        if (!present()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            problem("must be a list, got " + describe());
            return List.of();
        }
        List<ConfigNode> out = new ArrayList<>(seq.getValue().size());
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new ConfigNode(path + '[' + i + ']', seq.getValue().get(i), ctx));
        }
        return out;
    }

    /** The entries of this mapping as nodes, in document order (an absent node is empty). */
    Map<String, ConfigNode> children() {
        if (!expectMapping()) {
            return Map.of();
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            out.put(e.getKey(), new ConfigNode(childPath(e.getKey()), e.getValue(), ctx));
        }
        return out;
    }

    /** The scalar text with variables expanded; null when absent or not a scalar (recorded). */
    String text() {
        if (!present()) {
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            problem("must be a single value, got " + describe());
            return null;
        }
        try {
            return ctx.env.expand(s.getValue());
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return null;
        }
    }

    String string(String def) {
        String v = text();
        return v == null ? def : v;
    }

    /** A required, non-blank string. */
    String requiredString() {
        if (!present()) {
            problem("is required");
            return null;
        }
        String v = text();
        if (v != null && v.isBlank()) {
            problem("must not be empty");
            return null;
        }
        return v;
    }

    long longValue(long def, long min, long max) {
        String v = text();
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v.trim().replace("_", ""));
            if (n < min || n > max) {
                problem("must be between " + min + " and " + max + ", got " + n);
                return def;
            }
            return n;
        } catch (NumberFormatException e) {
            problem("must be an integer, got '" + v + "'");
            return def;
        }
    }

    int intValue(int def, int min, int max) {
        return (int) longValue(def, min, max);
    }

    double doubleValue(double def, double min, double max) {
        String v = text();
        if (v == null) {
            return def;
        }
        try {
            double n = Double.parseDouble(v.trim());
            if (!(n >= min && n <= max)) {
                problem("must be between " + min + " and " + max + ", got " + v);
                return def;
            }
            return n;
        } catch (NumberFormatException e) {
            problem("must be a number, got '" + v + "'");
            return def;
        }
    }

    boolean bool(boolean def) {
        String v = text();
        if (v == null) {
            return def;
        }
        switch (v.trim().toLowerCase()) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                problem("must be true or false, got '" + v + "'");
                return def;
            }
        }
    }

    /** A string that must be one of {@code allowed} (compared case-insensitively, returned lower-case). */
    String oneOf(String def, String... allowed) {
        String v = text();
        if (v == null) {
            return def;
        }
        String lower = v.trim().toLowerCase();
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        problem("must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
        return def;
    }

    /** A mapping of strings to strings (headers, query parameters, deployment names). */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : children().entrySet()) {
            String v = e.getValue().text();
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** A list of strings; a single scalar counts as a list of one. */
    List<String> stringList() {
        if (!present()) {
            return List.of();
        }
        if (isScalar()) {
            String v = text();
            return v == null ? List.of() : List.of(v);
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : items()) {
            String v = item.text();
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node == null ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + '.' + key;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** Mapping entries in document order, with YAML merge keys ({@code <<: *anchor}) applied. */
    private Map<String, Node> flatten(MappingNode m) {
        Map<String, Node> own = new LinkedHashMap<>();
        List<MappingNode> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                ctx.problems.add(path() + " (line " + (t.getKeyNode().getStartMark().getLine() + 1)
                        + "): keys must be plain strings");
                continue;
            }
            if (Tag.MERGE.equals(k.getTag()) || "<<".equals(k.getValue())) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode mm) {
                    merges.add(mm);
                } else if (v instanceof SequenceNode seq) {
                    for (Node item : seq.getValue()) {
                        if (item instanceof MappingNode mm) {
                            merges.add(mm);
                        }
                    }
                }
                continue;
            }
            if (own.put(k.getValue(), t.getValueNode()) != null) {
                ctx.problems.add(childPath(k.getValue()) + " (line " + (k.getStartMark().getLine() + 1)
                        + "): duplicate key");
            }
        }
        if (merges.isEmpty()) {
            return own;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (MappingNode mm : merges) {
            for (Map.Entry<String, Node> e : flatten(mm).entrySet()) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        out.putAll(own);
        return out;
    }

    private record Context(List<String> problems, EnvSubstitution env) {
    }
}
