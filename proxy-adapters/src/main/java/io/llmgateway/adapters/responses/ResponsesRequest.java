package io.llmgateway.adapters.responses;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Responses API request as the chat-completions request the wrapped adapter understands:
 *
 * <pre>
 *   instructions                           -> a leading system message
 *   input: "text"                          -> one user message
 *   input[] message (input_text, input_image, output_text)  -> a message of that role, content parts
 *   input[] function_call                  -> an assistant message's tool_calls (consecutive calls merge)
 *   input[] function_call_output           -> a tool message
 *   input[] reasoning                      -> dropped (a chat provider cannot take it back)
 *   tools[] {type: function, name, ...}    -> tools[] {type: function, function: {name, ...}}
 *   tool_choice {type: function, name}     -> tool_choice {type: function, function: {name}}
 *   text.format json_schema | json_object  -> response_format
 *   reasoning.effort                       -> reasoning_effort
 *   max_output_tokens                      -> max_tokens
 *   temperature, top_p, parallel_tool_calls, user, stream -> as they are (+ include_usage on a stream)
 * </pre>
 *
 * <p>What only a stateful OpenAI provider can do is refused with a 400 naming the field:
 * {@code previous_response_id}, {@code conversation}, {@code prompt} (stored prompts),
 * {@code background}, {@code item_reference} items and built-in tools (web search, file search,
 * code interpreter...). {@code store} is accepted and ignored: nothing is stored, and the answer
 * says {@code "store": false}. Per request, never per stream event; stateless.
 */
final class ResponsesRequest {

    /** The chat request, and what the answer echoes of the Responses request. */
    record Translated(Map<String, Object> chat, ResponseEcho echo) {
    }

    private ResponsesRequest() {
    }

    static Translated toChat(Map<String, Object> req, String upstreamModel) throws RequestRejectedException {
        refuseStateful(req);
        Map<String, Object> chat = JsonTree.object();
        chat.put("model", upstreamModel);
        chat.put("messages", messages(req));
        List<Object> tools = Requests.array(req, "tools", "tools");
        if (tools != null && !tools.isEmpty()) {
            chat.put("tools", chatTools(tools));
        }
        Object toolChoice = req.get("tool_choice");
        if (toolChoice != null && toolChoice != JsonTree.NULL) {
            chat.put("tool_choice", chatToolChoice(toolChoice));
        }
        Map<String, Object> text = Requests.object(req, "text", "text");
        Map<String, Object> format = text == null ? null : Requests.object(text, "format", "text.format");
        if (format != null) {
            Object responseFormat = responseFormat(format);
            if (responseFormat != null) {
                chat.put("response_format", responseFormat);
            }
        }
        Map<String, Object> reasoning = Requests.object(req, "reasoning", "reasoning");
        String effort = reasoning == null ? null : Requests.string(reasoning, "effort", "reasoning.effort");
        if (effort != null) {
            chat.put("reasoning_effort", effort);
        }
        long maxOutput = Requests.integer(req, "max_output_tokens", "max_output_tokens");
        if (maxOutput >= 0) {
            chat.put("max_tokens", JsonTree.Num.of(maxOutput));
        }
        copy(req, chat, "temperature");
        copy(req, chat, "top_p");
        copy(req, chat, "parallel_tool_calls");
        copy(req, chat, "user");
        if (Boolean.TRUE.equals(Requests.bool(req, "stream", "stream"))) {
            chat.put("stream", Boolean.TRUE);
            // The stream's closing response.completed carries usage: the chat stream must report it.
            Map<String, Object> options = JsonTree.object();
            options.put("include_usage", Boolean.TRUE);
            chat.put("stream_options", options);
        }
        return new Translated(chat, ResponseEcho.of(req));
    }

    private static void refuseStateful(Map<String, Object> req) throws RequestRejectedException {
        for (String field : new String[] {"previous_response_id", "conversation", "prompt"}) {
            Object v = req.get(field);
            if (v != null && v != JsonTree.NULL) {
                throw reject(field, "needs the state an OpenAI provider keeps; this model's provider is "
                        + "served through chat completions, which keeps none (send the whole conversation in input)");
            }
        }
        if (Boolean.TRUE.equals(Requests.bool(req, "background", "background"))) {
            throw reject("background", "background responses need an OpenAI provider");
        }
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String key) {
        Object v = from.get(key);
        if (v != null && v != JsonTree.NULL) {
            to.put(key, v);
        }
    }

