package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON schema as a client's SDK writes it (pydantic's {@code model_json_schema()}, zod's
 * {@code toJSONSchema} / zod-to-json-schema) → the OpenAPI subset Gemini's function
 * {@code parameters} take, which answers 400 to any keyword it does not know:
 * <ul>
 *   <li>{@code $ref} inlined and {@code $defs} / {@code definitions} dropped ({@link SchemaRefs});
 *       a recursive schema is a 400 naming the tool and the reference;</li>
 *   <li>{@code type: ["string","null"]} → {@code type: string, nullable: true} (several non-null
 *       types → {@code anyOf}); {@code anyOf} / {@code oneOf} with a {@code {"type":"null"}} branch →
 *       the other branch, {@code nullable: true}; {@code oneOf} → {@code anyOf};</li>
 *   <li>{@code allOf} merged into its schema (pydantic v1 wraps a described {@code $ref} in it);</li>
 *   <li>a string {@code const} (zod literals) → a one-value {@code enum} (another is dropped: Gemini's
 *       enums hold strings); {@code exclusiveMinimum} /
 *       {@code exclusiveMaximum} as numbers → {@code minimum} / {@code maximum} (the bound's
 *       exclusiveness is lost); {@code examples} → {@code example} (the first);</li>
 *   <li>a string {@code format} other than {@code enum} and {@code date-time} ({@code uri},
 *       {@code email}, {@code uuid}...) dropped, as Gemini refuses it;</li>
 *   <li>every other keyword outside {@link #KEPT} ({@code additionalProperties}, {@code $schema},
 *       {@code title}'s neighbours {@code $id}, {@code $comment}, {@code not}, {@code prefixItems},
 *       {@code patternProperties}, {@code strict}...) dropped at every level — never from a
 *       {@code properties} map, whose keys are the caller's field names.</li>
 * </ul>
 * Once per request with tools, never per stream event; stateless.
 */
final class GeminiSchema {

