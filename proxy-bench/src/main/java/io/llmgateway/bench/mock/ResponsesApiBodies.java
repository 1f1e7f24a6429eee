package io.llmgateway.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.providers.ToolArguments;

/**
 * The JSON of one answer of the Responses API (providers.md 1.6): the Response object and the
 * objects its stream's events carry, as OpenAI sends them. The answer is {@link MockContent}'s text
 * in one message item, or a call of the request's function tool with arguments that fit its
 * schema. A stream's text deltas are the content pieces; a call's arguments come in one delta.
 * Pure functions of the constructor's arguments.
 */
final class ResponsesApiBodies {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final String id;
    final String model;
    final long created;
    final int pieces;
    final int cachedTokens;
    /** The function tool called, or null for a text answer. */
    final JsonNode tool;

    ResponsesApiBodies(String id, String model, long created, int pieces, int cachedTokens, JsonNode tool) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.pieces = pieces;
        this.cachedTokens = cachedTokens;
        this.tool = tool;
    }

    String messageId() {
        return "msg_" + id.substring(5);
    }

    String callId() {
        return "call_" + id.substring(5);
    }

    String arguments() {
        return tool.has("parameters") ? ToolArguments.sample(tool.get("parameters"), MockContent.full(model, pieces))
                .toString() : "{}";
    }

    /** The whole Response, complete. */
    String response() {
        return response("completed", true).toString();
    }

    /** The Response as {@code response.created}, {@code .in_progress} ({@code done} false) or {@code .completed} carry it. */
    ObjectNode response(String status, boolean done) {
        ObjectNode r = JSON.objectNode();
        r.put("id", id).put("object", "response").put("created_at", created).put("status", status)
                .put("background", false).putNull("error").putNull("incomplete_details").putNull("instructions")
                .putNull("max_output_tokens").put("model", model);
        ArrayNode output = r.putArray("output");
        if (done) {
            output.add(item("completed"));
        }
        r.put("parallel_tool_calls", true).putNull("previous_response_id");
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("store", true).put("temperature", 1.0);
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        ArrayNode tools = r.putArray("tools");
        if (tool != null) {
            tools.add(tool);
        }
        r.put("top_p", 1.0).put("truncation", "disabled");
        if (done) {
            ObjectNode u = r.putObject("usage");
            u.put("input_tokens", OpenAiBodies.PROMPT_TOKENS + cachedTokens);
            u.putObject("input_tokens_details").put("cached_tokens", cachedTokens);
            u.put("output_tokens", pieces);
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", OpenAiBodies.PROMPT_TOKENS + cachedTokens + pieces);
        } else {
            r.putNull("usage");
        }
        r.putNull("user").putObject("metadata");
        return r;
    }

    /** The answer's one output item; in progress, a message has no content and a call no arguments yet. */
    ObjectNode item(String status) {
        boolean done = status.equals("completed");
        ObjectNode item = JSON.objectNode();
        if (tool != null) {
            item.put("id", "fc_" + id.substring(5)).put("type", "function_call").put("status", status)
                    .put("arguments", done ? arguments() : "").put("call_id", callId())
                    .put("name", tool.path("name").asText());
            return item;
        }
        item.put("id", messageId()).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (done) {
            content.add(textPart(MockContent.full(model, pieces)));
        }
        return item;
    }

    ObjectNode textPart(String text) {
        ObjectNode part = JSON.objectNode();
        part.put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }
}
