package io.llmgateway.adapters.responses;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.CharBuf;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a chat-completions event stream, chunk by chunk, into the Responses API's stream as
 * OpenAI's SDKs parse it (named events, each with its {@code type} and {@code sequence_number}):
 *
 * <pre>
 *   first chunk             -> response.created, response.in_progress (status in_progress, no output)
 *   delta.content           -> [closing events of an open call] response.output_item.added (message),
 *                              response.content_part.added; then response.output_text.delta
 *   delta.tool_calls[i]     -> with an id or name: [closing events] response.output_item.added
 *                              (function_call); arguments: response.function_call_arguments.delta
 *   finish_reason           -> the open item's closing events: response.output_text.done,
 *                              response.content_part.done | response.function_call_arguments.done,
 *                              then response.output_item.done
 *   usage chunk             -> kept (the translated request asked for it)
 *   [DONE]                  -> response.completed (response.incomplete on length or content_filter),
 *                              with every output item and the usage (zeros when the provider sent
 *                              none: the SDKs require every count; the gateway then estimates its own)
 *   {"error":...}           -> relayed as is (OpenAI's SDKs raise it); nothing after it
 * </pre>
 *
 * <p>One instance per stream, confined to its event loop. Hot path: each chunk is read with the
 * loop's reused streaming parser ({@link StreamScratch}); a delta's text is appended to its
 * item's char buffer (the {@code .done} events and {@code response.completed} repeat the whole
 * text, so it must be kept) and written from there, escaped, into one output buffer per chunk.
 * Other allocations happen once per stream (ids, model) or once per item.
 */
final class ResponsesStream {

    private static final byte[] CREATED = ResponsesEvents.prefix("response.created");
    private static final byte[] IN_PROGRESS = ResponsesEvents.prefix("response.in_progress");
    private static final byte[] ITEM_ADDED = ResponsesEvents.prefix("response.output_item.added");
    private static final byte[] PART_ADDED = ResponsesEvents.prefix("response.content_part.added");
    private static final byte[] TEXT_DELTA = ResponsesEvents.prefix("response.output_text.delta");
    private static final byte[] TEXT_DONE = ResponsesEvents.prefix("response.output_text.done");
    private static final byte[] PART_DONE = ResponsesEvents.prefix("response.content_part.done");
    private static final byte[] ARGUMENTS_DELTA = ResponsesEvents.prefix("response.function_call_arguments.delta");
    private static final byte[] ARGUMENTS_DONE = ResponsesEvents.prefix("response.function_call_arguments.done");
    private static final byte[] ITEM_DONE = ResponsesEvents.prefix("response.output_item.done");
    private static final byte[] COMPLETED = ResponsesEvents.prefix("response.completed");
    private static final byte[] INCOMPLETE = ResponsesEvents.prefix("response.incomplete");

    private static final byte[] RESPONSE = ResponseJson.ascii(",\"response\":");
    private static final byte[] OUTPUT_INDEX = ResponseJson.ascii(",\"output_index\":");
    private static final byte[] ITEM = ResponseJson.ascii(",\"item\":");
    private static final byte[] ITEM_ID = ResponseJson.ascii(",\"item_id\":");
    private static final byte[] CONTENT_INDEX = ResponseJson.ascii(",\"content_index\":0");
    private static final byte[] EMPTY_PART = ResponseJson.ascii(",\"part\":{\"type\":\"output_text\","
            + "\"annotations\":[],\"logprobs\":[],\"text\":\"\"}");
    private static final byte[] PART = ResponseJson.ascii(",\"part\":");
    private static final byte[] LOGPROBS_DELTA = ResponseJson.ascii(",\"logprobs\":[],\"delta\":");
    private static final byte[] LOGPROBS_TEXT = ResponseJson.ascii(",\"logprobs\":[],\"text\":");
    private static final byte[] DELTA = ResponseJson.ascii(",\"delta\":");
    private static final byte[] NAME = ResponseJson.ascii(",\"name\":");
    private static final byte[] ARGUMENTS = ResponseJson.ascii(",\"arguments\":");
    private static final byte[] EVENT_END = ResponseJson.ascii("}\n\n");

    private final ResponseEcho echo;
    private final UsageCounts usage = new UsageCounts();
    private final List<OutputItem> items = new ArrayList<>(2);
    private ResponseMeta meta;
    private String chatId;
    private String model;
    private long createdAt = -1;
    private int sequence;
    private OutputItem open;
    private String finishReason;
    private boolean done;
    private boolean failed;

    ResponsesStream(ResponseEcho echo) {
        this.echo = echo;
    }

