package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Messages API request body the way {@code api.anthropic.com} does, with its messages
 * (providers.md 3.3 and the errors clients report): unknown top-level fields, {@code model} and
 * {@code max_tokens} required, sampling ranges, {@code system} only at the top level, roles
 * {@code user}/{@code assistant} (alternating when asked), non-empty content, every
 * {@code tool_use} answered by a {@code tool_result} in the next turn and no {@code tool_result}
 * without its {@code tool_use}, tools and {@code tool_choice} well formed, thinking budgets.
 */
final class AnthropicRequestCheck {

    /** What the mock needs to answer a valid request. */
    record Checked(String model, boolean stream, JsonNode tool, boolean preface) {
    }

    private static final Set<String> TOP_LEVEL = Set.of("model", "messages", "max_tokens", "system", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "service_tier", "container", "mcp_servers", "context_management", "output_config");
    private static final Pattern TOOL_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicRequestCheck() {
    }

    static Checked check(JsonNode body, boolean alternating) throws Rejected {
        if (!body.isObject()) {
            throw Rejected.badRequest("Input should be a valid dictionary or object to extract fields from");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!TOP_LEVEL.contains(name)) {
                throw Rejected.badRequest(name + ": Extra inputs are not permitted");
            }
        }
        String model = requiredString(body, "model");
        long maxTokens = requiredInteger(body, "max_tokens");
        if (maxTokens < 1) {
            throw Rejected.badRequest("max_tokens: Input should be greater than or equal to 1");
        }
        boolean stream = optionalBoolean(body, "stream");
        range(body, "temperature", 0, 1);
        range(body, "top_p", 0, 1);
        if (body.has("top_k") && (!body.get("top_k").canConvertToExactIntegral() || body.get("top_k").asLong() < 0)) {
            throw Rejected.badRequest("top_k: Input should be a valid integer greater than or equal to 0");
        }
        stopSequences(body.get("stop_sequences"));
        system(body.get("system"));
        metadata(body.get("metadata"));
        thinking(body, maxTokens);
        Map<String, JsonNode> tools = tools(body.get("tools"));
        JsonNode choice = toolChoice(body.get("tool_choice"), tools);
        List<Turn> turns = messages(body.get("messages"), alternating);

