package io.llmgateway.adapters.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.ChatChunks;
import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.Json;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.LegacyCompletions;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Gemini / Vertex {@code GenerateContentResponse} → OpenAI Chat Completions (reference 4.4, 4.5,
 * 5.5): the whole body, the {@code alt=sse} stream chunk by chunk, and errors.
 *
 * <p>Stream state machine: the first chunk gives the role chunk (id {@code chatcmpl-<responseId>});
 * each chunk's text parts become one content chunk (thought parts one {@code reasoning_content}
 * chunk), each {@code functionCall} one complete tool-call chunk with a minted id; the chunk with
 * {@code finishReason} (or {@code promptFeedback.blockReason}) gives the one finish chunk, after
 * its content; {@code usageMetadata} is cumulative and the last one wins. Gemini has no terminal
 * event: the usage chunk (if asked) and {@code [DONE]} are written at the end of the body, and a
 * stream that ended without a finish reason is reported as cut short. A {@code {"error":...}}
 * payload becomes an in-stream OpenAI error.
 *
 * <p>One instance per attempt, confined to its event loop. Hot path (a text chunk): parsed by the
 * thread's {@link StreamScratch}, text copied into its char buffers, no String created.
 */
final class GeminiChatTranslator implements ResponseTranslator {

    private final String provider;
    private final Clock clock;
    private final Supplier<String> callIds;
    private final boolean includeUsage;
    private final String fallbackModel;
    private final boolean textCompletion;

    private ChatChunks chunks;
    private int toolCount;
    private boolean finished;
    private boolean failed;
    private final UsageCounts usage = new UsageCounts();
    private long promptCount = -1;
    private long candidatesCount = -1;
    private long thoughtsCount = -1;
    private long totalCount = -1;
    private long cachedCount = -1;

    // Per-event fields.
    private String responseId;
    private String modelVersion;
    private String finishReason;
    private String blockReason;
    private final List<String[]> calls = new ArrayList<>(2);
    private boolean sawError;
    private int errorCode;
    private String errorStatus;
    private String errorMessage;

    GeminiChatTranslator(String provider, Clock clock, Supplier<String> callIds, boolean includeUsage, String fallbackModel,
            boolean textCompletion) {
        this.textCompletion = textCompletion;
        this.provider = provider;
        this.clock = clock;
        this.callIds = callIds;
        this.includeUsage = includeUsage;
        this.fallbackModel = fallbackModel;
    }

