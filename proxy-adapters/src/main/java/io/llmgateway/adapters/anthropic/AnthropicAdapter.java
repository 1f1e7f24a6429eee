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
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS;
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

        String base = p.basePath().isEmpty() ? DEFAULT_BASE_PATH : p.basePath();
        StringBuilder target = new StringBuilder(base.length() + 16).append(base).append("/messages");
        Urls.query(target, p.query());
        HeaderList headers = new HeaderList();
        if ("bearer".equals(p.authMode())) {
            headers.bearer(request.secret());
        } else {
            headers.add("x-api-key", request.secret());
        }
        headers.add("anthropic-version", p.apiVersion() != null ? p.apiVersion() : DEFAULT_VERSION);
        headers.addAll(p.headers());
        AnthropicResponseTranslator translator = new AnthropicResponseTranslator(p.id(), clock,
                request.fields().includeUsage(), translated.jsonMode(), request.upstreamModel(), legacy);
        return new UpstreamCall("POST", target.toString(), headers.build(),
                JsonTree.toByteBuf(translated.body(), request.alloc()), translator);
    }
}
