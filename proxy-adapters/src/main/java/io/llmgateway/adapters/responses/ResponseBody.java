package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat completion (non-stream) as a Response object: the message's text becomes a
 * {@code message} item with one {@code output_text} part, each tool call a {@code function_call}
 * item; {@code finish_reason: length} makes the Response {@code incomplete} (reason
 * {@code max_output_tokens}), {@code content_filter} likewise (reason {@code content_filter});
 * usage is renamed ({@code prompt_tokens} to {@code input_tokens}...). Once per answer, off the
 * per-event path: the chat body is read as a tree. Stateless.
 */
final class ResponseBody {

    private ResponseBody() {
    }

    /**
     * The Response for {@code chatBody} (borrowed), in a new buffer owned by the caller;
     * {@code usage} receives the answer's token counts.
     */
    static ByteBuf fromChat(ByteBuf chatBody, ResponseEcho echo, String provider, UsageCounts usage,
            ByteBufAllocator alloc) throws TranslationException {
        Map<String, Object> chat = JsonTree.responseObject(chatBody, provider);
        if (chat == null) {
            throw new TranslationException(provider + ": the chat answer is not a JSON object");
        }
        String chatId = JsonTree.asString(chat.get("id"));
        if (chatId == null) {
            chatId = "chatcmpl-gateway";
        }
        String model = JsonTree.asString(chat.get("model"));
        ResponseMeta meta = new ResponseMeta(ResponseMeta.responseId(chatId),
                JsonTree.asLong(chat.get("created"), System.currentTimeMillis() / 1000),
                model == null ? "" : model, echo);
        List<OutputItem> items = new ArrayList<>(2);
        String finishReason = null;
        List<Object> choices = JsonTree.asArray(chat.get("choices"));
        Map<String, Object> choice = choices == null || choices.isEmpty() ? null : JsonTree.asObject(choices.get(0));
        if (choice != null) {
            finishReason = JsonTree.asString(choice.get("finish_reason"));
            Map<String, Object> message = JsonTree.asObject(choice.get("message"));
            if (message != null) {
                try {
                    outputItems(message, chatId, items, StreamScratch.get());
                } catch (IOException e) {
                    StreamScratch.get().discardGenerator();
                    throw new TranslationException(provider + ": the answer's text could not be escaped: "
                            + e.getMessage());
                }
            }
        }
        readUsage(JsonTree.asObject(chat.get("usage")), usage);
        String incomplete = IncompleteReason.of(finishReason);
        ByteBuf out = alloc.buffer(512);
        StreamScratch s = StreamScratch.get();
        boolean ok = false;
        try {
            ResponseJson.response(out, s, meta, incomplete == null ? "completed" : "incomplete", incomplete, items,
                    "completed", usage);
            ok = true;
        } catch (IOException e) {
            throw new TranslationException(provider + ": the answer could not be written as a Response: "
                    + e.getMessage());
        } finally {
            if (!ok) {
                s.discardGenerator();
                out.release();
            }
        }
        return out;
    }

    private static void outputItems(Map<String, Object> message, String chatId, List<OutputItem> items,
            StreamScratch s) throws IOException {
        String content = JsonTree.asString(message.get("content"));
        if (content == null) {
            content = JsonTree.asString(message.get("refusal"));
        }
        if (content != null && !content.isEmpty()) {
            OutputItem text = OutputItem.message(ResponseMeta.messageId(chatId), items.size());
            text.content.append(content, s);
            items.add(text);
        }
        List<Object> calls = JsonTree.asArray(message.get("tool_calls"));
        if (calls == null) {
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            Map<String, Object> call = JsonTree.asObject(calls.get(i));
            Map<String, Object> function = call == null ? null : JsonTree.asObject(call.get("function"));
            if (function == null) {
                continue;
            }
            String id = JsonTree.asString(call.get("id"));
            String name = JsonTree.asString(function.get("name"));
            OutputItem item = OutputItem.functionCall(id == null ? chatId + '_' + i : id, name == null ? "" : name,
                    items.size(), i);
            String arguments = JsonTree.asString(function.get("arguments"));
            item.content.append(arguments == null ? "{}" : arguments, s);
            items.add(item);
        }
    }

    /** A chat {@code usage} object's counts; left unknown (written as zeros) when the answer had none. */
    private static void readUsage(Map<String, Object> u, UsageCounts usage) {
        if (u == null) {
            return;
        }
        usage.known();
        usage.prompt = Math.max(0, JsonTree.asLong(u.get("prompt_tokens"), 0));
        usage.completion = Math.max(0, JsonTree.asLong(u.get("completion_tokens"), 0));
        usage.total = JsonTree.asLong(u.get("total_tokens"), -1);
        Map<String, Object> prompt = JsonTree.asObject(u.get("prompt_tokens_details"));
        if (prompt != null) {
            usage.cached = JsonTree.asLong(prompt.get("cached_tokens"), -1);
        }
        Map<String, Object> completion = JsonTree.asObject(u.get("completion_tokens_details"));
        if (completion != null) {
            usage.reasoning = JsonTree.asLong(completion.get("reasoning_tokens"), -1);
        }
    }
}