    private static List<Object> messages(Map<String, Object> req) throws RequestRejectedException {
        List<Object> messages = new ArrayList<>();
        String instructions = Requests.string(req, "instructions", "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            messages.add(message("system", instructions));
        }
        Object input = req.get("input");
        if (input instanceof String s) {
            messages.add(message("user", s));
            return messages;
        }
        List<Object> items = Requests.array(req, "input", "input");
        if (items == null) {
            throw reject("input", "required (a string or an array of input items)");
        }
        Map<String, Object> calls = null; // the assistant message that collects consecutive function calls
        for (int i = 0; i < items.size(); i++) {
            String param = "input[" + i + ']';
            Map<String, Object> item = Requests.objectAt(items, i, param);
            String type = Requests.string(item, "type", param + ".type");
            if (type == null || type.equals("message")) {
                messages.add(inputMessage(item, param));
                calls = null;
                continue;
            }
            switch (type) {
                case "function_call" -> {
                    if (calls == null) {
                        calls = JsonTree.object();
                        calls.put("role", "assistant");
                        calls.put("content", JsonTree.NULL);
                        calls.put("tool_calls", new ArrayList<>());
                        messages.add(calls);
                    }
                    JsonTree.asArray(calls.get("tool_calls")).add(toolCall(item, param));
                }
                case "function_call_output" -> {
                    Map<String, Object> tool = JsonTree.object();
                    tool.put("role", "tool");
                    tool.put("tool_call_id", required(item, "call_id", param));
                    tool.put("content", toolOutput(item.get("output"), param + ".output"));
                    messages.add(tool);
                    calls = null;
                }
                case "reasoning" -> {
                    // A chat provider takes no reasoning back; the answer stands without it.
                }
                case "item_reference" -> throw reject(param + ".type", "item_reference needs the state an OpenAI "
                        + "provider keeps (send the item itself)");
                default -> throw reject(param + ".type", type + " (expected: message, function_call, "
                        + "function_call_output or reasoning for a model served through chat completions)");
            }
        }
        return messages;
    }

