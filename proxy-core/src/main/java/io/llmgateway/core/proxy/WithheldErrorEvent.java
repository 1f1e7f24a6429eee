package io.llmgateway.core.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.messages.MessagesErrors;
import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.error.ResponsesErrorEvent;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;

/**
 * The gateway's own error event in place of an upstream error event the client may not see, in
 * the dialect of the event it replaces — which is the dialect of the client's stream, relayed or
 * translated:
 *
 * <pre>
 *   data: {"error":{...}}                               -> OpenAI's   data: {"error":{...}}
 *   event: error  {"type":"error","error":{...}}        -> Anthropic's event: error (api_error...)
 *   event: error  {"type":"error","code",...}           -> the Responses API's event: error,
 *   event: response.failed                                 with the replaced event's sequence_number
 * </pre>
 *
 * <p>An Anthropic client reading an OpenAI-shaped event would have it rewritten by the edge
 * ({@code AnthropicErrorShape}) anyway; writing each dialect here keeps the Responses API's, which
 * has no such edge, right. Error paths only: parses the replaced event.
 */
final class WithheldErrorEvent {

    private static final JsonFactory JSON = new JsonFactory();

    private WithheldErrorEvent() {
    }

    /** The event to send instead of {@code replaced} (borrowed), in a new buffer owned by the caller. */
    static ByteBuf replacing(ByteBuf replaced, GatewayError error, String message, ByteBufAllocator alloc) {
        Shape shape = shapeOf(replaced, alloc);
        return switch (shape.dialect) {
            case OPENAI -> OpenAiErrors.sseEvent(alloc, error, message);
            case ANTHROPIC -> MessagesErrors.sseEvent(alloc, MessagesErrors.type(error.status()), message);
            case RESPONSES -> ResponsesErrorEvent.of(alloc, error, message, shape.sequenceNumber);
        };
    }

    private enum Dialect { OPENAI, ANTHROPIC, RESPONSES }

    private record Shape(Dialect dialect, long sequenceNumber) {
    }

    private static Shape shapeOf(ByteBuf event, ByteBufAllocator alloc) {
        boolean named = SseEvents.eventName(event) != null;
        ByteBuf data = SseEvents.data(event, alloc);
        String type = null;
        boolean errorObject = false;
        long sequence = 0;
        if (data != null) {
            try (JsonParser p = JSON.createParser(ByteBufUtil.getBytes(data))) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (name) {
                            case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                            case "error" -> errorObject = v == JsonToken.START_OBJECT;
                            case "sequence_number" -> sequence = v == JsonToken.VALUE_NUMBER_INT
                                    ? Math.max(0, p.getLongValue()) : 0;
                            default -> {
                            }
                        }
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                // Not JSON: the event line alone says which dialect.
            } finally {
                data.release();
            }
        }
        if (!named && type == null) {
            return new Shape(Dialect.OPENAI, 0);
        }
        if ("error".equals(type) && errorObject) {
            return new Shape(Dialect.ANTHROPIC, 0);
        }
        return new Shape(Dialect.RESPONSES, sequence);
    }
}