    /** The usage the stream reported (its usage chunk); unknown until then. */
    UsageCounts usage() {
        return usage;
    }

    /** The stream ended with {@code [DONE]}: response.completed (or .incomplete) was written. */
    boolean done() {
        return done;
    }

    /** An error event was relayed: nothing more is. */
    boolean failed() {
        return failed;
    }

    /**
     * Translates one chat event ({@code data: ...\n\n}); returns the Responses events it makes, in a
     * buffer owned by the caller, or null when it makes none. {@code event} is borrowed.
     */
    ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException {
        if (done || failed) {
            return null;
        }
        StreamScratch s = StreamScratch.get();
        if (event.readableBytes() <= 64 && SseEvents.isDone(event)) {
            ByteBuf out = alloc.buffer(1024);
            boolean ok = false;
            try {
                finish(out, s);
                ok = true;
            } finally {
                if (!ok) {
                    s.discardGenerator();
                    out.release();
                }
            }
            return out;
        }
        if (SseEvents.isError(event)) {
            failed = true;
            return event.retainedDuplicate();
        }
        JsonParser p = s.parseEvent(event);
        if (p == null) {
            return null; // a comment or heartbeat
        }
        ByteBuf out = alloc.buffer(256);
        boolean ok = false;
        try {
            chunk(p, s, out);
            s.finish(p);
            ok = true;
        } finally {
            if (!ok) {
                s.discardParser();
                s.discardGenerator();
                out.release();
            }
        }
        if (!out.isReadable()) {
            out.release();
            return null;
        }
        return out;
    }

