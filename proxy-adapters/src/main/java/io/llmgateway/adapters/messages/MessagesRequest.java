package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.JsonTree.Num;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an Anthropic Messages request into the gateway's chat-completions request, so that every
 * adapter that speaks chat (OpenAI, Azure, Gemini, Bedrock) serves {@code /v1/messages} through its
 * own translation (providers.md 3.3, read right to left).
 *
 * <pre>
 *   system (string | text blocks)          -> a first {"role":"system"} message
 *   user text / image blocks               -> content parts (text, image_url: data URL or URL)
 *   user tool_result blocks                -> {"role":"tool","tool_call_id",...} messages, before the user's text
 *   assistant text / tool_use blocks       -> content + tool_calls (input JSON-encoded as arguments)
 *   tools[{name,description,input_schema}] -> tools[{type:function,function:{name,description,parameters}}]
 *   tool_choice auto | any | tool | none   -> "auto" | "required" | {function:{name}} | "none"
 *   disable_parallel_tool_use              -> parallel_tool_calls: false
 *   max_tokens                             -> max_tokens (max_completion_tokens for OpenAI itself)
 *   temperature, top_p                     -> the same; stop_sequences -> stop; metadata.user_id -> user
 *   thinking {budget_tokens}               -> reasoning_effort low (< 4096) | medium (< 16384) | high
 *   stream                                 -> stream, with stream_options.include_usage (the usage of message_delta)
 * </pre>
 *
 * <p>{@code thinking} and {@code redacted_thinking} blocks of earlier turns are dropped (a chat
 * provider cannot verify their signatures); {@code top_k} has no chat equivalent and is dropped.
 * Server tools (a tool without {@code input_schema}) and document blocks are refused with a 400
 * naming the field. Per request, not per event: a tree is fine here.
 */
final class MessagesRequest {

    private MessagesRequest() {
    }

    /**
     * The chat request for {@code messages}, with {@code model} as the upstream's model name.
     *
     * @param completionTokens the limit goes as {@code max_completion_tokens} (OpenAI itself, whose
     *                         reasoning models refuse {@code max_tokens}) rather than {@code max_tokens}
     *                         (what every other chat provider and adapter reads)
     */
    static Map<String, Object> toChat(Map<String, Object> req, String model, boolean completionTokens)
            throws RequestRejectedException {
        Map<String, Object> chat = JsonTree.object();
        chat.put("model", model);
        List<Object> out = new ArrayList<>();
        system(req.get("system"), out);
        List<Object> messages = JsonTree.asArray(req.get("messages"));
        if (messages == null) {
            throw new RequestRejectedException("messages: Field required (expected: an array of messages)", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(JsonTree.asObject(messages.get(i)), i, out);
        }
        chat.put("messages", out);
        Object maxTokens = req.get("max_tokens");
        if (!(maxTokens instanceof Num)) {
            throw new RequestRejectedException("max_tokens: Field required (expected: a positive integer)",
                    "max_tokens");
        }
        chat.put(completionTokens ? "max_completion_tokens" : "max_tokens", maxTokens);
        copy(req, "temperature", chat, "temperature");
        copy(req, "top_p", chat, "top_p");
        stop(req.get("stop_sequences"), chat);
        tools(req, chat);
        thinking(req.get("thinking"), chat);
        String user = JsonTree.asString(JsonTree.path(req, "metadata", "user_id"));
        if (user != null) {
            chat.put("user", user);
        }
        if (Boolean.TRUE.equals(req.get("stream"))) {
            chat.put("stream", Boolean.TRUE);
            Map<String, Object> options = JsonTree.object();
            options.put("include_usage", Boolean.TRUE);
            chat.put("stream_options", options);
        }
        return chat;
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String as) {
        Object v = from.get(key);
        if (v instanceof Num) {
            to.put(as, v);
        }
    }

    private static void system(Object system, List<Object> out) throws RequestRejectedException {
        if (system == null || system == JsonTree.NULL) {
            return;
        }
        String text = system instanceof String s ? s : joinedText(JsonTree.asArray(system), "system");
        if (!text.isEmpty()) {
            out.add(chatMessage("system", text));
        }
    }

    private static void message(Map<String, Object> m, int i, List<Object> out) throws RequestRejectedException {
        String where = "messages[" + i + "]";
        if (m == null) {
            throw new RequestRejectedException(where + ": not an object (expected: {\"role\",\"content\"})", where);
        }
        String role = JsonTree.asString(m.get("role"));
        Object content = m.get("content");
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw new RequestRejectedException(where + ".role: " + role + " (expected: user or assistant)",
                    where + ".role");
        }
        if (content instanceof String s) {
            out.add(chatMessage(role, s));
            return;
        }
        List<Object> blocks = JsonTree.asArray(content);
        if (blocks == null) {
            throw new RequestRejectedException(where + ".content: expected a string or an array of content blocks",
                    where + ".content");
        }
        if ("assistant".equals(role)) {
            assistant(blocks, where, out);
        } else {
            user(blocks, where, out);
        }
    }