        Turn last = turns.get(turns.size() - 1);
        String choiceType = choice == null ? "auto" : choice.get("type").asText();
        if (!last.answered.isEmpty() || tools.isEmpty() || choiceType.equals("none") || last.role.equals("assistant")) {
            return new Checked(model, stream, null, false);
        }
        JsonNode tool = choiceType.equals("tool") ? tools.get(choice.get("name").asText())
                : tools.values().iterator().next();
        return new Checked(model, stream, tool, choiceType.equals("auto"));
    }

    // ---- scalars ----

    private static String requiredString(JsonNode body, String name) throws Rejected {
        JsonNode v = body.get(name);
        if (v == null) {
            throw Rejected.badRequest(name + ": Field required");
        }
        if (!v.isTextual()) {
            throw Rejected.badRequest(name + ": Input should be a valid string");
        }
        return v.asText();
    }

    private static long requiredInteger(JsonNode body, String name) throws Rejected {
        JsonNode v = body.get(name);
        if (v == null) {
            throw Rejected.badRequest(name + ": Field required");
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral()) {
            throw Rejected.badRequest(name + ": Input should be a valid integer");
        }
        return v.asLong();
    }

    private static boolean optionalBoolean(JsonNode body, String name) throws Rejected {
        JsonNode v = body.get(name);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw Rejected.badRequest(name + ": Input should be a valid boolean");
        }
        return v.asBoolean();
    }

    private static void range(JsonNode body, String name, double min, double max) throws Rejected {
        JsonNode v = body.get(name);
        if (v == null) {
            return;
        }
        if (!v.isNumber()) {
            throw Rejected.badRequest(name + ": Input should be a valid number");
        }
        if (v.asDouble() < min) {
            throw Rejected.badRequest(name + ": Input should be greater than or equal to " + (long) min);
        }
        if (v.asDouble() > max) {
            throw Rejected.badRequest(name + ": Input should be less than or equal to " + (long) max);
        }
    }

    private static void stopSequences(JsonNode v) throws Rejected {
        if (v == null) {
            return;
        }
        if (!v.isArray()) {
            throw Rejected.badRequest("stop_sequences: Input should be a valid list");
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw Rejected.badRequest("stop_sequences: Input should be a valid list of strings");
            }
            if (s.asText().isBlank()) {
                throw Rejected.badRequest("stop_sequences: each stop sequence must contain non-whitespace");
            }
        }
    }

    private static void system(JsonNode v) throws Rejected {
        if (v == null || v.isTextual()) {
            return;
        }
        if (!v.isArray()) {
            throw Rejected.badRequest("system: Input should be a valid string or list of text blocks");
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode b = v.get(i);
            if (!"text".equals(b.path("type").asText())) {
                throw Rejected.badRequest("system." + i + ".type: Input should be 'text'");
            }
            if (b.path("text").asText().isEmpty()) {
                throw Rejected.badRequest("system: text content blocks must be non-empty");
            }
        }
    }

    private static void metadata(JsonNode v) throws Rejected {
        if (v == null) {
            return;
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("user_id")) {
                throw Rejected.badRequest("metadata." + name + ": Extra inputs are not permitted");
            }
        }
    }

    private static void thinking(JsonNode body, long maxTokens) throws Rejected {
        JsonNode t = body.get("thinking");
        if (t == null || "disabled".equals(t.path("type").asText())) {
            return;
        }
        if (!"enabled".equals(t.path("type").asText())) {
            throw Rejected.badRequest("thinking.type: Input should be 'enabled' or 'disabled'");
        }
        long budget = t.path("budget_tokens").asLong(-1);
        if (budget < 1024) {
            throw Rejected.badRequest("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        }
        if (budget >= maxTokens) {
            throw Rejected.badRequest("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult "
                    + "our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
        }
        if (body.has("temperature") && body.get("temperature").asDouble() != 1) {
            throw Rejected.badRequest("`temperature` may only be set to 1 when thinking is enabled. Please consult "
                    + "our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking");
        }
        if (body.has("top_k")) {
            throw Rejected.badRequest("`top_k` is not supported when thinking is enabled");
        }
    }

    // ---- tools ----

    /** Tools by name, in order. */
    private static Map<String, JsonNode> tools(JsonNode v) throws Rejected {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw Rejected.badRequest("tools: Input should be a valid list");
        }
        Set<String> allowed = Set.of("name", "description", "input_schema", "cache_control", "type", "strict");
        for (int i = 0; i < v.size(); i++) {
            JsonNode t = v.get(i);
            String p = "tools." + i + ".custom.";
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw Rejected.badRequest(p + name + ": Extra inputs are not permitted");
                }
            }
            String name = t.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                throw Rejected.badRequest(p + "name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
            }
            JsonNode schema = t.get("input_schema");
            if (schema == null) {
                throw Rejected.badRequest(p + "input_schema: Field required");
            }
            if (!"object".equals(schema.path("type").asText())) {
                throw Rejected.badRequest(p + "input_schema.type: Input should be 'object'");
            }
            if (out.put(name, t) != null) {
                throw Rejected.badRequest("tools: Tool names must be unique.");
            }
        }
        return out;
    }

    private static JsonNode toolChoice(JsonNode c, Map<String, JsonNode> tools) throws Rejected {
        if (c == null) {
            return null;
        }
        String type = c.path("type").asText("");
        Set<String> allowed = type.equals("tool") ? Set.of("type", "name", "disable_parallel_tool_use")
                : type.equals("none") ? Set.of("type") : Set.of("type", "disable_parallel_tool_use");
        if (!Set.of("auto", "any", "tool", "none").contains(type)) {
            throw Rejected.badRequest("tool_choice: Input tag '" + type + "' found using 'type' does not match any of "
                    + "the expected tags: 'auto', 'any', 'tool', 'none'");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw Rejected.badRequest("tool_choice." + type + '.' + name + ": Extra inputs are not permitted");
            }
        }
        if (tools.isEmpty() && !type.equals("none")) {
            throw Rejected.badRequest("tool_choice: tool_choice may only be specified while providing tools.");
        }
        if (type.equals("tool") && !tools.containsKey(c.path("name").asText())) {
            throw Rejected.badRequest("tool_choice.tool.name: Tool '" + c.path("name").asText() + "' not found in tools");
        }
        return c;
    }

    // ---- messages ----

    /** One turn after consecutive same-role messages are combined. */
    private static final class Turn {
        final String role;
        final int firstIndex;
        final Set<String> toolUses = new LinkedHashSet<>();
        final Set<String> answered = new HashSet<>();

        Turn(String role, int firstIndex) {
            this.role = role;
            this.firstIndex = firstIndex;
        }
    }

    private static List<Turn> messages(JsonNode v, boolean alternating) throws Rejected {
        if (v == null) {
            throw Rejected.badRequest("messages: Field required");
        }
        if (!v.isArray()) {
            throw Rejected.badRequest("messages: Input should be a valid list");
        }
        if (v.isEmpty()) {
            throw Rejected.badRequest("messages: at least one message is required");
        }
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode m = v.get(i);
            String role = role(m, i);
            if (alternating && i == 0 && !role.equals("user")) {
                throw Rejected.badRequest("messages: first message must use the \"user\" role");
            }
            Turn turn = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (turn != null && turn.role.equals(role)) {
                if (alternating) {
                    throw Rejected.badRequest("messages: roles must alternate between \"user\" and \"assistant\", "
                            + "but found multiple \"" + role + "\" roles in a row");
                }
            } else {
                if (turn != null) {
                    endTurn(turns);
                }
                turn = new Turn(role, i);
                turns.add(turn);
            }
            content(m, i, i == v.size() - 1, turn, turns.size() > 1 ? turns.get(turns.size() - 2) : null);
        }
        endTurn(turns);
        Turn last = turns.get(turns.size() - 1);
        if (!last.toolUses.isEmpty()) {
            throw unanswered(v.size() - 1, last.toolUses);
        }
        return turns;
    }

    /** The turn just read must answer every {@code tool_use} of the turn before it. */
    private static void endTurn(List<Turn> turns) throws Rejected {
        Turn turn = turns.get(turns.size() - 1);
        Turn previous = turns.size() > 1 ? turns.get(turns.size() - 2) : null;
        if (previous == null || previous.toolUses.isEmpty()) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>(previous.toolUses);
        missing.removeAll(turn.answered);
        if (!missing.isEmpty()) {
            throw unanswered(turn.firstIndex - 1, missing);
        }
    }

    private static Rejected unanswered(int index, Set<String> ids) {
        return Rejected.badRequest("messages." + index + ": `tool_use` ids were found without `tool_result` blocks "
                + "immediately after: " + String.join(", ", ids) + ". Each `tool_use` block must have a "
                + "corresponding `tool_result` block in the next message.");
    }

    private static String role(JsonNode m, int i) throws Rejected {
        if (!m.isObject()) {
            throw Rejected.badRequest("messages." + i + ": Input should be a valid dictionary");
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("role") && !name.equals("content")) {
                throw Rejected.badRequest("messages." + i + '.' + name + ": Extra inputs are not permitted");
            }
        }
        String role = m.path("role").asText(null);
        if (role == null) {
            throw Rejected.badRequest("messages." + i + ".role: Field required");
        }
        if (role.equals("system")) {
            throw Rejected.badRequest("messages: Unexpected role \"system\". The Messages API accepts a top-level "
                    + "`system` parameter, not \"system\" as an input message role.");
        }
        if (!role.equals("user") && !role.equals("assistant")) {
            throw Rejected.badRequest("messages." + i + ".role: Input should be 'user' or 'assistant'");
        }
        return role;
    }

    private static void content(JsonNode m, int i, boolean last, Turn turn, Turn previous) throws Rejected {
        JsonNode content = m.get("content");
        String p = "messages." + i;
        boolean finalAssistant = last && turn.role.equals("assistant");
        if (content == null) {
            throw Rejected.badRequest(p + ".content: Field required");
        }
        if (content.isTextual()) {
            if (content.asText().isEmpty() && !finalAssistant) {
                throw Rejected.badRequest(p + ": all messages must have non-empty content except for the optional "
                        + "final assistant message");
            }
            trailingWhitespace(finalAssistant, content.asText());
            return;
        }
        if (!content.isArray()) {
            throw Rejected.badRequest(p + ".content: Input should be a valid string or list of content blocks");
        }
        if (content.isEmpty() && !finalAssistant) {
            throw Rejected.badRequest(p + ": all messages must have non-empty content except for the optional "
                    + "final assistant message");
        }
        boolean sawOther = false;
        for (int j = 0; j < content.size(); j++) {
            JsonNode b = content.get(j);
            String bp = p + ".content." + j;
            String type = b.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!b.path("text").isTextual() || b.get("text").asText().isEmpty()) {
                        throw Rejected.badRequest("messages: text content blocks must be non-empty");
                    }
                    if (finalAssistant && j == content.size() - 1) {
                        trailingWhitespace(true, b.get("text").asText());
                    }
                    sawOther = true;
                }
                case "image" -> {
                    image(b, bp);
                    sawOther = true;
                }
                case "document" -> sawOther = true;
                case "tool_use" -> toolUse(b, bp, turn);
                case "tool_result" -> {
                    if (!turn.role.equals("user")) {
                        throw Rejected.badRequest(bp + ": `tool_result` blocks can only be in `user` messages");
                    }
                    String id = b.path("tool_use_id").asText("");
                    if (previous == null || !previous.toolUses.contains(id)) {
                        throw Rejected.badRequest(bp + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
                                + ". Each `tool_result` block must have a corresponding `tool_use` block in the "
                                + "previous message.");
                    }
                    if (sawOther) {
                        throw Rejected.badRequest(p + ": `tool_result` blocks must come first in the content of a "
                                + "message, before any other block");
                    }
                    toolResultContent(b.get("content"), bp);
                    turn.answered.add(id);
                }
                case "thinking", "redacted_thinking" -> {
                    if (!turn.role.equals("assistant")) {
                        throw Rejected.badRequest(bp + ": thinking blocks can only be in `assistant` messages");
                    }
                }
                default -> throw Rejected.badRequest(bp + ".type: Input tag '" + type + "' found using 'type' does not "
                        + "match any of the expected tags: 'text', 'image', 'document', 'tool_use', 'tool_result', "
                        + "'thinking', 'redacted_thinking'");
            }
        }
    }

    private static void toolUse(JsonNode b, String p, Turn turn) throws Rejected {
        if (!turn.role.equals("assistant")) {
            throw Rejected.badRequest(p + ": `tool_use` blocks can only be in `assistant` messages");
        }
        String id = b.path("id").asText("");
        if (!TOOL_ID.matcher(id).matches()) {
            throw Rejected.badRequest(p + ".tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'");
        }
        if (!b.path("name").isTextual()) {
            throw Rejected.badRequest(p + ".tool_use.name: Field required");
        }
        if (!b.path("input").isObject()) {
            throw Rejected.badRequest(p + ".tool_use.input: Input should be a valid dictionary");
        }
        turn.toolUses.add(id);
    }

    private static void trailingWhitespace(boolean finalAssistant, String text) throws Rejected {
        if (finalAssistant && !text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1))) {
            throw Rejected.badRequest("messages: final assistant content cannot end with trailing whitespace");
        }
    }

    private static void image(JsonNode b, String p) throws Rejected {
        JsonNode source = b.path("source");
        String type = source.path("type").asText("");
        if (type.equals("base64")) {
            if (!MEDIA_TYPES.contains(source.path("media_type").asText())) {
                throw Rejected.badRequest(p + ".image.source.base64.media_type: Input should be 'image/jpeg', "
                        + "'image/png', 'image/gif' or 'image/webp'");
            }
        } else if (!type.equals("url")) {
            throw Rejected.badRequest(p + ".image.source: Input tag '" + type + "' found using 'type' does not match "
                    + "any of the expected tags: 'base64', 'url'");
        }
    }

    private static void toolResultContent(JsonNode c, String p) throws Rejected {
        if (c == null || c.isTextual()) {
            return;
        }
        if (!c.isArray()) {
            throw Rejected.badRequest(p + ".tool_result.content: Input should be a valid string or list");
        }
        for (JsonNode b : c) {
            String type = b.path("type").asText("");
            if (!type.equals("text") && !type.equals("image") && !type.equals("document")) {
                throw Rejected.badRequest(p + ".tool_result.content: blocks must be text, image or document");
            }
        }
    }
}
