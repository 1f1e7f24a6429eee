package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.OverChatTranslator;
import io.llmgateway.adapters.internal.ChatStreamReader;
import io.llmgateway.adapters.internal.EscapedText;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
 * <p>One instance per stream, confined to its event loop. Hot path: the chunk is read by the
 * shared {@link ChatStreamReader}, which keeps the answer's id, model, usage and finish reason; a
 * delta's text, as the provider escaped it, is appended to its item's {@code EscapedText} (the
 * {@code .done} events and {@code response.completed} repeat the whole text, so it must be kept)
 * and copied into one output buffer per chunk. Other allocations happen once per stream (ids,
 * model) or once per item (its ids and its encoded {@code item_id} fragment).
 */
final class ResponsesStream implements ChatStreamReader.Listener, OverChatTranslator.ApiStream {

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
    private final ChatStreamReader reader = new ChatStreamReader(this, 1024, 256);
    private final List<OutputItem> items = new ArrayList<>(2);
    private ResponseMeta meta;
    private int sequence;
    private OutputItem open;
    /** {@code "item_id":...,"output_index":n} of the open item, encoded once per item. */
    private byte[] openRef;

    ResponsesStream(ResponseEcho echo) {
        this.echo = echo;
    }

    /** The usage the stream reported (its usage chunk); unknown until then. */
    @Override
    public UsageCounts usage() {
        return reader.usage();
    }

    /** The stream ended with {@code [DONE]}: response.completed (or .incomplete) was written. */
    @Override
    public boolean done() {
        return reader.done();
    }

    /** An error event was relayed: nothing more is. */
    @Override
    public boolean failed() {
        return reader.failed();
    }

    /**
     * Translates one chat event ({@code data: ...\n\n}); returns the Responses events it makes, in a
     * buffer owned by the caller, or null when it makes none. {@code event} is borrowed.
     */
    @Override
    public ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException {
        return reader.translate(event, alloc);
    }

    @Override
    public void choices(ByteBuf out) {
    }

    /** Every choice is read: response.created and response.in_progress, once, before the first. */
    @Override
    public boolean choice(int position, ByteBuf out) throws IOException {
        start(StreamScratch.get(), out);
        return true;
    }

    private void start(StreamScratch s, ByteBuf out) throws IOException {
        if (meta != null) {
            return;
        }
        String id = reader.id() == null ? "chatcmpl-gateway" : reader.id();
        meta = new ResponseMeta(ResponseMeta.responseId(id),
                reader.created() >= 0 ? reader.created() : System.currentTimeMillis() / 1000,
                reader.model() == null ? "" : reader.model(), echo);
        responseEvent(out, s, CREATED, "in_progress", null);
        responseEvent(out, s, IN_PROGRESS, "in_progress", null);
    }

    @Override
    public void finishReason(ByteBuf out) throws IOException {
        close(StreamScratch.get(), out);
    }

    @Override
    public void text(int kind, ChatStreamReader r, ByteBuf out) throws IOException {
        if (kind == ChatStreamReader.REASONING) {
            return;
        }
        if (open == null || !open.isMessage()) {
            StreamScratch s = StreamScratch.get();
            close(s, out);
            String id = ResponseMeta.messageId(meta.responseId().substring(5));
            open(OutputItem.message(items.isEmpty() ? id : id + '_' + items.size(), items.size()), s, out);
            ResponsesEvents.begin(out, PART_ADDED, sequence++);
            out.writeBytes(openRef).writeBytes(CONTENT_INDEX).writeBytes(EMPTY_PART).writeBytes(EVENT_END);
        }
        r.appendText(open.content);
        ResponsesEvents.begin(out, TEXT_DELTA, sequence++);
        out.writeBytes(openRef).writeBytes(CONTENT_INDEX).writeBytes(LOGPROBS_DELTA);
        r.writeText(out);
        out.writeBytes(EVENT_END);
    }

