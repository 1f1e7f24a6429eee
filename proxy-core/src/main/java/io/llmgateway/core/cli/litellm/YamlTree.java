package io.llmgateway.core.cli.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reading a snakeyaml node graph the way the importer needs it: the line of every node (so that
 * what could not be converted is reported at its LiteLLM line), the entries of a mapping in order,
 * the items of a sequence, the text of a scalar.
 */
final class YamlTree {

    private YamlTree() {
    }

    /** The 1-based line where {@code node} starts. */
    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** The entries of a mapping with scalar keys, in document order; empty for any other node. */
    static Map<String, Node> entries(Node node) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), t.getValueNode());
                }
            }
        }
        return entries;
    }

    /** The line of the key {@code name} in a mapping (where an operator looks for it), else the mapping's. */
    static int keyLine(Node mapping, String name) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
                    return line(key);
                }
            }
        }
        return line(mapping);
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode s ? s.getValue() : List.of();
    }

    static boolean isScalar(Node node) {
        return node instanceof ScalarNode;
    }

    static boolean isMapping(Node node) {
        return node instanceof MappingNode;
    }

    static boolean isSequence(Node node) {
        return node instanceof SequenceNode;
    }

    /** The text of a scalar, or null for another node or a null scalar ({@code ~}, empty). */
    static String text(Node node) {
        if (!(node instanceof ScalarNode s)) {
            return null;
        }
        String v = s.getValue();
        boolean plain = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
        if (plain && (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL"))) {
            return null;
        }
        return v;
    }

    /** The scalar texts of a sequence (or of one scalar), skipping other items. */
    static List<String> texts(Node node) {
        List<String> out = new ArrayList<>();
        if (isScalar(node)) {
            String t = text(node);
            if (t != null) {
                out.add(t);
            }
        }
        for (Node item : items(node)) {
            String t = text(item);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
