package io.llmgateway.adapters.messages;

import static java.util.Objects.requireNonNull;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.PassThroughTranslator;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Serves Anthropic's {@code /v1/messages} through an adapter that speaks chat completions (OpenAI,
 * Azure, Gemini, Bedrock): the Messages request becomes a chat request ({@link MessagesRequest}),
 * which the wrapped adapter prepares as it prepares any chat request, and its answer comes back
 * as Messages ({@link MessagesResponseTranslator}). Every other operation goes to the wrapped
 * adapter unchanged. {@code /v1/messages/count_tokens} is not supported: the gateway estimates it.
 *
 * <pre>
 *   Messages body --MessagesRequest--> chat body --wrapped.prepare--> UpstreamCall (wrapped translator)
 *                                                      '--MessagesResponseTranslator wraps it
 * </pre>
 *
 * <p>Stateless and thread-safe, like the adapter it wraps.
 */
public final class MessagesOverChat implements ProviderAdapter {

    private final ProviderAdapter chat;
    private final Clock clock;

    public MessagesOverChat(ProviderAdapter chat) {
        this(chat, Clock.systemUTC());
    }

    public MessagesOverChat(ProviderAdapter chat, Clock clock) {
        this.chat = requireNonNull(chat, "chat");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The adapter that serves the chat requests. */
    public ProviderAdapter chat() {
        return chat;
    }

    @Override
    public List<String> types() {
        return chat.types();
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return switch (endpoint) {
            case MESSAGES -> chat.supports(Endpoint.CHAT_COMPLETIONS);
            case MESSAGES_COUNT_TOKENS -> false;
            default -> chat.supports(endpoint);
        };
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        return chat.validate(settings);
    }

    @Override
    public ErrorClassification classifyError(int status, HeaderLookup headers, ByteBuf body) {
        return chat.classifyError(status, headers, body);
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException {
        if (request.endpoint() != Endpoint.MESSAGES) {
            if (request.endpoint() == Endpoint.MESSAGES_COUNT_TOKENS) {
                throw new RequestRejectedException("/messages/count_tokens is not supported by "
                        + request.provider().type(), null);
            }
            return chat.prepare(request);
        }
        Map<String, Object> messages;
        try {
            messages = JsonTree.asObject(JsonTree.parse(request.body()));
        } catch (IOException e) {
            throw new RequestRejectedException("request body is not valid JSON", null);
        }
        if (messages == null) {
            throw new RequestRejectedException("request body must be a JSON object", null);
        }
        boolean openAi = OpenAiAdapter.TYPE.equals(request.provider().type());
        ByteBuf chatBody = JsonTree.toByteBuf(MessagesRequest.toChat(messages, request.upstreamModel(), openAi),
                request.alloc());
        UpstreamCall call;
        try {
            RequestFields fields = RequestFieldScanner.scan(chatBody);
            call = chat.prepare(new OutboundRequest(Endpoint.CHAT_COMPLETIONS, request.provider(),
                    request.upstreamModel(), request.secret(), chatBody, fields, request.alloc(), request.aws()));
        } catch (InvalidRequestBodyException e) {
            throw new IllegalStateException("the translated chat request does not scan: " + e.getMessage(), e);
        } finally {
            chatBody.release(); // the wrapped adapter took its own references
        }
        ResponseTranslator chatTranslator = call.translator() != null ? call.translator()
                : new PassThroughTranslator(request.provider().id(), clock);
        return new UpstreamCall(call.method(), call.pathAndQuery(), call.headers(), call.body(),
                new MessagesResponseTranslator(chatTranslator, request.provider().id()));
    }
}
