package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's function tools as every translating adapter reads them: a tool definition, the
 * {@code tool_choice}, and the JSON-string {@code arguments} of an assistant's tool call. Each
 * problem is a 400 naming the field; what the provider makes of the values is the adapter's.
 * Per request, never per stream event; stateless.
 */
public final class FunctionTools {

    /** What {@code tool_choice} asks for. */
    public enum Choice {
        /** {@code "auto"}: the model decides. */
        AUTO,
        /** {@code "none"}: no tool call. */
        NONE,
        /** {@code "required"}: some tool call. */
        REQUIRED,
        /** {@code {"type":"function","function":{"name":...}}}: that function ({@link #forcedFunction}). */
        FUNCTION
    }

    /**
     * A tool call of an assistant message, as the client sent it: where it is (for a 400's
     * {@code param}), its id and its {@code function} object, either of which may be null; the
     * adapter decides which it requires.
     */
    public record Call(String param, String id, Map<String, Object> function) {

        /** Reads {@code tool_calls[k]} of the assistant message at {@code message} ({@code messages[2]}). */
        public static Call read(List<Object> calls, int k, String message) throws RequestRejectedException {
            String p = message + ".tool_calls[" + k + ']';
            Map<String, Object> call = Requests.objectAt(calls, k, p);
            Map<String, Object> fn = Requests.object(call, "function", p + ".function");
            return new Call(p, Requests.string(call, "id", p + ".id"), fn);
        }

        /** The function's name; call only when {@link #function} is not null. */
        public String name() throws RequestRejectedException {
            return Requests.string(function, "name", param + ".function.name");
        }

        /** The object the function's JSON-string {@code arguments} hold; call only when {@link #function} is not null. */
        public Object arguments() throws RequestRejectedException {
            String p = param + ".function.arguments";
            return FunctionTools.arguments(Requests.string(function, "arguments", p), p);
        }
    }

    private FunctionTools() {
    }

    /** The {@code tool_calls} of the assistant message {@code m} at {@code message}; empty when it has none. */
    public static List<Object> calls(Map<String, Object> m, String message) throws RequestRejectedException {
        List<Object> calls = Requests.array(m, "tool_calls", message + ".tool_calls");
        return calls == null ? List.of() : calls;
    }

    /** A new declaration of the function {@code fn}: its name and, when it has one, its description. */
    public static Map<String, Object> declaration(Map<String, Object> fn) {
        Map<String, Object> d = JsonTree.object();
        d.put("name", fn.get("name"));
        if (fn.get("description") instanceof String desc) {
            d.put("description", desc);
        }
        return d;
    }

    /** A new object schema without properties: what a function without {@code parameters} takes. */
    public static Map<String, Object> emptySchema() {
        Map<String, Object> s = JsonTree.object();
        s.put("type", "object");
        s.put("properties", JsonTree.object());
        return s;
    }

    /** The {@code function} object of {@code tools[i]}, checked: a function tool with a name. */
    public static Map<String, Object> function(List<Object> tools, int i) throws RequestRejectedException {
        String p = "tools[" + i + ']';
        Map<String, Object> t = Requests.objectAt(tools, i, p);
        String type = Requests.string(t, "type", p + ".type");
        if (type != null && !type.equals("function")) {
            throw reject(p + ".type", type + " (expected: function)");
        }
        Map<String, Object> fn = Requests.object(t, "function", p + ".function");
        if (fn == null || Requests.string(fn, "name", p + ".function.name") == null) {
            throw reject(p + ".function.name", "missing");
        }
        return fn;
    }

    /** What {@code tool_choice} (the request's value) asks for; null when absent or null. */
    public static Choice choice(Object v) throws RequestRejectedException {
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return switch (s) {
                case "auto" -> Choice.AUTO;
                case "required" -> Choice.REQUIRED;
                case "none" -> Choice.NONE;
                default -> throw reject("tool_choice", s + " (expected: none, auto, required or a function)");
            };
        }
        Map<String, Object> o = JsonTree.asObject(v);
        if (o == null || !"function".equals(o.get("type")) || forcedFunction(o) == null) {
            throw reject("tool_choice", "expected none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
        }
        return Choice.FUNCTION;
    }

    /** The function a {@link Choice#FUNCTION} {@code tool_choice} names; null for any other value. */
    public static String forcedFunction(Object toolChoice) {
        Map<String, Object> o = JsonTree.asObject(toolChoice);
        Map<String, Object> fn = o == null ? null : JsonTree.asObject(o.get("function"));
        return fn == null ? null : JsonTree.asString(fn.get("name"));
    }

    /** The object a tool call's JSON-string {@code arguments} hold (empty when blank). */
    private static Object arguments(String json, String param) throws RequestRejectedException {
        if (json == null || json.isBlank()) {
            return JsonTree.object();
        }
        Object v;
        try {
            v = JsonTree.parse(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw reject(param, "not valid JSON");
        }
        if (JsonTree.asObject(v) == null) {
            throw reject(param, "expected a JSON object");
        }
        return v;
    }
}