    /** Gemini's {@code Schema} fields (Gemini API and Vertex AI), as JSON Schema spells them. */
    static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum", "maxItems",
            "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
            "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");

    private static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");

    private GeminiSchema() {
    }

    /**
     * {@code schema}, the parameters of the function at {@code param} ({@code tools[2].function.parameters})
     * named {@code name}, as Gemini takes it.
     *
     * @throws RequestRejectedException a recursive or unresolvable {@code $ref}, or a schema too large once inlined
     */
    static Map<String, Object> parameters(Map<String, Object> schema, String param, String name)
            throws RequestRejectedException {
        Map<String, Object> inlined = schema;
        if (SchemaRefs.hasRefs(schema)) {
            try {
                inlined = SchemaRefs.inline(schema);
            } catch (SchemaRefs.Cycle e) {
                throw reject(param, "tool '" + name + "' has a recursive schema ($ref '" + e.ref()
                        + "' refers back to itself): Gemini takes no $ref, and a recursive schema cannot be inlined "
                        + "(expected: a schema without a reference cycle)");
            } catch (SchemaRefs.Unresolvable | SchemaRefs.TooLarge e) {
                throw reject(param, "tool '" + name + "': " + e.getMessage());
            }
        }
        Map<String, Object> out = JsonTree.asObject(clean(inlined));
        return out == null ? JsonTree.object() : out;
    }

    /** {@code schema} reduced to Gemini's subset; values that are not schema objects are returned as they are. */
    static Object clean(Object schema) {
        Map<String, Object> m = JsonTree.asObject(schema);
        if (m == null) {
            List<Object> l = JsonTree.asArray(schema);
            if (l == null) {
                return schema;
            }
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(clean(o));
            }
            return out;
        }
        Map<String, Object> s = mergeAllOf(m);
        Map<String, Object> out = JsonTree.object();
        for (Map.Entry<String, Object> e : s.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "properties" -> out.put(k, properties(v));
                case "type" -> type(v, out);
                case "anyOf", "oneOf" -> anyOf(v, out);
                case "const" -> {
                    if (v instanceof String) {
                        out.put("enum", List.of(v)); // Gemini's enum holds strings only
                    }
                }
                case "exclusiveMinimum" -> putNumberIfAbsent(s, "minimum", v, out);
                case "exclusiveMaximum" -> putNumberIfAbsent(s, "maximum", v, out);
                case "examples" -> {
                    List<Object> l = JsonTree.asArray(v);
                    if (l != null && !l.isEmpty() && !s.containsKey("example")) {
                        out.put("example", l.get(0));
                    }
                }
                case "format" -> {
                    if (!isString(s.get("type")) || STRING_FORMATS.contains(v)) {
                        out.put(k, v);
                    }
                }
                case "enum", "default", "example" -> out.put(k, v);
                default -> {
                    if (KEPT.contains(k)) {
                        out.put(k, clean(v));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isString(Object type) {
        List<Object> types = JsonTree.asArray(type);
        return types != null ? types.contains("string") : "string".equals(type);
    }

    private static Map<String, Object> properties(Object v) {
        Map<String, Object> props = JsonTree.asObject(v);
        if (props == null) {
            return JsonTree.object();
        }
        Map<String, Object> out = JsonTree.object();
        for (Map.Entry<String, Object> p : props.entrySet()) {
            out.put(p.getKey(), clean(p.getValue()));
        }
        return out;
    }

    /** {@code type} as one name; {@code "null"} among several becomes {@code nullable}. */
    private static void type(Object v, Map<String, Object> out) {
        List<Object> types = JsonTree.asArray(v);
        if (types == null) {
            if (!"null".equals(v)) {
                out.put("type", v);
            } else {
                out.put("nullable", Boolean.TRUE);
            }
            return;
        }
        List<Object> named = new ArrayList<>(types.size());
        for (Object t : types) {
            if ("null".equals(t)) {
                out.put("nullable", Boolean.TRUE);
            } else {
                named.add(t);
            }
        }
        if (named.size() == 1) {
            out.put("type", named.get(0));
        } else if (named.size() > 1) {
            List<Object> any = new ArrayList<>(named.size());
            for (Object t : named) {
                Map<String, Object> branch = JsonTree.object();
                branch.put("type", t);
                any.add(branch);
            }
            out.put("anyOf", any);
        }
    }

    /** {@code anyOf} without its {@code null} branch (then {@code nullable}); one branch left is merged in. */
    private static void anyOf(Object v, Map<String, Object> out) {
        List<Object> branches = JsonTree.asArray(v);
        if (branches == null) {
            return;
        }
        List<Object> kept = new ArrayList<>(branches.size());
        for (Object b : branches) {
            Map<String, Object> branch = JsonTree.asObject(b);
            if (branch != null && "null".equals(branch.get("type")) && branch.size() == 1) {
                out.put("nullable", Boolean.TRUE);
            } else {
                kept.add(clean(b));
            }
        }
        if (kept.size() == 1 && JsonTree.asObject(kept.get(0)) != null) {
            for (Map.Entry<String, Object> e : JsonTree.asObject(kept.get(0)).entrySet()) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        } else if (!kept.isEmpty()) {
            List<Object> existing = JsonTree.asArray(out.get("anyOf"));
            if (existing != null) {
                existing.addAll(kept);
            } else {
                out.put("anyOf", kept);
            }
        }
    }

    private static void putNumberIfAbsent(Map<String, Object> s, String key, Object v, Map<String, Object> out) {
        if (v instanceof JsonTree.Num && !s.containsKey(key)) {
            out.put(key, v);
        }
    }

    /** {@code s} with the members of each {@code allOf} branch merged in ({@code s}'s own win; {@code required} joined). */
    private static Map<String, Object> mergeAllOf(Map<String, Object> s) {
        List<Object> all = JsonTree.asArray(s.get("allOf"));
        if (all == null) {
            return s;
        }
        Map<String, Object> merged = JsonTree.object();
        Map<String, Object> props = JsonTree.object();
        Set<Object> required = new LinkedHashSet<>();
        List<Map<String, Object>> parts = new ArrayList<>(all.size() + 1);
        for (Object b : all) {
            Map<String, Object> branch = JsonTree.asObject(b);
            if (branch != null) {
                parts.add(mergeAllOf(branch));
            }
        }
        parts.add(s);
        for (Map<String, Object> part : parts) {
            for (Map.Entry<String, Object> e : part.entrySet()) {
                switch (e.getKey()) {
                    case "allOf" -> {
                    }
                    case "properties" -> {
                        Map<String, Object> p = JsonTree.asObject(e.getValue());
                        if (p != null) {
                            props.putAll(p);
                        }
                    }
                    case "required" -> {
                        List<Object> r = JsonTree.asArray(e.getValue());
                        if (r != null) {
                            required.addAll(r);
                        }
                    }
                    default -> merged.put(e.getKey(), e.getValue());
                }
            }
        }
        if (!props.isEmpty()) {
            merged.put("properties", props);
        }
        if (!required.isEmpty()) {
            merged.put("required", new ArrayList<>(required));
        }
        return merged;
    }
}
