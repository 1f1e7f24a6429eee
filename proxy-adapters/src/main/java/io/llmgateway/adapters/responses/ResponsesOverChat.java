package io.llmgateway.adapters.responses;

import static java.util.Objects.requireNonNull;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.PassThroughTranslator;
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
 * Serves OpenAI's {@code POST /v1/responses} through any adapter, and the operations on stored
 * responses ({@code GET}/{@code DELETE /v1/responses/{id}}, {@code input_items}, {@code cancel})
 * through those that store them. Every other operation goes to the wrapped adapter unchanged.
 *
 * <ul>
 *   <li>{@code openai} and {@code azure} providers have the Responses API: the wrapped adapter
 *       prepares the call as for any OpenAI operation (URL, credential, model splice; the body
 *       otherwise as the client sent it), and the answer is relayed as it comes
 *       ({@link ResponsesPassThrough}). So are the operations on a stored response: the client's
 *       method, the path's id and tail, and its query go through.</li>
 *   <li>Every other provider ({@code openai-compatible}, Anthropic, Gemini, Bedrock): the request
 *       becomes a chat request ({@link ResponsesRequest}), which the wrapped adapter prepares as
 *       any chat request, and its answer comes back as a Response ({@link ResponsesTranslator}).
 *       Such a provider stores nothing: an operation on a stored response is refused.</li>
 * </ul>
 *
 * <pre>
 *   Responses body --ResponsesRequest--> chat body --wrapped.prepare--> UpstreamCall (wrapped translator)
 *                                                      '--ResponsesTranslator wraps it
 * </pre>
 *
 * <p>Stateless and thread-safe, like the adapter it wraps.
 */
public final class ResponsesOverChat implements ProviderAdapter {

    /** The provider types that serve the Responses API themselves. */
    private static final List<String> NATIVE = List.of("openai", "azure");

    private final ProviderAdapter wrapped;
    private final Clock clock;

    public ResponsesOverChat(ProviderAdapter wrapped) {
        this(wrapped, Clock.systemUTC());
    }

    public ResponsesOverChat(ProviderAdapter wrapped, Clock clock) {
        this.wrapped = requireNonNull(wrapped, "wrapped");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The adapter that serves every other operation. */
    public ProviderAdapter wrapped() {
        return wrapped;
    }

    @Override
    public List<String> types() {
        return wrapped.types();
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.RESPONSES ? wrapped.supports(Endpoint.CHAT_COMPLETIONS) : wrapped.supports(endpoint);
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        return wrapped.validate(settings);
    }

    @Override
    public ErrorClassification classifyError(int status, HeaderLookup headers, ByteBuf body) {
        return wrapped.classifyError(status, headers, body);
    }

    /** Whether providers of {@code type} serve the Responses API themselves. */
    public static boolean isNative(String type) {
        return NATIVE.contains(type);
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException {
        if (request.endpoint() != Endpoint.RESPONSES) {
            return wrapped.prepare(request);
        }
        ProviderSettings p = request.provider();
        if (isNative(p.type())) {
            UpstreamCall call = wrapped.prepare(request);
            return new UpstreamCall(call.method(), call.pathAndQuery(), call.headers(), call.body(),
                    new ResponsesPassThrough(chatTranslator(call, p)));
        }
        if (!"POST".equals(request.method()) || !request.pathTail().isEmpty()) {
            throw new RequestRejectedException("provider '" + p.id() + "' is of type " + p.type() + ", which keeps no "
                    + "stored responses (expected: an openai or azure provider)", null);
        }
        Map<String, Object> responses;
        try {
            responses = JsonTree.asObject(JsonTree.parse(request.body()));
        } catch (IOException e) {
            throw new RequestRejectedException("request body is not valid JSON", null);
        }
        if (responses == null) {
            throw new RequestRejectedException("request body must be a JSON object", null);
        }
        ResponsesRequest.Translated translated = ResponsesRequest.toChat(responses, request.upstreamModel());
        ByteBuf chatBody = JsonTree.toByteBuf(translated.chat(), request.alloc());
        UpstreamCall call;
        try {
            RequestFields fields = RequestFieldScanner.scan(chatBody);
            call = wrapped.prepare(new OutboundRequest(Endpoint.CHAT_COMPLETIONS, p, request.upstreamModel(),
                    request.secret(), chatBody, fields, request.alloc(), request.aws()));
        } catch (InvalidRequestBodyException e) {
            throw new IllegalStateException("the translated chat request does not scan: " + e.getMessage(), e);
        } finally {
            chatBody.release(); // the wrapped adapter took its own references
        }
        return new UpstreamCall(call.method(), call.pathAndQuery(), call.headers(), call.body(),
                new ResponsesTranslator(chatTranslator(call, p), p.id(), translated.echo()));
    }

    /** The call's own translator, or the one that reads an OpenAI-shaped answer as it is. */
    private ResponseTranslator chatTranslator(UpstreamCall call, ProviderSettings p) {
        return call.translator() != null ? call.translator() : new PassThroughTranslator(p.id(), clock);
    }
}
