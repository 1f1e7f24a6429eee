package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Legacy {@code /v1/completions} on chat-only providers (reference 10.2): the prompt becomes one
 * user message, the chat answer is reshaped as {@code text_completion}. Used by the translating
 * adapters; OpenAI-shaped upstreams serve the endpoint natively.
 */
public final class LegacyCompletions {

    /** OpenAI's {@code max_tokens} default for {@code /v1/completions}; kept so answers are as long as on OpenAI. */
    public static final long DEFAULT_MAX_TOKENS = 16;

    /** Copied to the chat request as they are; the chat translation then decides their fate. */
    private static final Set<String> CARRIED = Set.of("model", "temperature", "top_p", "top_k", "n", "stop", "stream",
            "stream_options", "presence_penalty", "frequency_penalty", "seed", "logit_bias", "user", "max_tokens");

    private LegacyCompletions() {
    }

    /** The chat request equivalent to a legacy completions request. */
    public static Map<String, Object> toChat(Map<String, Object> req) throws RequestRejectedException {
        Object prompt = req.get("prompt");
        String text;
        if (prompt instanceof String s) {
            text = s;
        } else if (JsonTree.asArray(prompt) != null && JsonTree.asArray(prompt).size() == 1
                && JsonTree.asArray(prompt).get(0) instanceof String s) {
            text = s;
        } else {
            throw reject("prompt", "expected a string (several prompts or token ids cannot be sent to a chat-only provider)");
        }
        if (Boolean.TRUE.equals(Requests.bool(req, "echo", "echo"))) {
            throw reject("echo", "not supported by a chat-only provider");
        }
        if (Requests.string(req, "suffix", "suffix") != null) {
            throw reject("suffix", "not supported by a chat-only provider");
        }
        JsonTree.Num bestOf = Requests.number(req, "best_of", "best_of");
        if (bestOf != null && bestOf.asLong() != 1) {
            throw reject("best_of", bestOf + " (expected: 1 on a chat-only provider)");
        }
        JsonTree.Num logprobs = Requests.number(req, "logprobs", "logprobs");
        if (logprobs != null && logprobs.asLong() != 0) {
            throw reject("logprobs", "not supported by a chat-only provider");
        }
        Map<String, Object> chat = JsonTree.object();
        for (Map.Entry<String, Object> e : req.entrySet()) {
            if (CARRIED.contains(e.getKey())) {
                chat.put(e.getKey(), e.getValue());
            }
        }
        if (chat.get("max_tokens") == null || chat.get("max_tokens") == JsonTree.NULL) {
            chat.put("max_tokens", JsonTree.Num.of(DEFAULT_MAX_TOKENS));
        }
        Map<String, Object> message = JsonTree.object();
        message.put("role", "user");
        message.put("content", text);
        List<Object> messages = new ArrayList<>(1);
        messages.add(message);
        chat.put("messages", messages);
        return chat;
    }

    /** Reshapes a {@code chat.completion} tree into a {@code text_completion} one. */
    public static Map<String, Object> toTextCompletion(Map<String, Object> chat) {
        Map<String, Object> out = JsonTree.object();
        String id = (String) chat.get("id");
        out.put("id", id.startsWith("chatcmpl-") ? "cmpl-" + id.substring("chatcmpl-".length()) : id);
        out.put("object", "text_completion");
        out.put("created", chat.get("created"));
        out.put("model", chat.get("model"));
        List<Object> choices = new ArrayList<>();
        for (Object o : JsonTree.asArray(chat.get("choices"))) {
            Map<String, Object> c = JsonTree.asObject(o);
            Object content = JsonTree.path(c, "message", "content");
            Map<String, Object> t = JsonTree.object();
            t.put("text", content instanceof String s ? s : "");
            t.put("index", c.get("index"));
            t.put("logprobs", JsonTree.NULL);
            t.put("finish_reason", c.get("finish_reason"));
            choices.add(t);
        }
        out.put("choices", choices);
        if (chat.get("usage") != null) {
            out.put("usage", chat.get("usage"));
        }
        return out;
    }
}
