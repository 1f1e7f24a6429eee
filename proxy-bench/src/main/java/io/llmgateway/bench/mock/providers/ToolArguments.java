package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The arguments the mock "model" calls a tool with: a value of the declared type for every
 * top-level property (first {@code enum} value, {@code "mock"}, 1, 1.5, true, nested objects
 * likewise), so that a client can parse them against its own schema. A free-form object schema
 * (no properties, {@code additionalProperties: true}: how JSON mode is forced through a tool) gets
 * {@code {"content": text}}.
 */
public final class ToolArguments {

    private static final int MAX_DEPTH = 4;

    private ToolArguments() {
    }

    public static ObjectNode sample(JsonNode schema, String text) {
        JsonNode properties = schema == null ? null : schema.get("properties");
        if ((properties == null || properties.isEmpty()) && schema != null
                && schema.path("additionalProperties").asBoolean(false)) {
            ObjectNode free = ProviderJson.object();
            free.put("content", text);
            return free;
        }
        return object(schema, 0);
    }

    private static ObjectNode object(JsonNode schema, int depth) {
        ObjectNode out = ProviderJson.object();
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject() || depth >= MAX_DEPTH) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            out.set(p.getKey(), value(p.getValue(), depth + 1));
        }
        return out;
    }

    private static JsonNode value(JsonNode schema, int depth) {
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray() && !values.isEmpty()) {
            return values.get(0);
        }
        String type = schema.path("type").asText("string").toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "integer" -> ProviderJson.object().numberNode(1);
            case "number" -> ProviderJson.object().numberNode(1.5);
            case "boolean" -> ProviderJson.object().booleanNode(true);
            case "object" -> object(schema, depth);
            case "array" -> {
                ArrayNode a = ProviderJson.array();
                JsonNode items = schema.get("items");
                if (items != null && items.isObject()) {
                    a.add(value(items, depth + 1));
                }
                yield a;
            }
            default -> ProviderJson.object().textNode("mock");
        };
    }
}
