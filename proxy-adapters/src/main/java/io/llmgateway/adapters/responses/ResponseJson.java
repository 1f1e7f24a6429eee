package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the JSON of the Responses API's objects straight into a buffer: the Response object,
 * its output items and its usage, in the shapes OpenAI's SDKs parse (every field their models
 * require present, {@code null} where OpenAI answers null). Shared by the non-stream body and
 * the stream's events; strings are escaped by the loop's generator ({@link StreamScratch}).
 * Stateless.
 */
final class ResponseJson {

    private static final byte[] RESPONSE_ID = ascii("{\"id\":");
    private static final byte[] OBJECT_CREATED_AT = ascii(",\"object\":\"response\",\"created_at\":");
    private static final byte[] STATUS = ascii(",\"status\":\"");
    private static final byte[] NO_INCOMPLETE_DETAILS = ascii("\",\"incomplete_details\":null");
    private static final byte[] INCOMPLETE_DETAILS = ascii("\",\"incomplete_details\":{\"reason\":\"");
    private static final byte[] MODEL = ascii(",\"model\":");
    private static final byte[] OUTPUT = ascii(",\"output\":[");
    private static final byte[] USAGE = ascii("],\"usage\":");
    private static final byte[] NULL = ascii("null");

    private static final byte[] MESSAGE_ID = ascii("{\"id\":");
    private static final byte[] MESSAGE_STATUS = ascii(",\"type\":\"message\",\"status\":\"");
    private static final byte[] MESSAGE_CONTENT = ascii("\",\"role\":\"assistant\",\"content\":[");
    private static final byte[] TEXT_PART = ascii("{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":");
    private static final byte[] CALL_ID = ascii("{\"id\":");
    private static final byte[] CALL_STATUS = ascii(",\"type\":\"function_call\",\"status\":\"");
    private static final byte[] CALL_CALL_ID = ascii("\",\"call_id\":");
    private static final byte[] CALL_NAME = ascii(",\"name\":");
    private static final byte[] CALL_ARGUMENTS = ascii(",\"arguments\":");

    private static final byte[] INPUT_TOKENS = ascii("{\"input_tokens\":");
    private static final byte[] CACHED_TOKENS = ascii(",\"input_tokens_details\":{\"cached_tokens\":");
    private static final byte[] OUTPUT_TOKENS = ascii("},\"output_tokens\":");
    private static final byte[] REASONING_TOKENS = ascii(",\"output_tokens_details\":{\"reasoning_tokens\":");
    private static final byte[] TOTAL_TOKENS = ascii("},\"total_tokens\":");

    private ResponseJson() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A whole Response object.
     *
     * @param incompleteReason {@code max_output_tokens} or {@code content_filter} when {@code status}
     *                         is {@code incomplete}; else null
     * @param itemStatus       the status of every item in {@code items}
     * @param usage            null while the answer is not complete
     */
    static void response(ByteBuf out, StreamScratch s, ResponseMeta meta, String status, String incompleteReason,
            List<OutputItem> items, String itemStatus, UsageCounts usage) throws IOException {
        out.writeBytes(RESPONSE_ID);
        s.writeString(out, meta.responseId());
        out.writeBytes(OBJECT_CREATED_AT);
        writeLong(out, meta.createdAt());
        out.writeBytes(STATUS);
        out.writeCharSequence(status, StandardCharsets.US_ASCII);
        if (incompleteReason == null) {
            out.writeBytes(NO_INCOMPLETE_DETAILS);
        } else {
            out.writeBytes(INCOMPLETE_DETAILS);
            out.writeCharSequence(incompleteReason, StandardCharsets.US_ASCII);
            out.writeByte('"').writeByte('}');
        }
        out.writeBytes(MODEL);
        s.writeString(out, meta.model());
        out.writeBytes(meta.echo().fragment());
        out.writeBytes(OUTPUT);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            item(out, s, items.get(i), itemStatus, true);
        }
        out.writeBytes(USAGE);
        if (usage == null) {
            out.writeBytes(NULL);
        } else {
            usage(out, usage);
        }
        out.writeByte('}');
    }

    /** An output item; {@code withContent} false writes a message's content as {@code []} (just added). */
    static void item(ByteBuf out, StreamScratch s, OutputItem item, String status, boolean withContent)
            throws IOException {
        if (item.isMessage()) {
            out.writeBytes(MESSAGE_ID);
            s.writeString(out, item.id);
            out.writeBytes(MESSAGE_STATUS);
            out.writeCharSequence(status, StandardCharsets.US_ASCII);
            out.writeBytes(MESSAGE_CONTENT);
            if (withContent) {
                textPart(out, s, item);
            }
            out.writeByte(']').writeByte('}');
            return;
        }
        out.writeBytes(CALL_ID);
        s.writeString(out, item.id);
        out.writeBytes(CALL_STATUS);
        out.writeCharSequence(status, StandardCharsets.US_ASCII);
        out.writeBytes(CALL_CALL_ID);
        s.writeString(out, item.callId);
        out.writeBytes(CALL_NAME);
        s.writeString(out, item.name);
        out.writeBytes(CALL_ARGUMENTS);
        if (withContent) {
            item.content.writeString(out);
        } else {
            out.writeByte('"').writeByte('"');
        }
        out.writeByte('}');
    }

    /** The {@code output_text} part of a message, with its text so far. */
    static void textPart(ByteBuf out, StreamScratch s, OutputItem message) throws IOException {
        out.writeBytes(TEXT_PART);
        message.content.writeString(out);
        out.writeByte('}');
    }

    /** The Responses API's {@code usage} object (every count present, as the SDKs require). */
    static void usage(ByteBuf out, UsageCounts u) {
        out.writeBytes(INPUT_TOKENS);
        writeLong(out, u.prompt);
        out.writeBytes(CACHED_TOKENS);
        writeLong(out, Math.max(0, u.cached));
        out.writeBytes(OUTPUT_TOKENS);
        writeLong(out, u.completion);
        out.writeBytes(REASONING_TOKENS);
        writeLong(out, Math.max(0, u.reasoning));
        out.writeBytes(TOTAL_TOKENS);
        writeLong(out, u.totalOrSum());
        out.writeByte('}');
    }

    /** Writes a non-negative decimal without a String. */
    static void writeLong(ByteBuf out, long v) {
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            out.writeByte('0' + (int) v);
            return;
        }
        long div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        while (div > 0) {
            out.writeByte('0' + (int) (v / div % 10));
            div /= 10;
        }
    }
}
