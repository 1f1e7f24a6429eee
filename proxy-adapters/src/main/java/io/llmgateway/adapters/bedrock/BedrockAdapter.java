package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.PassThroughTranslator;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS Bedrock, through one of two APIs of {@code bedrock-runtime.{region}.amazonaws.com}, chosen by
 * the provider's {@code api}:
 *
 * <ul>
 * <li>{@code openai} (the default; reference 7.7): {@code POST {base}/chat/completions} (base
 *     {@code /openai/v1} when {@code base_url} has no path) with the client's body, model spliced;
 *     responses relayed by {@link PassThroughTranslator}, which turns AWS error bodies into OpenAI's.
 *     Serves the OpenAI models of Bedrock.</li>
 * <li>{@code converse} (reference 7.3–7.6): {@code POST /model/{modelId}/converse}, or
 *     {@code /converse-stream} for a stream, every Bedrock model; the request translated by
 *     {@link ConverseRequest}, the answer, the binary event stream and errors by
 *     {@link ConverseResponseTranslator}. A {@code base_url} path is kept as a prefix, except the
 *     {@code /openai/v1} of the OpenAI endpoint.</li>
 * </ul>
 *
 * <p>Credentials: a key with an AWS access key id ({@link OutboundRequest#aws()}) signs every
 * request with SigV4 ({@link SigV4Headers}; region from {@code region}, else from the
 * {@code bedrock-runtime.{region}} host); any other key is a Bedrock API key sent as
 * {@code Authorization: Bearer}. Only chat completions exist here.
 */
public final class BedrockAdapter implements ProviderAdapter {

    public static final String TYPE = "bedrock";

    /** {@code api} values. */
    public static final String API_OPENAI = "openai";
    public static final String API_CONVERSE = "converse";

    /** Path of the OpenAI-compatible API on bedrock-runtime, used when base_url has no path. */
    static final String DEFAULT_BASE_PATH = "/openai/v1";

    private final Clock clock;

    public BedrockAdapter() {
        this(Clock.systemUTC());
    }

    public BedrockAdapter(Clock clock) {
        this.clock = clock;
    }

    /** The base URL of a Bedrock provider configured with a region and no {@code base_url}. */
    public static String defaultBaseUrl(String region) {
        return "https://bedrock-runtime." + region + ".amazonaws.com" + DEFAULT_BASE_PATH;
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS;
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        List<String> problems = new ArrayList<>(2);
        PassThrough.checkAuthMode(settings, problems, "bearer");
        String api = settings.api();
        if (api != null && !api.equals(API_OPENAI) && !api.equals(API_CONVERSE)) {
            problems.add("api: " + api + " (expected: " + API_OPENAI + " or " + API_CONVERSE + " for type bedrock)");
        }
        String region = settings.region();
        String host = settings.host();
        if (region != null && host.startsWith("bedrock-runtime.") && !host.startsWith("bedrock-runtime." + region + '.')) {
            problems.add("region: " + region + " does not match base_url host " + host);
        }
        if (region == null && !host.startsWith("bedrock-runtime.") && !host.startsWith("bedrock-runtime-")) {
            problems.add("region: required unless base_url points at a bedrock-runtime host (got " + host + ')');
        }
        return problems;
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException {
        ProviderSettings p = request.provider();
        return API_CONVERSE.equals(p.api()) ? converse(request, p) : openAi(request, p);
    }

    private UpstreamCall openAi(OutboundRequest request, ProviderSettings p) {
        String base = p.basePath().isEmpty() ? DEFAULT_BASE_PATH : p.basePath();
        StringBuilder target = new StringBuilder(base.length() + 24).append(base).append(request.endpoint().suffix());
        Urls.query(target, p.query());
        String pathAndQuery = target.toString();
        ByteBuf body = PassThrough.body(request, request.upstreamModel());
        HeaderList headers = new HeaderList();
        authenticate(headers, request, p, pathAndQuery, body);
        headers.addAll(p.headers());
        return new UpstreamCall("POST", pathAndQuery, headers.build(), body, new PassThroughTranslator(p.id(), clock));
    }

    private UpstreamCall converse(OutboundRequest request, ProviderSettings p) throws RequestRejectedException {
        Map<String, Object> req;
        try {
            req = JsonTree.asObject(JsonTree.parse(request.body()));
        } catch (IOException e) {
            throw new RequestRejectedException("request body is not valid JSON", null);
        }
        if (req == null) {
            throw new RequestRejectedException("request body must be a JSON object", null);
        }
        ConverseRequest.Result translated = ConverseRequest.translate(req, request.upstreamModel());
        boolean stream = request.fields().stream();
        String prefix = p.basePath().endsWith(DEFAULT_BASE_PATH)
                ? p.basePath().substring(0, p.basePath().length() - DEFAULT_BASE_PATH.length()) : p.basePath();
        StringBuilder target = new StringBuilder(prefix.length() + request.upstreamModel().length() + 32)
                .append(prefix).append("/model/").append(Urls.segment(request.upstreamModel()))
                .append(stream ? "/converse-stream" : "/converse");
        Urls.query(target, p.query());
        String pathAndQuery = target.toString();
        ByteBuf body = JsonTree.toByteBuf(translated.body(), request.alloc());
        HeaderList headers = new HeaderList();
        headers.add("accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
        try {
            authenticate(headers, request, p, pathAndQuery, body);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        headers.addAll(p.headers());
        return new UpstreamCall("POST", pathAndQuery, headers.build(), body,
                new ConverseResponseTranslator(p.id(), clock, request.fields().includeUsage(), translated.jsonMode(),
                        request.upstreamModel()));
    }

    /** SigV4 for a key with an AWS credential, else the Bedrock API key as a bearer token. */
    private void authenticate(HeaderList headers, OutboundRequest request, ProviderSettings p, String pathAndQuery,
            ByteBuf body) {
        AwsCredentials aws = request.aws();
        if (aws == null) {
            headers.bearer(request.secret());
            return;
        }
        SigV4Headers.sign(headers, aws, region(p), p.hostHeader(), "POST", pathAndQuery, body, clock.instant());
    }

    /** The signing region: {@code region}, else the one in a {@code bedrock-runtime.{region}.amazonaws.com} host. */
    static String region(ProviderSettings p) {
        if (p.region() != null) {
            return p.region();
        }
        String[] labels = p.host().split("\\.");
        return labels.length > 2 ? labels[1] : "us-east-1";
    }
}
