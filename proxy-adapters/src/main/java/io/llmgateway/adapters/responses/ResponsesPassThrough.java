package io.llmgateway.adapters.responses;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.Json;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.List;

/**
 * Relays a native Responses API answer (OpenAI, Azure) unchanged — the body, and every stream
 * event as a retained duplicate of what the upstream sent (no copy) — while reading what the core
 * needs of it: the usage ({@code usage} of the body, or of the {@code response} in the stream's
 * {@code response.completed} / {@code response.incomplete} / {@code response.failed}) and how the
 * stream ended, since a Responses stream has no {@code [DONE]}:
 *
 * <pre>
 *   response.completed | response.incomplete   -> complete
 *   response.failed | error (or {"error":...}) -> failed: the client has the upstream's error event
 *   neither before the end of the body         -> truncated: the core adds an error event
 * </pre>
 *
 * <p>Errors are OpenAI's (the Responses API shares chat's error body): they are normalised and
 * classified by the wrapped chat translator of the provider ({@code errors}).
 *
 * <p>Hot path: per event, a look at its {@code event:} line (or, without one, at the first bytes
 * of its data); only the three terminal events are parsed. One instance per attempt, confined to
 * its event loop.
 */
final class ResponsesPassThrough implements ResponseTranslator {

    private static final byte[] RESPONSE_DOT = ResponseJson.ascii("response.");
    private static final byte[] COMPLETED = ResponseJson.ascii("completed");
    private static final byte[] INCOMPLETE = ResponseJson.ascii("incomplete");
    private static final byte[] FAILED = ResponseJson.ascii("failed");
    private static final byte[] ERROR = ResponseJson.ascii("error");

    private final ResponseTranslator errors;
    private final UsageCounts usage = new UsageCounts();
    private boolean complete;
    private boolean failed;

    /** @param errors the provider's chat translator, for its error handling only */
    ResponsesPassThrough(ResponseTranslator errors) {
        this.errors = errors;
    }

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
        try (JsonParser p = Json.parser(upstreamBody)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (p.nextToken() == JsonToken.START_OBJECT && name.equals("usage")) {
                        UsageReader.read(p, usage);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // Usage is best effort: the body is relayed as the provider sent it.
        }
        return upstreamBody.retainedDuplicate();
    }

    @Override
    public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) {
        if (complete || failed) {
            return; // nothing follows the end the client already has
        }
        switch (terminal(event)) {
            case COMPLETE -> {
                complete = true;
                readUsage(event);
            }
            case FAILED -> {
                failed = true;
                readUsage(event);
            }
            default -> {
            }
        }
        out.add(event.retainedDuplicate());
    }

    /** COMPLETE, FAILED, or TRUNCATED for an event that does not end the stream. */
    private static StreamEnd terminal(ByteBuf event) {
        int start = event.readerIndex();
        int end = event.writerIndex();
        int at = nameStart(event, start, end);
        if (at < 0) {
            // No event: line: a plain {"error":...} is an error; any other plain message is not an end.
            return SseEvents.isError(event) ? StreamEnd.FAILED : StreamEnd.TRUNCATED;
        }
        if (isName(event, at, end, ERROR)) {
            return StreamEnd.FAILED;
        }
        if (!startsWith(event, at, end, RESPONSE_DOT)) {
            return StreamEnd.TRUNCATED;
        }
        int n = at + RESPONSE_DOT.length;
        if (isName(event, n, end, COMPLETED) || isName(event, n, end, INCOMPLETE)) {
            return StreamEnd.COMPLETE;
        }
        return isName(event, n, end, FAILED) ? StreamEnd.FAILED : StreamEnd.TRUNCATED;
    }

    /** Where the value of the event's leading {@code event:} line starts, or -1 when it has none. */
    private static int nameStart(ByteBuf event, int start, int end) {
        if (end - start < 6 || event.getByte(start) != 'e' || event.getByte(start + 5) != ':') {
            return -1;
        }
        int i = start + 6;
        return i < end && event.getByte(i) == ' ' ? i + 1 : i;
    }

    private static boolean isName(ByteBuf b, int at, int end, byte[] name) {
        if (!startsWith(b, at, end, name)) {
            return false;
        }
        int after = at + name.length;
        return after >= end || b.getByte(after) == '\n' || b.getByte(after) == '\r';
    }

    private static boolean startsWith(ByteBuf b, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b.getByte(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** The {@code response.usage} of a terminal event; best effort, the event is relayed anyway. */
    private void readUsage(ByteBuf event) {
        StreamScratch s = StreamScratch.get();
        try {
            JsonParser p = s.parseEvent(event);
            if (p == null || !StreamScratch.enterObject(p, StreamScratch.next(p))) {
                return;
            }
            String name;
            while ((name = StreamScratch.nextField(p)) != null) {
                if (name.equals("response") && p.currentToken() == JsonToken.START_OBJECT) {
                    String field;
                    while ((field = StreamScratch.nextField(p)) != null) {
                        if (field.equals("usage") && p.currentToken() == JsonToken.START_OBJECT) {
                            UsageReader.read(p, usage);
                        } else {
                            StreamScratch.skip(p);
                        }
                    }
                } else {
                    StreamScratch.skip(p);
                }
            }
            s.finish(p);
        } catch (IOException e) {
            s.discardParser();
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (failed) {
            return StreamEnd.FAILED;
        }
        return complete ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        return errors.translateError(status, headers, body, alloc);
    }

    @Override
    public Usage usage() {
        return usage.toUsage();
    }
}