    // ---- non-stream ----

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        Map<String, Object> root;
        try {
            root = JsonTree.asObject(JsonTree.parse(upstreamBody));
        } catch (IOException e) {
            throw new TranslationException(provider + ": response is not valid JSON");
        }
        if (root == null) {
            throw new TranslationException(provider + ": response is not a GenerateContentResponse");
        }
        List<Object> choices = new ArrayList<>();
        List<Object> candidates = JsonTree.asArray(root.get("candidates"));
        if (candidates != null) {
            for (int i = 0; i < candidates.size(); i++) {
                Map<String, Object> c = JsonTree.asObject(candidates.get(i));
                if (c != null) {
                    choices.add(choice(c, i));
                }
            }
        }
        if (choices.isEmpty()) {
            if (JsonTree.path(root, "promptFeedback", "blockReason") == null) {
                throw new TranslationException(provider + ": response has neither candidates nor promptFeedback");
            }
            choices.add(choice(null, 0));
        }
        Map<String, Object> um = JsonTree.asObject(root.get("usageMetadata"));
        if (um != null) {
            promptCount = JsonTree.asLong(um.get("promptTokenCount"), -1);
            candidatesCount = JsonTree.asLong(um.get("candidatesTokenCount"), -1);
            thoughtsCount = JsonTree.asLong(um.get("thoughtsTokenCount"), -1);
            totalCount = JsonTree.asLong(um.get("totalTokenCount"), -1);
            cachedCount = JsonTree.asLong(um.get("cachedContentTokenCount"), -1);
            computeUsage();
        }
        Map<String, Object> out = JsonTree.object();
        out.put("id", "chatcmpl-" + (root.get("responseId") instanceof String id ? id : callIds.get()));
        out.put("object", "chat.completion");
        out.put("created", clock.millis() / 1000);
        out.put("model", root.get("modelVersion") instanceof String m ? m : fallbackModel);
        out.put("choices", choices);
        if (usage.isKnown()) {
            out.put("usage", usage.toTree());
        }
        return JsonTree.toByteBuf(textCompletion ? LegacyCompletions.toTextCompletion(out) : out, alloc);
    }

    private Map<String, Object> choice(Map<String, Object> candidate, int position) {
        StringBuilder text = new StringBuilder();
        StringBuilder thoughts = new StringBuilder();
        List<Object> toolCalls = new ArrayList<>();
        String reason = "content_filter";
        long index = position;
        if (candidate != null) {
            index = JsonTree.asLong(candidate.get("index"), position);
            List<Object> parts = JsonTree.asArray(JsonTree.path(candidate, "content", "parts"));
            if (parts != null) {
                for (Object o : parts) {
                    Map<String, Object> part = JsonTree.asObject(o);
                    if (part == null) {
                        continue;
                    }
                    if (part.get("text") instanceof String t) {
                        (Boolean.TRUE.equals(part.get("thought")) ? thoughts : text).append(t);
                    }
                    Map<String, Object> fc = JsonTree.asObject(part.get("functionCall"));
                    if (fc != null) {
                        Map<String, Object> fn = JsonTree.object();
                        fn.put("name", fc.get("name"));
                        fn.put("arguments", JsonTree.toJson(fc.get("args") == null ? JsonTree.object() : fc.get("args")));
                        Map<String, Object> call = JsonTree.object();
                        call.put("id", callId(JsonTree.asString(part.get("thoughtSignature"))));
                        call.put("type", "function");
                        call.put("function", fn);
                        toolCalls.add(call);
                    }
                }
            }
            reason = toolCalls.isEmpty() ? finishReason(JsonTree.asString(candidate.get("finishReason"))) : "tool_calls";
        }
        Map<String, Object> message = JsonTree.object();
        message.put("role", "assistant");
        message.put("content", text.length() > 0 ? text.toString() : JsonTree.NULL);
        message.put("refusal", JsonTree.NULL);
        if (!toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls);
        }
        if (thoughts.length() > 0) {
            message.put("reasoning_content", thoughts.toString());
        }
        Map<String, Object> choice = JsonTree.object();
        choice.put("index", index);
        choice.put("message", message);
        choice.put("logprobs", JsonTree.NULL);
        choice.put("finish_reason", reason);
        return choice;
    }

    private String callId(String thoughtSignature) {
        String id = callIds.get();
        return thoughtSignature == null ? id : id + GeminiContents.SIGNATURE_SEPARATOR + thoughtSignature;
    }

    /**
     * usageMetadata → OpenAI usage (9.2): completion includes thoughts when candidates exclude them
     * (prompt + candidates != total, as observed on AI Studio and Vertex).
     */
    private void computeUsage() {
        usage.known();
        usage.prompt = Math.max(0, promptCount);
        long candidates = Math.max(0, candidatesCount);
        long thoughts = Math.max(0, thoughtsCount);
        usage.completion = totalCount >= 0 && usage.prompt + candidates != totalCount ? candidates + thoughts : candidates;
        usage.total = totalCount >= 0 ? totalCount : usage.prompt + usage.completion;
        usage.cached = cachedCount;
        usage.reasoning = thoughtsCount;
    }

    /** Gemini {@code finishReason} → OpenAI {@code finish_reason} (9.1); tool calls override it. */
    static String finishReason(String r) {
        if (r == null) {
            return "stop";
        }
        return switch (r) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE" -> "content_filter";
            default -> "stop"; // STOP, FINISH_REASON_UNSPECIFIED, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL...
        };
    }

    // ---- stream ----

    @Override
    public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException {
        if (failed) {
            return;
        }
        StreamScratch s = StreamScratch.get();
        try {
            JsonParser p = s.parseEvent(event);
            if (p == null) {
                return; // comment or heartbeat
            }
            read(s, p);
        } catch (IOException | RuntimeException e) {
            s.discardParser();
            throw new TranslationException(provider + ": unreadable stream event", e);
        }
        try {
            act(s, alloc, out);
        } catch (IOException e) {
            s.discardGenerator();
            throw new TranslationException(provider + ": could not write a stream chunk", e);
        }
    }

    private void read(StreamScratch s, JsonParser p) throws IOException {
        s.text.clear();
        s.text2.clear();
        calls.clear();
        finishReason = null;
        blockReason = null;
        sawError = false;
        JsonToken first = StreamScratch.next(p);
        boolean array = first == JsonToken.START_ARRAY;
        if (array) {
            first = StreamScratch.next(p);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new IOException("event data is not an object");
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = StreamScratch.next(p);
            switch (name) {
                case "candidates" -> readCandidates(p, s, v);
                case "usageMetadata" -> readUsage(p, v);
                case "responseId" -> responseId = chunks == null && v == JsonToken.VALUE_STRING ? p.getText() : responseId;
                case "modelVersion" -> modelVersion = chunks == null && v == JsonToken.VALUE_STRING ? p.getText() : modelVersion;
                case "promptFeedback" -> readFeedback(p, v);
                case "error" -> readError(p, v);
                default -> StreamScratch.skip(p);
            }
        }
        if (array) {
            while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
                StreamScratch.skip(p);
            }
        }
        s.finish(p);
    }

    private void readCandidates(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            StreamScratch.skip(p);
            return;
        }
        boolean first = true;
        while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
            if (!first || p.currentToken() != JsonToken.START_OBJECT) {
                StreamScratch.skip(p); // n > 1 is rejected for streams: only the first candidate exists
                continue;
            }
            first = false;
            while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = StreamScratch.next(p);
                if (name.equals("content") && t == JsonToken.START_OBJECT) {
                    while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                        String cn = p.currentName();
                        JsonToken ct = StreamScratch.next(p);
                        if (cn.equals("parts") && ct == JsonToken.START_ARRAY) {
                            while (StreamScratch.next(p) == JsonToken.START_OBJECT) {
                                readPart(p, s);
                            }
                        } else {
                            StreamScratch.skip(p);
                        }
                    }
                } else if (name.equals("finishReason") && t == JsonToken.VALUE_STRING) {
                    finishReason = p.getText();
                } else {
                    StreamScratch.skip(p);
                }
            }
        }
    }

    private void readPart(JsonParser p, StreamScratch s) throws IOException {
        int textStart = s.text.length();
        boolean thought = false;
        String callName = null;
        String callArgs = null;
        String signature = null;
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            switch (name) {
                case "text" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        s.text.appendText(p);
                    }
                }
                case "thought" -> thought = t == JsonToken.VALUE_TRUE;
                case "thoughtSignature" -> signature = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "functionCall" -> {
                    if (t != JsonToken.START_OBJECT) {
                        StreamScratch.skip(p);
                        break;
                    }
                    callArgs = "{}";
                    while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                        String fn = p.currentName();
                        JsonToken ft = StreamScratch.next(p);
                        if (fn.equals("name") && ft == JsonToken.VALUE_STRING) {
                            callName = p.getText();
                        } else if (fn.equals("args") && ft == JsonToken.START_OBJECT) {
                            StringWriter w = new StringWriter(64);
                            try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
                                g.copyCurrentStructure(p);
                            }
                            callArgs = w.toString();
                        } else {
                            StreamScratch.skip(p);
                        }
                    }
                }
                default -> StreamScratch.skip(p);
            }
        }
        if (thought && s.text.length() > textStart) {
            s.text2.append(s.text.array(), textStart, s.text.length() - textStart);
            s.text.setLength(textStart);
        }
        if (callName != null) {
            calls.add(new String[] {callName, callArgs, signature});
        }
    }

    private void readUsage(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        boolean counts = false;
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (t != JsonToken.VALUE_NUMBER_INT) {
                StreamScratch.skip(p);
                continue;
            }
            long n = p.getLongValue();
            switch (name) {
                case "promptTokenCount" -> promptCount = n;
                case "candidatesTokenCount" -> candidatesCount = n;
                case "thoughtsTokenCount" -> thoughtsCount = n;
                case "totalTokenCount" -> totalCount = n;
                case "cachedContentTokenCount" -> cachedCount = n;
                default -> {
                    continue;
                }
            }
            counts = true;
        }
        // Vertex's intermediate chunks carry only trafficType: they leave the counts alone.
        if (counts) {
            computeUsage();
        }
    }

    private void readFeedback(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (name.equals("blockReason") && t == JsonToken.VALUE_STRING) {
                blockReason = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void readError(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        sawError = true;
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (name.equals("code") && t == JsonToken.VALUE_NUMBER_INT) {
                errorCode = p.getIntValue();
            } else if (name.equals("status") && t == JsonToken.VALUE_STRING) {
                errorStatus = p.getText();
            } else if (name.equals("message") && t == JsonToken.VALUE_STRING) {
                errorMessage = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void act(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        if (sawError) {
            failed = true;
            Kind kind = GeminiErrors.kind(errorCode == 0 ? 500 : errorCode, errorStatus, null, errorMessage, false);
            out.add(ErrorMapper.sseEvent(alloc, kind, provider, errorMessage, null));
            return;
        }
        if (finished) {
            return; // only usage may still change after the finish chunk
        }
        if (chunks == null) {
            chunks = new ChatChunks("chatcmpl-" + (responseId != null ? responseId : callIds.get()), clock.millis() / 1000,
                    modelVersion != null ? modelVersion : fallbackModel, includeUsage, textCompletion);
            ChatChunks.add(out, chunks.role(alloc));
        }
        if (!s.text2.isEmpty()) {
            ChatChunks.add(out, chunks.reasoning(alloc, s, s.text2));
        }
        if (!s.text.isEmpty()) {
            ChatChunks.add(out, chunks.content(alloc, s, s.text));
        }
        for (String[] c : calls) {
            out.add(chunks.toolStart(alloc, s, toolCount++, callId(c[2]), c[0], c[1]));
        }
        if (blockReason != null) {
            finished = true;
            out.add(chunks.finish(alloc, "content_filter"));
        } else if (finishReason != null) {
            finished = true;
            out.add(chunks.finish(alloc, toolCount > 0 ? "tool_calls" : finishReason(finishReason)));
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (failed) {
            return StreamEnd.FAILED;
        }
        if (!finished) {
            return StreamEnd.TRUNCATED;
        }
        if (includeUsage && usage.isKnown()) {
            out.add(chunks.usage(alloc, usage));
        }
        out.add(ChatChunks.done(alloc));
        return StreamEnd.COMPLETE;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return GeminiErrors.translate(provider, clock, status, headers, body, alloc);
    }

    @Override
    public Usage usage() {
        return usage.toUsage();
    }
}