    @Override
    public void toolCall(ChatStreamReader r, ByteBuf out) throws IOException {
        int index = r.toolIndex();
        String id = r.toolId();
        boolean sameCall = open != null && !open.isMessage() && open.chatIndex == index
                && (id == null || id.equals(open.callId));
        if (!sameCall) {
            StreamScratch s = StreamScratch.get();
            close(s, out);
            String callId = id != null ? id : "call_" + meta.responseId().substring(5) + '_' + index;
            String name = r.toolName();
            open(OutputItem.functionCall(callId, name == null ? "" : name, items.size(), index), s, out);
        }
        if (!r.hasArguments()) {
            return;
        }
        r.appendArguments(open.content);
        ResponsesEvents.begin(out, ARGUMENTS_DELTA, sequence++);
        out.writeBytes(openRef).writeBytes(DELTA);
        r.writeArguments(out);
        out.writeBytes(EVENT_END);
    }

    /** Makes {@code item} the open one and writes its response.output_item.added. */
    private void open(OutputItem item, StreamScratch s, ByteBuf out) throws IOException {
        open = item;
        items.add(item);
        ByteBuf ref = Unpooled.buffer(ITEM_ID.length + item.id.length() + OUTPUT_INDEX.length + 12);
        try {
            ref.writeBytes(ITEM_ID);
            s.writeString(ref, item.id);
            ref.writeBytes(OUTPUT_INDEX);
            ResponseJson.writeLong(ref, item.outputIndex);
            openRef = ByteBufUtil.getBytes(ref);
        } finally {
            ref.release();
        }
        itemAdded(s, out);
    }

    private void itemAdded(StreamScratch s, ByteBuf out) throws IOException {
        ResponsesEvents.begin(out, ITEM_ADDED, sequence++);
        out.writeBytes(OUTPUT_INDEX);
        ResponseJson.writeLong(out, open.outputIndex);
        out.writeBytes(ITEM);
        ResponseJson.item(out, s, open, "in_progress", false);
        out.writeBytes(EVENT_END);
    }

    /** The closing events of the open item, if any. */
    private void close(StreamScratch s, ByteBuf out) throws IOException {
        if (open == null) {
            return;
        }
        EscapedText content = open.content;
        if (open.isMessage()) {
            ResponsesEvents.begin(out, TEXT_DONE, sequence++);
            out.writeBytes(openRef);
            out.writeBytes(CONTENT_INDEX).writeBytes(LOGPROBS_TEXT);
            content.writeString(out);
            out.writeBytes(EVENT_END);
            ResponsesEvents.begin(out, PART_DONE, sequence++);
            out.writeBytes(openRef);
            out.writeBytes(CONTENT_INDEX).writeBytes(PART);
            ResponseJson.textPart(out, s, open);
            out.writeBytes(EVENT_END);
        } else {
            ResponsesEvents.begin(out, ARGUMENTS_DONE, sequence++);
            out.writeBytes(openRef);
            out.writeBytes(NAME);
            s.writeString(out, open.name);
            out.writeBytes(ARGUMENTS);
            content.writeString(out);
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

    @Override
    public void end(ByteBuf out) throws IOException {
        StreamScratch s = StreamScratch.get();
        start(s, out);
        close(s, out);
        String incomplete = IncompleteReason.of(reader.finishReason());
        responseEvent(out, s, incomplete == null ? COMPLETED : INCOMPLETE,
                incomplete == null ? "completed" : "incomplete", incomplete);
    }

    private void responseEvent(ByteBuf out, StreamScratch s, byte[] prefix, String status, String incompleteReason)
            throws IOException {
        ResponsesEvents.begin(out, prefix, sequence++);
        out.writeBytes(RESPONSE);
        boolean last = !status.equals("in_progress");
        ResponseJson.response(out, s, meta, status, incompleteReason, last ? items : List.of(), "completed",
                last ? reader.usage() : null);
        out.writeBytes(EVENT_END);
    }
}
