package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.Map;

/**
 * JSON mode ({@code response_format} {@code json_object} or {@code json_schema}) for providers that
 * have none (Anthropic Messages, Bedrock Converse): a tool named {@link #NAME} whose input schema is
 * the requested one, forced through the tool choice; the model's call of it is the answer, so the
 * response translators turn that tool's input back into the message content with finish reason
 * {@code stop}. The request side reads {@code response_format} ({@link #of}) and decides the tool
 * choice ({@link #choice}); each adapter writes both in its own shape. The response side asks
 * {@link #carriesAnswer} of every tool block.
 *
 * <pre>{@code
 * JsonModeTool json = JsonModeTool.of(req, "anthropic");         // null: the answer is free text
 * JsonModeTool.ToolChoice c = JsonModeTool.choice(clientChoice, hasClientTools, thinking, "on anthropic");
 * }</pre>
 *
 * <p>Once per request (and per tool block of an answer), never per text delta; immutable.
 */
public final class JsonModeTool {

    /** Name of the forced tool that carries JSON-mode answers (LiteLLM's convention). */
    public static final String NAME = "json_tool_call";

    private static final String DEFAULT_DESCRIPTION = "Respond with a JSON object.";

    /** What the tool choice becomes beside JSON mode; the adapter writes it in its provider's shape. */
    public enum ToolChoice {
        /** Force {@link #NAME}: the only way the model can answer. */
        JSON_TOOL,
        /** Some tool, the client's or {@link #NAME}: a real tool call or the JSON answer, never free text. */
        ANY,
        /** The model decides: forced tool use is not allowed beside extended thinking. */
        AUTO,
        /** The client's own choice ({@code required} or a named function), as the adapter translates it. */
        CLIENT
    }

    private final String description;
    private final Map<String, Object> schema;

    private JsonModeTool(String description, Map<String, Object> schema) {
        this.description = description;
        this.schema = schema;
    }

    /**
     * The JSON-mode tool that the request's {@code response_format} asks for, or null when it asks
     * for text (or has none).
     *
     * @param provider names the provider in the 400 of an unknown format type ({@code anthropic})
     * @throws RequestRejectedException naming {@code response_format.type} when it is not text,
     *         json_object or json_schema, or the field of a malformed value
     */
    public static JsonModeTool of(Map<String, Object> req, String provider) throws RequestRejectedException {
        Map<String, Object> format = Requests.object(req, "response_format", "response_format");
        String type = format == null ? null : Requests.string(format, "type", "response_format.type");
        if (type == null || type.equals("text")) {
            return null;
        }
        if (type.equals("json_object")) {
            return new JsonModeTool(DEFAULT_DESCRIPTION, anyObject());
        }
        if (!type.equals("json_schema")) {
            throw reject("response_format.type", type + " (expected: text, json_object or json_schema on " + provider
                    + ')');
        }
        Map<String, Object> js = Requests.object(format, "json_schema", "response_format.json_schema");
        String description = js != null && js.get("description") instanceof String d ? d : DEFAULT_DESCRIPTION;
        Map<String, Object> schema = js == null ? null : JsonTree.asObject(js.get("schema"));
        return new JsonModeTool(description, schema != null ? schema : anyObject());
    }

    /**
     * The tool choice beside JSON mode, from the client's {@code tool_choice} (null when absent):
     * without tools of its own the client gets {@link ToolChoice#JSON_TOOL}; with them, {@code auto}
     * becomes {@link ToolChoice#ANY} (a tool call or the JSON answer) and a stricter choice stays the
     * client's; beside extended thinking, which forbids forced tool use, the model decides.
     *
     * @param onProvider ends the 400 of {@code tool_choice: none} ({@code on anthropic})
     * @throws RequestRejectedException naming {@code tool_choice} when it is {@code none}: no tool
     *         call, hence no JSON answer
     */
    public static ToolChoice choice(FunctionTools.Choice client, boolean clientTools, boolean thinking,
            String onProvider) throws RequestRejectedException {
        if (client == FunctionTools.Choice.NONE) {
            throw reject("tool_choice", "none cannot be combined with a JSON response_format " + onProvider
                    + " (expected: auto, required or a function; JSON mode is a forced tool there)");
        }
        if (thinking) {
            return client == FunctionTools.Choice.FUNCTION ? ToolChoice.CLIENT : ToolChoice.AUTO;
        }
        if (!clientTools) {
            return ToolChoice.JSON_TOOL;
        }
        return client == null || client == FunctionTools.Choice.AUTO ? ToolChoice.ANY : ToolChoice.CLIENT;
    }

    /** Whether a tool block named {@code toolName} of an answer is the JSON answer, not a tool call for the client. */
    public static boolean carriesAnswer(boolean jsonMode, Object toolName) {
        return jsonMode && NAME.equals(toolName);
    }

    /** The tool's description: the {@code json_schema}'s, else a request for a JSON object. */
    public String description() {
        return description;
    }

    /** The tool's input schema: the {@code json_schema}'s, else any object. */
    public Map<String, Object> schema() {
        return schema;
    }

    private static Map<String, Object> anyObject() {
        Map<String, Object> free = FunctionTools.emptySchema();
        free.put("additionalProperties", Boolean.TRUE);
        return free;
    }
}
