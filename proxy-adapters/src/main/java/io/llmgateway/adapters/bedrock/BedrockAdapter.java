package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.PassThroughTranslator;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS Bedrock through its OpenAI-compatible Chat Completions endpoint (reference 7.7):
 * {@code POST https://bedrock-runtime.{region}.amazonaws.com/openai/v1/chat/completions} with a
 * Bedrock API key as {@code Authorization: Bearer}. The body is the client's (model spliced); no
 * SigV4. Only chat completions exist there. Responses go through {@link PassThroughTranslator},
 * which relays them and turns AWS error bodies ({@code {"message":...}} + {@code x-amzn-ErrorType})
 * into OpenAI's.
 */
public final class BedrockAdapter implements ProviderAdapter {

    public static final String TYPE = "bedrock";

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
    public UpstreamCall prepare(OutboundRequest request) {
        ProviderSettings p = request.provider();
        String base = p.basePath().isEmpty() ? DEFAULT_BASE_PATH : p.basePath();
        StringBuilder target = new StringBuilder(base.length() + 24).append(base).append(request.endpoint().suffix());
        Urls.query(target, p.query());
        HeaderList headers = new HeaderList().bearer(request.secret()).addAll(p.headers());
        return new UpstreamCall("POST", target.toString(), headers.build(),
                PassThrough.body(request, request.upstreamModel()), new PassThroughTranslator(p.id(), clock));
    }
}
