package io.llmgateway.adapters.azure;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.PassThroughTranslator;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Azure OpenAI. Same bodies as OpenAI; differs in URL and credential:
 * <ul>
 *   <li>classic: {@code /openai/deployments/{deployment}/chat/completions?api-version=2024-10-21},
 *       the deployment looked up in {@code deployments} by upstream model (default: the model name
 *       itself), {@code api-version} from {@code api_version} or {@link #DEFAULT_API_VERSION};</li>
 *   <li>{@code azure_v1: true}: {@code /openai/v1/chat/completions}, the deployment name spliced
 *       into the body's {@code model}, {@code api-version} only when configured (e.g. {@code preview});</li>
 *   <li>{@code api-key: <secret>}, or {@code Authorization: Bearer} (Entra ID token) with
 *       {@code auth_mode: bearer};</li>
 *   <li>{@code /v1/responses} always goes to {@code /openai/v1/responses} (the API is GA only there),
 *       the deployment name in the body's {@code model}, {@code api-version} only when {@code azure_v1}
 *       and configured;</li>
 *   <li>on a classic {@code api-version} older than 2024-09-01-preview, a body with
 *       {@code stream_options} or {@code max_completion_tokens} rewritten ({@link ApiVersionGate}).</li>
 *   <li>images and audio under the deployment like chat; files and batches under the resource
 *       ({@code /openai/files}, {@code /openai/batches}); no moderations.</li>
 * </ul>
 * Chat, completions and embeddings go through {@link PassThroughTranslator}: bytes relayed, the
 * content-filter-only first stream chunk dropped, Azure's error bodies normalised. The other
 * operations (binary audio, files) are relayed as Azure sends them.
 */
public final class AzureAdapter implements ProviderAdapter {

    public static final String TYPE = "azure";

    /** The newest GA inference api-version in the reference (section 2.1). */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?|preview|latest");

    private final Clock clock;

    public AzureAdapter() {
        this(Clock.systemUTC());
    }

    public AzureAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint != Endpoint.MODERATIONS; // Azure OpenAI has no moderations API (content filters instead)
    }

    /** Files and batches belong to the resource, not to a deployment: {@code /openai/files}, {@code /openai/batches}. */
    private static boolean resourceLevel(Endpoint endpoint) {
        return endpoint == Endpoint.FILES || endpoint == Endpoint.BATCHES;
    }

    /** The operations that existed before this gateway relayed the rest of the API: their errors are translated. */
    private static boolean translated(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS
                || endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        List<String> problems = new ArrayList<>(2);
        PassThrough.checkAuthMode(settings, problems, "api_key", "bearer");
        String v = settings.apiVersion();
        if (v != null && !API_VERSION.matcher(v).matches()) {
            problems.add("api_version: " + v + " (expected: a date like " + DEFAULT_API_VERSION
                    + ", optionally with -preview, or preview/latest)");
        }
        for (Map.Entry<String, String> e : settings.deployments().entrySet()) {
            if (e.getValue().isBlank()) {
                problems.add("deployments." + e.getKey() + ": empty deployment name");
            }
        }
        return problems;
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) {
        ProviderSettings p = request.provider();
        String deployment = p.deployments().getOrDefault(request.upstreamModel(), request.upstreamModel());
        String base = stripSuffix(stripSuffix(p.basePath(), "/openai/v1"), "/openai");
        StringBuilder target = new StringBuilder(base.length() + 96).append(base);
        String bodyModel;
        boolean olderApiVersion = false;
        if (p.azureV1() || request.endpoint() == Endpoint.RESPONSES) {
            // The Responses API is GA only on the v1 path: the deployment goes in the body's model.
            target.append("/openai/v1").append(request.endpoint().suffix()).append(request.pathTail());
            if (p.azureV1()) {
                // A classic provider's dated api-version means nothing on the v1 path.
                Urls.param(target, "api-version", p.apiVersion());
            }
            bodyModel = deployment;
        } else {
            String apiVersion = p.apiVersion() != null ? p.apiVersion() : DEFAULT_API_VERSION;
            if (resourceLevel(request.endpoint())) {
                target.append("/openai");
            } else {
                target.append("/openai/deployments/").append(Urls.segment(deployment));
            }
            target.append(request.endpoint().suffix()).append(request.pathTail());
            Urls.param(target, "api-version", apiVersion);
            // Azure routes by the path; the body's model is set to the upstream name for consistency.
            bodyModel = request.upstreamModel();
            olderApiVersion = ApiVersionGate.predatesStreamOptions(apiVersion);
        }
        Urls.query(target, p.query());
        HeaderList headers = new HeaderList();
        if ("bearer".equals(p.authMode())) {
            headers.bearer(request.secret());
        } else {
            headers.add("api-key", request.secret());
        }
        headers.addAll(p.headers());
        // Versions before stream_options cannot be asked for a stream's usage: those streams are estimated.
        boolean askForUsage = !olderApiVersion && PassThrough.shouldAskForUsage(request);
        ByteBuf body = olderApiVersion && ApiVersionGate.mayNeedRewrite(request.body())
                ? ApiVersionGate.rewrite(request, bodyModel)
                : PassThrough.body(request, bodyModel, askForUsage);
        if (!translated(request.endpoint())) {
            return new UpstreamCall(request.method(), target.toString(), headers.build(), body, null, false);
        }
        return new UpstreamCall(request.method(), target.toString(), headers.build(), body,
                new PassThroughTranslator(p.id(), clock, askForUsage), askForUsage);
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }
}
