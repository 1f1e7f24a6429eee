package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.JsonTree;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Inlines the local {@code $ref}s of a JSON schema — {@code #/$defs/Name} (pydantic v2, zod 4),
 * {@code #/definitions/Name} (pydantic v1, zod-to-json-schema), any other JSON pointer into the
 * document, and {@code #} itself — and drops the {@code $defs} / {@code definitions} they pointed
 * into, because Gemini's function parameters take no references.
 *
 * <pre>
 *   {"$defs":{"Pet":{"type":"object",...}}, "properties":{"pet":{"$ref":"#/$defs/Pet","description":"d"}}}
 *     -&gt; {"properties":{"pet":{"type":"object",...,"description":"d"}}}
 * </pre>
 *
 * <p>Keywords beside a {@code $ref} apply too (JSON Schema 2019-09): they are merged over the
 * referenced schema, theirs winning. A reference that leads back into itself (a tree, a linked
 * list) cannot be written out: {@link #inline} throws {@link Cycle} and the caller decides. A
 * document that grows past {@value #MAX_NODES} schema objects once inlined (references to
 * references, many times over) throws {@link TooLarge}. The input is never modified.
 *
 * <p>Once per request that has tools or a JSON schema, never per stream event; stateless.
 */
final class SchemaRefs {

    /** Schema objects an inlined document may hold: far above any real tool, far below a memory problem. */
    static final int MAX_NODES = 10_000;

    /** A {@code $ref} that leads back into itself. */
    static final class Cycle extends Exception {
        private static final long serialVersionUID = 1L;

        Cycle(String ref) {
            super(ref, null, false, false);
        }

        /** The reference that closed the loop. */
        String ref() {
            return getMessage();
        }
    }

    /** A reference that cannot be followed: external, or pointing at nothing. */
    static final class Unresolvable extends Exception {
        private static final long serialVersionUID = 1L;

        Unresolvable(String message) {
            super(message, null, false, false);
        }
    }

    /** The document would exceed {@link #MAX_NODES} schema objects once inlined. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("more than " + MAX_NODES + " schema objects once its $refs are inlined", null, false, false);
        }
    }

    private final Map<String, Object> root;
    /** The schemas being inlined, by identity: a reference spelled another way to one of them is a cycle too. */
    private final Deque<Object> expanding = new ArrayDeque<>();
    private int nodes;

    private SchemaRefs(Map<String, Object> root) {
        this.root = root;
    }

    /** Whether {@code schema} holds a {@code $ref} anywhere (when it does not, nothing needs inlining). */
    static boolean hasRefs(Object schema) {
        Map<String, Object> m = JsonTree.asObject(schema);
        if (m != null) {
            if (m.get("$ref") instanceof String) {
                return true;
            }
            for (Object v : m.values()) {
                if (hasRefs(v)) {
                    return true;
                }
            }
            return false;
        }
        List<Object> l = JsonTree.asArray(schema);
        if (l != null) {
            for (Object o : l) {
                if (hasRefs(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of {@code schema} with every {@code $ref} replaced by what it points to, and no definitions left. */
    static Map<String, Object> inline(Map<String, Object> schema) throws Cycle, Unresolvable, TooLarge {
        SchemaRefs refs = new SchemaRefs(schema);
        Map<String, Object> out = JsonTree.asObject(refs.copy(schema, true));
        return out == null ? JsonTree.object() : out;
    }

    private Object copy(Object node, boolean schemaPosition) throws Cycle, Unresolvable, TooLarge {
        Map<String, Object> m = JsonTree.asObject(node);
        if (m != null) {
            if (++nodes > MAX_NODES) {
                throw new TooLarge();
            }
            return schemaPosition ? copySchema(m) : copyMap(m);
        }
        List<Object> l = JsonTree.asArray(node);
        if (l != null) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o, schemaPosition));
            }
            return out;
        }
        return node;
    }

    private Map<String, Object> copySchema(Map<String, Object> m) throws Cycle, Unresolvable, TooLarge {
        Object ref = m.get("$ref");
        if (!(ref instanceof String r)) {
            return copyMap(m);
        }
        Object resolved = resolve(r);
        for (Object being : expanding) {
            if (being == resolved) {
                throw new Cycle(r);
            }
        }
        expanding.push(resolved);
        Map<String, Object> target = JsonTree.asObject(copy(resolved, true));
        expanding.pop();
        Map<String, Object> out = target == null ? JsonTree.object() : target;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!e.getKey().equals("$ref") && !isDefinitions(e.getKey())) {
                out.put(e.getKey(), copyChild(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** The members of a schema object (or of a {@code properties} map, whose keys are the caller's names). */
    private Map<String, Object> copyMap(Map<String, Object> m) throws Cycle, Unresolvable, TooLarge {
        Map<String, Object> out = JsonTree.object();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!isDefinitions(e.getKey())) {
                out.put(e.getKey(), copyChild(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private Object copyChild(String key, Object value) throws Cycle, Unresolvable, TooLarge {
        if (key.equals("properties") || key.equals("patternProperties")) {
            Map<String, Object> props = JsonTree.asObject(value);
            if (props != null) {
                Map<String, Object> out = JsonTree.object();
                for (Map.Entry<String, Object> p : props.entrySet()) {
                    out.put(p.getKey(), copy(p.getValue(), true));
                }
                return out;
            }
        }
        // enum, const, default and examples hold data, not schemas: a "$ref" key in them is a value.
        boolean data = key.equals("enum") || key.equals("const") || key.equals("default") || key.equals("examples")
                || key.equals("example");
        return data ? value : copy(value, true);
    }

    private static boolean isDefinitions(String key) {
        return key.equals("$defs") || key.equals("definitions");
    }

    /** The node {@code ref} points to: {@code #} or {@code #/a/b} with JSON-pointer escapes. */
    private Object resolve(String ref) throws Unresolvable {
        if (!ref.startsWith("#")) {
            throw new Unresolvable("$ref " + quote(ref) + " is not a local reference (expected: #/$defs/...)");
        }
        String pointer = URLDecoder.decode(ref.substring(1), StandardCharsets.UTF_8);
        if (pointer.isEmpty()) {
            return root;
        }
        if (pointer.charAt(0) != '/') {
            throw new Unresolvable("$ref " + quote(ref) + " is not a JSON pointer (expected: #/$defs/...)");
        }
        Object cur = root;
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            Map<String, Object> m = JsonTree.asObject(cur);
            List<Object> l = JsonTree.asArray(cur);
            if (m != null) {
                cur = m.get(key);
            } else if (l != null && key.matches("[0-9]{1,9}") && Integer.parseInt(key) < l.size()) {
                cur = l.get(Integer.parseInt(key));
            } else {
                cur = null;
            }
            if (cur == null) {
                throw new Unresolvable("$ref " + quote(ref) + " points to nothing in the schema");
            }
        }
        return cur;
    }

    private static String quote(String ref) {
        return "'" + (ref.length() > 200 ? ref.substring(0, 200) + "..." : ref) + "'";
    }
}