    private void chunk(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (!StreamScratch.enterObject(p, StreamScratch.next(p))) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            switch (name) {
                case "id" -> chatId = chatId == null && v == JsonToken.VALUE_STRING ? p.getText() : chatId;
                case "model" -> model = model == null && v == JsonToken.VALUE_STRING ? p.getText() : model;
                case "created" -> createdAt = createdAt < 0 && v == JsonToken.VALUE_NUMBER_INT
                        ? p.getLongValue() : createdAt;
                case "choices" -> {
                    if (v != JsonToken.START_ARRAY) {
                        StreamScratch.skip(p);
                        break;
                    }
                    while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
                        start(s, out);
                        choice(p, s, out);
                    }
                }
                case "usage" -> {
                    if (v == JsonToken.START_OBJECT) {
                        UsageReader.read(p, usage);
                    }
                }
                default -> StreamScratch.skip(p);
            }
        }
    }

    /** response.created and response.in_progress, once, before anything else. */
    private void start(StreamScratch s, ByteBuf out) throws IOException {
        if (meta != null) {
            return;
        }
        String id = chatId == null ? "chatcmpl-gateway" : chatId;
        meta = new ResponseMeta(ResponseMeta.responseId(id),
                createdAt >= 0 ? createdAt : System.currentTimeMillis() / 1000, model == null ? "" : model, echo);
        responseEvent(out, s, CREATED, "in_progress", null);
        responseEvent(out, s, IN_PROGRESS, "in_progress", null);
    }

    private void choice(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (!StreamScratch.enterObject(p, p.currentToken())) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            if (name.equals("delta") && v == JsonToken.START_OBJECT) {
                delta(p, s, out);
            } else if (name.equals("finish_reason") && v == JsonToken.VALUE_STRING) {
                finishReason = p.getText();
                close(s, out);
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void delta(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            if ((name.equals("content") || name.equals("refusal")) && v == JsonToken.VALUE_STRING) {
                text(p, s, out);
            } else if (name.equals("tool_calls") && v == JsonToken.START_ARRAY) {
                while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
                    toolCall(p, s, out);
                }
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void text(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (p.getTextLength() == 0) {
            return;
        }
        if (open == null || !open.isMessage()) {
            close(s, out);
            String id = ResponseMeta.messageId(meta.responseId().substring(5));
            open = OutputItem.message(items.isEmpty() ? id : id + '_' + items.size(), items.size());
            items.add(open);
            itemAdded(s, out);
            ResponsesEvents.begin(out, PART_ADDED, sequence++);
            itemRef(s, out);
            out.writeBytes(CONTENT_INDEX).writeBytes(EMPTY_PART).writeBytes(EVENT_END);
        }
        CharBuf text = open.content;
        int from = text.length();
        text.appendText(p);
        ResponsesEvents.begin(out, TEXT_DELTA, sequence++);
        itemRef(s, out);
        out.writeBytes(CONTENT_INDEX).writeBytes(LOGPROBS_DELTA);
        s.writeString(out, text.array(), from, text.length() - from);
        out.writeBytes(EVENT_END);
    }

    private void toolCall(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (!StreamScratch.enterObject(p, p.currentToken())) {
            return;
        }
        int index = 0;
        String id = null;
        String functionName = null;
        CharBuf arguments = s.text2.clear();
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            if (name.equals("index") && v == JsonToken.VALUE_NUMBER_INT) {
                index = p.getIntValue();
            } else if (name.equals("id") && v == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if (name.equals("function") && v == JsonToken.START_OBJECT) {
                String f;
                while ((f = StreamScratch.nextField(p)) != null) {
                    if (f.equals("name") && p.currentToken() == JsonToken.VALUE_STRING) {
                        functionName = p.getText();
                    } else if (f.equals("arguments") && p.currentToken() == JsonToken.VALUE_STRING) {
                        arguments.appendText(p);
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
        boolean sameCall = open != null && !open.isMessage() && open.chatIndex == index
                && (id == null || id.equals(open.callId));
        if (!sameCall) {
            close(s, out);
            String callId = id != null ? id : "call_" + meta.responseId().substring(5) + '_' + index;
            open = OutputItem.functionCall(callId, functionName == null ? "" : functionName, items.size(), index);
            items.add(open);
            itemAdded(s, out);
        }
        if (arguments.isEmpty()) {
            return;
        }
        open.content.append(arguments.array(), 0, arguments.length());
        ResponsesEvents.begin(out, ARGUMENTS_DELTA, sequence++);
        itemRef(s, out);
        out.writeBytes(DELTA);
        s.writeString(out, arguments.array(), 0, arguments.length());
        out.writeBytes(EVENT_END);
    }

    private void itemAdded(StreamScratch s, ByteBuf out) throws IOException {
        ResponsesEvents.begin(out, ITEM_ADDED, sequence++);
        out.writeBytes(OUTPUT_INDEX);
        ResponseJson.writeLong(out, open.outputIndex);
        out.writeBytes(ITEM);
        ResponseJson.item(out, s, open, "in_progress", false);
        out.writeBytes(EVENT_END);
    }

    /** {@code "item_id":...,"output_index":n} of the open item. */
    private void itemRef(StreamScratch s, ByteBuf out) throws IOException {
        out.writeBytes(ITEM_ID);
        s.writeString(out, open.id);
        out.writeBytes(OUTPUT_INDEX);
        ResponseJson.writeLong(out, open.outputIndex);
    }

    /** The closing events of the open item, if any. */
    private void close(StreamScratch s, ByteBuf out) throws IOException {
        if (open == null) {
            return;
        }
        CharBuf content = open.content;
        if (open.isMessage()) {
            ResponsesEvents.begin(out, TEXT_DONE, sequence++);
            itemRef(s, out);
            out.writeBytes(CONTENT_INDEX).writeBytes(LOGPROBS_TEXT);
            s.writeString(out, content.array(), 0, content.length());
            out.writeBytes(EVENT_END);
            ResponsesEvents.begin(out, PART_DONE, sequence++);
            itemRef(s, out);
            out.writeBytes(CONTENT_INDEX).writeBytes(PART);
            ResponseJson.textPart(out, s, open);
            out.writeBytes(EVENT_END);
        } else {
            ResponsesEvents.begin(out, ARGUMENTS_DONE, sequence++);
            itemRef(s, out);
            out.writeBytes(NAME);
            s.writeString(out, open.name);
            out.writeBytes(ARGUMENTS);
            s.writeString(out, content.array(), 0, content.length());
            out.writeBytes(EVENT_END);
        }
        ResponsesEvents.begin(out, ITEM_DONE, sequence++);
        out.writeBytes(OUTPUT_INDEX);
        ResponseJson.writeLong(out, open.outputIndex);
        out.writeBytes(ITEM);
        ResponseJson.item(out, s, open, "completed", true);
        out.writeBytes(EVENT_END);
        open = null;
    }

    private void finish(ByteBuf out, StreamScratch s) throws IOException {
        start(s, out);
        close(s, out);
        String incomplete = IncompleteReason.of(finishReason);
        responseEvent(out, s, incomplete == null ? COMPLETED : INCOMPLETE,
                incomplete == null ? "completed" : "incomplete", incomplete);
        done = true;
    }

    private void responseEvent(ByteBuf out, StreamScratch s, byte[] prefix, String status, String incompleteReason)
            throws IOException {
        ResponsesEvents.begin(out, prefix, sequence++);
        out.writeBytes(RESPONSE);
        boolean last = !status.equals("in_progress");
        ResponseJson.response(out, s, meta, status, incompleteReason, last ? items : List.of(), "completed",
                last ? usage : null);
        out.writeBytes(EVENT_END);
    }
}