    private static Map<String, Object> message(String role, Object content) {
        Map<String, Object> m = JsonTree.object();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static Map<String, Object> inputMessage(Map<String, Object> item, String param)
            throws RequestRejectedException {
        String role = required(item, "role", param);
        if (!role.equals("user") && !role.equals("assistant") && !role.equals("system") && !role.equals("developer")) {
            throw reject(param + ".role", role + " (expected: user, assistant, system or developer)");
        }
        Object content = item.get("content");
        if (content instanceof String s) {
            return message(role, s);
        }
        List<Object> parts = Requests.array(item, "content", param + ".content");
        if (parts == null) {
            throw reject(param + ".content", "required (a string or an array of content parts)");
        }
        List<Object> chatParts = new ArrayList<>(parts.size());
        StringBuilder text = new StringBuilder();
        boolean onlyText = true;
        for (int j = 0; j < parts.size(); j++) {
            String partParam = param + ".content[" + j + ']';
            Map<String, Object> part = Requests.objectAt(parts, j, partParam);
            String type = required(part, "type", partParam);
            switch (type) {
                case "input_text", "output_text", "refusal" -> {
                    String t = type.equals("refusal") ? required(part, "refusal", partParam)
                            : required(part, "text", partParam);
                    text.append(t);
                    Map<String, Object> p = JsonTree.object();
                    p.put("type", "text");
                    p.put("text", t);
                    chatParts.add(p);
                }
                case "input_image" -> {
                    onlyText = false;
                    chatParts.add(image(part, partParam));
                }
                default -> throw reject(partParam + ".type", type + " (expected: input_text, input_image or "
                        + "output_text for a model served through chat completions)");
            }
        }
        // Assistant turns and plain text go as one string: every chat provider takes that form.
        return message(role, onlyText ? text.toString() : chatParts);
    }

    private static Map<String, Object> image(Map<String, Object> part, String param) throws RequestRejectedException {
        String url = Requests.string(part, "image_url", param + ".image_url");
        if (url == null) {
            throw reject(param + ".image_url", Requests.string(part, "file_id", param + ".file_id") != null
                    ? "a file_id needs an OpenAI provider (send the image as a URL or a data URL)" : "required");
        }
        Map<String, Object> imageUrl = JsonTree.object();
        imageUrl.put("url", url);
        String detail = Requests.string(part, "detail", param + ".detail");
        if (detail != null) {
            imageUrl.put("detail", detail);
        }
        Map<String, Object> p = JsonTree.object();
        p.put("type", "image_url");
        p.put("image_url", imageUrl);
        return p;
    }

    private static Map<String, Object> toolCall(Map<String, Object> item, String param) throws RequestRejectedException {
        Map<String, Object> function = JsonTree.object();
        function.put("name", required(item, "name", param));
        String arguments = Requests.string(item, "arguments", param + ".arguments");
        function.put("arguments", arguments == null ? "{}" : arguments);
        Map<String, Object> call = JsonTree.object();
        call.put("id", required(item, "call_id", param));
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    /** A function's output: a string, or parts of which the text is kept. */
    private static String toolOutput(Object output, String param) throws RequestRejectedException {
        if (output instanceof String s) {
            return s;
        }
        List<Object> parts = JsonTree.asArray(output);
        if (parts == null) {
            throw reject(param, "expected a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < parts.size(); j++) {
            Map<String, Object> part = Requests.objectAt(parts, j, param + '[' + j + ']');
            String type = Requests.string(part, "type", param + '[' + j + "].type");
            if (!"input_text".equals(type) && !"output_text".equals(type)) {
                throw reject(param + '[' + j + "].type", type + " (expected: input_text for a model served "
                        + "through chat completions)");
            }
            text.append(required(part, "text", param + '[' + j + ']'));
        }
        return text.toString();
    }

    private static List<Object> chatTools(List<Object> tools) throws RequestRejectedException {
        List<Object> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + ']';
            Map<String, Object> tool = Requests.objectAt(tools, i, param);
            String type = required(tool, "type", param);
            if (!type.equals("function")) {
                throw reject(param + ".type", type + " is a built-in tool of OpenAI's; a model served through "
                        + "chat completions takes function tools only");
            }
            Map<String, Object> function = JsonTree.object();
            function.put("name", required(tool, "name", param));
            copy(tool, function, "description");
            copy(tool, function, "parameters");
            copy(tool, function, "strict");
            Map<String, Object> t = JsonTree.object();
            t.put("type", "function");
            t.put("function", function);
            out.add(t);
        }
        return out;
    }

    private static Object chatToolChoice(Object choice) throws RequestRejectedException {
        if (choice instanceof String s) {
            if (!s.equals("auto") && !s.equals("none") && !s.equals("required")) {
                throw reject("tool_choice", s + " (expected: auto, none, required or a function)");
            }
            return s;
        }
        Map<String, Object> c = JsonTree.asObject(choice);
        if (c == null) {
            throw reject("tool_choice", "expected a string or an object");
        }
        String type = required(c, "type", "tool_choice");
        if (!type.equals("function")) {
            throw reject("tool_choice.type", type + " (expected: function for a model served through chat completions)");
        }
        Map<String, Object> function = JsonTree.object();
        function.put("name", required(c, "name", "tool_choice"));
        Map<String, Object> out = JsonTree.object();
        out.put("type", "function");
        out.put("function", function);
        return out;
    }

    private static Object responseFormat(Map<String, Object> format) throws RequestRejectedException {
        String type = required(format, "type", "text.format");
        switch (type) {
            case "text" -> {
                return null;
            }
            case "json_object" -> {
                Map<String, Object> out = JsonTree.object();
                out.put("type", "json_object");
                return out;
            }
            case "json_schema" -> {
                Map<String, Object> schema = JsonTree.object();
                schema.put("name", required(format, "name", "text.format"));
                copy(format, schema, "description");
                copy(format, schema, "schema");
                copy(format, schema, "strict");
                Map<String, Object> out = JsonTree.object();
                out.put("type", "json_schema");
                out.put("json_schema", schema);
                return out;
            }
            default -> throw reject("text.format.type", type + " (expected: text, json_object or json_schema)");
        }
    }

    private static String required(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        String v = Requests.string(m, key, param + '.' + key);
        if (v == null) {
            throw reject(param + '.' + key, "required");
        }
        return v;
    }
}