    private static void user(List<Object> blocks, String where, List<Object> out) throws RequestRejectedException {
        List<Object> parts = new ArrayList<>(blocks.size());
        for (int k = 0; k < blocks.size(); k++) {
            Map<String, Object> b = block(blocks.get(k), where, k);
            String type = JsonTree.asString(b.get("type"));
            String at = where + ".content[" + k + "]";
            switch (type == null ? "" : type) {
                case "text" -> parts.add(textPart(JsonTree.asString(b.get("text"))));
                case "image" -> parts.add(imagePart(b, at));
                case "tool_result" -> out.add(toolResult(b, at));
                default -> throw unsupportedBlock(type, at);
            }
        }
        if (!parts.isEmpty()) {
            Map<String, Object> msg = JsonTree.object();
            msg.put("role", "user");
            msg.put("content", parts);
            out.add(msg);
        }
    }

    private static void assistant(List<Object> blocks, String where, List<Object> out)
            throws RequestRejectedException {
        StringBuilder text = new StringBuilder();
        List<Object> calls = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            Map<String, Object> b = block(blocks.get(k), where, k);
            String type = JsonTree.asString(b.get("type"));
            switch (type == null ? "" : type) {
                case "text" -> {
                    String t = JsonTree.asString(b.get("text"));
                    text.append(t == null ? "" : t);
                }
                case "tool_use" -> calls.add(toolCall(b));
                case "thinking", "redacted_thinking" -> {
                    // A chat provider cannot verify another model's thinking signatures: dropped.
                }
                default -> throw unsupportedBlock(type, where + ".content[" + k + "]");
            }
        }
        Map<String, Object> msg = JsonTree.object();
        msg.put("role", "assistant");
        msg.put("content", text.length() == 0 && !calls.isEmpty() ? JsonTree.NULL : text.toString());
        if (!calls.isEmpty()) {
            msg.put("tool_calls", calls);
        }
        out.add(msg);
    }

    private static Map<String, Object> block(Object v, String where, int k) throws RequestRejectedException {
        Map<String, Object> b = JsonTree.asObject(v);
        if (b == null) {
            String at = where + ".content[" + k + "]";
            throw new RequestRejectedException(at + ": not an object (expected: a content block)", at);
        }
        return b;
    }

    private static RequestRejectedException unsupportedBlock(String type, String at) {
        return new RequestRejectedException(at + ".type: " + type + " is not supported by this model's provider "
                + "(expected: text, image, tool_use or tool_result)", at + ".type");
    }

    private static Map<String, Object> toolCall(Map<String, Object> b) {
        Map<String, Object> fn = JsonTree.object();
        fn.put("name", b.get("name"));
        Object input = b.get("input");
        fn.put("arguments", JsonTree.toJson(input == null ? JsonTree.object() : input));
        Map<String, Object> call = JsonTree.object();
        call.put("id", b.get("id"));
        call.put("type", "function");
        call.put("function", fn);
        return call;
    }

    private static Map<String, Object> toolResult(Map<String, Object> b, String at) throws RequestRejectedException {
        Object content = b.get("content");
        String text;
        if (content == null || content == JsonTree.NULL) {
            text = "";
        } else if (content instanceof String s) {
            text = s;
        } else {
            text = joinedText(JsonTree.asArray(content), at + ".content");
        }
        if (Boolean.TRUE.equals(b.get("is_error"))) {
            text = "Error: " + text;
        }
        Map<String, Object> msg = JsonTree.object();
        msg.put("role", "tool");
        msg.put("tool_call_id", b.get("tool_use_id"));
        msg.put("content", text);
        return msg;
    }

    private static Map<String, Object> imagePart(Map<String, Object> b, String at) throws RequestRejectedException {
        Object source = b.get("source");
        String kind = JsonTree.asString(JsonTree.path(source, "type"));
        String url;
        if ("base64".equals(kind)) {
            url = "data:" + JsonTree.asString(JsonTree.path(source, "media_type")) + ";base64,"
                    + JsonTree.asString(JsonTree.path(source, "data"));
        } else if ("url".equals(kind)) {
            url = JsonTree.asString(JsonTree.path(source, "url"));
        } else {
            throw new RequestRejectedException(at + ".source.type: " + kind + " (expected: base64 or url)",
                    at + ".source.type");
        }
        Map<String, Object> image = JsonTree.object();
        image.put("url", url);
        Map<String, Object> part = JsonTree.object();
        part.put("type", "image_url");
        part.put("image_url", image);
        return part;
    }

    private static Map<String, Object> textPart(String text) {
        Map<String, Object> part = JsonTree.object();
        part.put("type", "text");
        part.put("text", text == null ? "" : text);
        return part;
    }

    private static Map<String, Object> chatMessage(String role, String content) {
        Map<String, Object> msg = JsonTree.object();
        msg.put("role", role);
        msg.put("content", content);
        return msg;
    }

    /** The text of an array of text blocks, joined by blank lines; anything else is refused. */
    private static String joinedText(List<Object> blocks, String at) throws RequestRejectedException {
        if (blocks == null) {
            throw new RequestRejectedException(at + ": expected a string or an array of text blocks", at);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < blocks.size(); k++) {
            Map<String, Object> b = JsonTree.asObject(blocks.get(k));
            String type = b == null ? null : JsonTree.asString(b.get("type"));
            if (!"text".equals(type)) {
                throw new RequestRejectedException(at + "[" + k + "].type: " + type + " (expected: text)",
                        at + "[" + k + "].type");
            }
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            String t = JsonTree.asString(b.get("text"));
            sb.append(t == null ? "" : t);
        }
        return sb.toString();
    }

    private static void stop(Object stops, Map<String, Object> chat) {
        List<Object> list = JsonTree.asArray(stops);
        if (list != null && !list.isEmpty()) {
            chat.put("stop", list);
        }
    }

    private static void tools(Map<String, Object> req, Map<String, Object> chat) throws RequestRejectedException {
        List<Object> tools = JsonTree.asArray(req.get("tools"));
        if (tools != null && !tools.isEmpty()) {
            List<Object> out = new ArrayList<>(tools.size());
            for (int i = 0; i < tools.size(); i++) {
                Map<String, Object> t = JsonTree.asObject(tools.get(i));
                Object schema = t == null ? null : t.get("input_schema");
                if (schema == null) {
                    String type = t == null ? null : JsonTree.asString(t.get("type"));
                    throw new RequestRejectedException("tools[" + i + "]: server tool " + type + " is not supported by "
                            + "this model's provider (expected: a custom tool with input_schema)", "tools[" + i + "]");
                }
                Map<String, Object> fn = JsonTree.object();
                fn.put("name", t.get("name"));
                if (t.get("description") != null) {
                    fn.put("description", t.get("description"));
                }
                fn.put("parameters", schema);
                Map<String, Object> tool = JsonTree.object();
                tool.put("type", "function");
                tool.put("function", fn);
                out.add(tool);
            }
            chat.put("tools", out);
        }
        Map<String, Object> choice = JsonTree.asObject(req.get("tool_choice"));
        if (choice == null) {
            return;
        }
        String type = JsonTree.asString(choice.get("type"));
        switch (type == null ? "" : type) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> {
                Map<String, Object> fn = JsonTree.object();
                fn.put("name", choice.get("name"));
                Map<String, Object> c = JsonTree.object();
                c.put("type", "function");
                c.put("function", fn);
                chat.put("tool_choice", c);
            }
            default -> throw new RequestRejectedException("tool_choice.type: " + type
                    + " (expected: auto, any, tool or none)", "tool_choice.type");
        }
        if (Boolean.TRUE.equals(choice.get("disable_parallel_tool_use"))) {
            chat.put("parallel_tool_calls", Boolean.FALSE);
        }
    }

    private static void thinking(Object thinking, Map<String, Object> chat) {
        if (!"enabled".equals(JsonTree.asString(JsonTree.path(thinking, "type")))) {
            return;
        }
        long budget = JsonTree.asLong(JsonTree.path(thinking, "budget_tokens"), 0);
        chat.put("reasoning_effort", budget < 4096 ? "low" : budget < 16384 ? "medium" : "high");
    }
}
