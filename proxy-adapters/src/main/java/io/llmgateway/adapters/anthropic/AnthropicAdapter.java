package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.LegacyCompletions;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Anthropic Messages API: {@code POST {base}/messages} (base defaults to {@code /v1}),
 * {@code x-api-key} (or {@code Authorization: Bearer} with {@code auth_mode: bearer}) and
 * {@code anthropic-version} ({@code api_version}, default {@link #DEFAULT_VERSION}). Chat requests
 * are translated by {@link AnthropicRequest}; responses, streams and errors by
 * {@link AnthropicResponseTranslator}. Legacy {@code /completions} are served through the chat API
 * ({@link LegacyCompletions}); Anthropic has no embeddings.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    public static final String TYPE = "anthropic";

    /** The version every Anthropic SDK sends. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    static final String DEFAULT_BASE_PATH = "/v1";

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Clock clock;

    public AnthropicAdapter() {
        this(Clock.systemUTC());
    }

    public AnthropicAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint != Endpoint.EMBEDDINGS;
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        List<String> problems = new ArrayList<>(2);
        PassThrough.checkAuthMode(settings, problems, "api_key", "bearer");
        String v = settings.apiVersion();
        if (v != null && !VERSION.matcher(v).matches()) {
            problems.add("api_version: " + v + " (expected: an anthropic-version date like " + DEFAULT_VERSION + ')');
        }
        return problems;
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException {
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            throw new RequestRejectedException("/embeddings is not supported by anthropic", null);
        }
        if (request.endpoint().anthropic()) {
            return messages(request);
        }
        ProviderSettings p = request.provider();
        Map<String, Object> req;
        try {
            req = JsonTree.asObject(JsonTree.parse(request.body()));
        } catch (IOException e) {
            throw new RequestRejectedException("request body is not valid JSON", null);
        }
        if (req == null) {
            throw new RequestRejectedException("request body must be a JSON object", null);
        }
        boolean legacy = request.endpoint() == Endpoint.COMPLETIONS;
        if (legacy) {
            req = LegacyCompletions.toChat(req);
        }
        AnthropicRequest.Result translated = AnthropicRequest.translate(req, request.upstreamModel());

        HeaderList headers = credential(request);
        headers.add("anthropic-version", p.apiVersion() != null ? p.apiVersion() : DEFAULT_VERSION);
        headers.addAll(p.headers());
        AnthropicResponseTranslator translator = new AnthropicResponseTranslator(p.id(), clock,
                request.fields().includeUsage(), translated.jsonMode(), request.upstreamModel(), legacy);
        return new UpstreamCall("POST", target(p, Endpoint.MESSAGES), headers.build(),
                JsonTree.toByteBuf(translated.body(), request.alloc()), translator);
    }

    /**
     * A client that speaks Messages itself: its body goes as it came but for the model name; its
     * {@code anthropic-version} and {@code anthropic-beta} headers go through with its other
     * end-to-end headers (the gateway defaults a missing version at the door). A message's answer
     * is relayed by {@link AnthropicMessagesRelay}, which reads its usage; a token count's as is.
     */
    private UpstreamCall messages(OutboundRequest request) {
        ProviderSettings p = request.provider();
        HeaderList headers = credential(request);
        headers.addAll(p.headers());
        AnthropicMessagesRelay relay = request.endpoint() == Endpoint.MESSAGES
                ? new AnthropicMessagesRelay(p.id(), clock) : null;
        return new UpstreamCall("POST", target(p, request.endpoint()), headers.build(),
                PassThrough.body(request, request.upstreamModel()), relay);
    }

    private static String target(ProviderSettings p, Endpoint endpoint) {
        String base = p.basePath().isEmpty() ? DEFAULT_BASE_PATH : p.basePath();
        StringBuilder target = new StringBuilder(base.length() + 32).append(base).append(endpoint.suffix());
        Urls.query(target, p.query());
        return target.toString();
    }

    private static HeaderList credential(OutboundRequest request) {
        HeaderList headers = new HeaderList();
        if ("bearer".equals(request.provider().authMode())) {
            headers.bearer(request.secret());
        } else {
            headers.add("x-api-key", request.secret());
        }
        return headers;
    }
}
