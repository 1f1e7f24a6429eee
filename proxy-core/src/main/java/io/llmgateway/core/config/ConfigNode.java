package io.llmgateway.core.config;

import io.llmgateway.core.secrets.SecretCipher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * <p>A message never prints a value that came from the environment or from a key that holds a
 * secret: {@link #shown()} prints the text as written ({@code '${OPENAI_KEY}'}) and names the
 * variables that were missing instead; an {@code enc:} value is neither printed nor its plaintext.
 *
 * <p>Only used while loading: no code reads YAML after load (the result is immutable records).
 */
final class ConfigNode {

    /** A header or query parameter's value (its name may contain dots). */
    private static final Pattern UNDER_HEADERS_OR_QUERY = Pattern.compile(".*\\.(headers|query)\\..+");
    private static final String ENCRYPTED = "an enc: value (decrypted, not shown)";

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

    static ConfigNode root(Node node, List<String> problems, List<String> warnings, EnvSubstitution env) {
        return new ConfigNode("", node, new Context(problems, warnings, env));
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

    /** Records a problem about this node: the configuration cannot be used. */
    void problem(String message) {
        ctx.problems.add(located(message));
    }

    /** Records a warning about this node: the configuration works, but not as its author probably meant. */
    void warn(String message) {
        ctx.warnings.add(located(message));
    }

    /** The line of this node in the file (1-based), or 0 when the node is absent. */
    int line() {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private String located(String message) {
        return path() + (node == null ? "" : " (line " + line() + ")") + ": " + message;
    }

    /** The child at {@code key} of this mapping; an absent child answers {@code present() == false}. */
    ConfigNode get(String key) {
        return new ConfigNode(childPath(key), entries.get(key), ctx);
    }

    /** Reports every key of this mapping that is not in {@code allowed} (typos must not pass silently). */
    void allowOnly(List<String> allowed) {
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
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

    /** The scalar as written in the file, before substitution; null when absent or not a scalar. */
    String raw() {
        return isScalar() ? ((ScalarNode) node).getValue() : null;
    }

    /** Whether the value references a variable or is {@code enc:} (then messages never print the value). */
    boolean fromEnvironment() {
        return expansion().fromEnvironment();
    }

    /**
     * The variables behind an empty part of this value, e.g. {@code ${OPENAI_KEY_2} is not set};
     * empty when every referenced variable was set (or had a default).
     */
    String missingVariables() {
        return expansion().missingPhrase();
    }

    private EnvSubstitution.Expansion expansion() {
        String raw = raw();
        if (raw == null) {
            return new EnvSubstitution.Expansion("", false, List.of());
        }
        try {
            return ctx.env.expansion(raw);
        } catch (IllegalArgumentException e) {
            return new EnvSubstitution.Expansion(raw, true, List.of());
        }
    }

    /**
     * This value as a message may print it: {@code 'value'} when written in the file;
     * {@code '${VAR}' (${VAR} is not set)} or {@code '${VAR}' (from the environment, not shown)} when
     * it came from a variable; never the value of a key that holds a secret.
     */
    String shown() {
        if (holdsSecret()) {
            return "a secret (not shown)";
        }
        String raw = raw();
        if (raw == null) {
            return describe();
        }
        if (SecretCipher.isEncrypted(raw)) {
            return ENCRYPTED;
        }
        if (!fromEnvironment()) {
            return "'" + raw + "'";
        }
        String missing = missingVariables();
        return "'" + raw + "' (" + (missing.isEmpty() ? "from the environment, not shown" : missing) + ")";
    }

    /** {@code part}, a piece of this value, quoted for a message; {@link #shown()} when the value must not be printed. */
    String quote(String part) {
        return holdsSecret() || fromEnvironment() ? shown() : "'" + part + "'";
    }

    /**
     * Whether this node holds a credential: {@code secret}, {@code password}, {@code *_key},
     * {@code *_token}, {@code *_keys} and their items, a virtual key's {@code key}, the items of a provider's {@code keys} (a secret written
     * where a key's mapping belongs), and the values of {@code headers} and {@code query}.
     */
    boolean holdsSecret() {
        int dot = path.lastIndexOf('.');
        String key = path.substring(dot + 1);
        int bracket = key.indexOf('[');
        if (bracket >= 0) {
            key = key.substring(0, bracket);
        }
        return key.equals("secret") || key.equals("password") || key.equals("keys") || key.endsWith("_key")
                || key.equals("key") && path.startsWith("auth.virtual_keys[")
                || key.endsWith("_token") || key.endsWith("_keys")
                || UNDER_HEADERS_OR_QUERY.matcher(path).matches();
    }

    /** Records a problem when {@code value}, bound for an HTTP header, could inject another header. */
    void checkHeaderSafe(String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
                problem("contains a control character (line break?) at position " + i);
                return;
            }
        }
    }

    /**
     * Records that {@code value}, this node's text, is not {@code expected} (e.g. {@code an integer}),
     * naming the missing variables when that is why.
     */
    void invalid(String value, String expected) {
        String missing = missingVariables();
        if (value.isBlank() && !missing.isEmpty()) {
            problem(missing + " (expected: " + expected + ")");
        } else {
            problem("must be " + expected + ", got " + shown());
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
            String missing = missingVariables();
            problem(missing.isEmpty() ? "must not be empty" : missing + " (expected: a value)");
            return null;
        }
        return v;
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
        if (node == null) {
            return "nothing";
        }
        String raw = ((ScalarNode) node).getValue();
        if (holdsSecret()) {
            return "a secret (not shown)";
        }
        return SecretCipher.isEncrypted(raw) ? ENCRYPTED : "'" + raw + "'";
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

    private record Context(List<String> problems, List<String> warnings, EnvSubstitution env) {
    }
}
