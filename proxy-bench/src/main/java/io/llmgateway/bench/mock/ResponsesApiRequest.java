package io.llmgateway.bench.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * A request to OpenAI's Responses API ({@code POST .../responses}), reduced to what answering it
 * needs: the model, whether to stream, and the function to call — the first function tool, unless
 * the input already carries a {@code function_call_output} (then the mock answers in text, as a
 * model does once it has the tool's result). Answers with {@link ResponsesApiBodies}. Immutable.
 *
 * @param tool the function tool to call ({@code name}, {@code parameters}), or null to answer in text
 * @param credential who asked: the response is kept as theirs ({@link MockOptions#keepObjects()})
 */
record ResponsesApiRequest(OpenAiProtocol protocol, String model, boolean stream, JsonNode tool, String credential)
        implements MockExchange {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads {@code body} (borrowed); a body that is not a JSON object with a model is OpenAI's 400,
     * and so is a {@code previous_response_id} that {@code credential} did not create (when objects are kept).
     */
    static MockExchange read(OpenAiProtocol protocol, ByteBuf body, String credential) {
        JsonNode req;
        try {
            req = MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
        } catch (IOException e) {
            return protocol.refusal(HttpResponseStatus.BAD_REQUEST,
                    "We could not parse the JSON body of your request. (" + e.getMessage() + ")");
        }
        if (req == null || !req.isObject() || !req.path("model").isTextual()) {
            return protocol.refusal(HttpResponseStatus.BAD_REQUEST, "Missing required parameter: 'model'.");
        }
        if (!req.has("input")) {
            return protocol.refusal(HttpResponseStatus.BAD_REQUEST, "Missing required parameter: 'input'.");
        }
        String previous = req.path("previous_response_id").asText(null);
        if (protocol.objects != null && previous != null && protocol.objects.find(previous, credential) == null) {
            return protocol.refusal(HttpResponseStatus.BAD_REQUEST, "Previous response with id '" + previous
                    + "' not found.");
        }
        JsonNode tool = null;
        for (JsonNode t : req.path("tools")) {
            if ("function".equals(t.path("type").asText())) {
                tool = t;
                break;
            }
        }
        for (JsonNode item : req.path("input")) {
            if ("function_call_output".equals(item.path("type").asText())) {
                tool = null;
            }
        }
        return new ResponsesApiRequest(protocol, req.path("model").asText(), req.path("stream").asBoolean(false), tool,
                credential);
    }

    @Override
    public boolean streaming() {
        return stream;
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        ResponsesApiBodies bodies = bodies(settings);
        return protocol.answers.response(HttpResponseStatus.OK, ByteBufUtil.writeUtf8(alloc, bodies.response()));
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return protocol.answers.response(HttpResponseStatus.valueOf(status), protocol.answers.injectedError(status, alloc));
    }

    @Override
    public FullHttpResponse error(int status, String messageJson, ByteBufAllocator alloc) {
        return protocol.answers.response(HttpResponseStatus.valueOf(status),
                ByteBufUtil.writeUtf8(alloc, OpenAiBodies.errorWithJsonMessage(status, messageJson)));
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        return new ResponsesApiStream(bodies(settings));
    }

    private ResponsesApiBodies bodies(ExchangeSettings settings) {
        String id = "resp_mock" + protocol.nextStreamId();
        if (protocol.objects != null) {
            protocol.objects.created(id, credential, model);
        }
        return new ResponsesApiBodies(id, model, protocol.created, settings.chunks(), settings.cachedTokens(), tool);
    }
}
