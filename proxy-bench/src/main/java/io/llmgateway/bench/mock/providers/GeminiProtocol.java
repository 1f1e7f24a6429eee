package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockProtocol;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's Gemini API on its two hosts (providers.md 4, 5): AI Studio
 * ({@code /v1beta/models/{model}:method}, key in {@code x-goog-api-key} or {@code ?key=}) and
 * Vertex AI ({@code /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:method},
 * {@code Authorization: Bearer <access token>}; express mode without the project, with a key), and
 * Google's token endpoint when a service account is configured ({@link GoogleTokenEndpoint}, whose
 * tokens Vertex then accepts besides the fixed one).
 * Checks credential, route, method and body as Google does and answers with its statuses and
 * {@code google.rpc.Status} bodies. Thread-safe.
 */
final class GeminiProtocol implements MockProtocol {

    /** A parsed URL path. */
    record Route(boolean vertex, String version, String project, String model, String method) {
    }

    private static final Pattern AI_STUDIO = Pattern.compile("/(v1|v1beta)/models/([^/:]+):([A-Za-z]+)");
    private static final Pattern VERTEX = Pattern.compile(
            "/(v1|v1beta1)/projects/([^/]+)/locations/([^/]+)/publishers/google/models/([^/:]+):([A-Za-z]+)");
    private static final Pattern EXPRESS = Pattern.compile("/(v1|v1beta1)/publishers/google/models/([^/:]+):([A-Za-z]+)");
    private static final Set<String> CHAT = Set.of("generateContent", "streamGenerateContent");

    final MockOptions options;
    final boolean thoughtSignatures;
    final long created = System.currentTimeMillis() / 1000;
    private final String apiKey;
    private final String accessToken;
    private final String project;
    /** Null unless a service account is configured: then its tokens are accepted too. */
    private final GoogleTokenEndpoint tokens;
    private final AtomicLong ids = new AtomicLong();

    GeminiProtocol(MockOptions options, String apiKey, String accessToken, String project, boolean thoughtSignatures,
            GoogleTokenEndpoint tokens) {
        this.options = options;
        this.tokens = tokens;
        this.apiKey = apiKey;
        this.accessToken = accessToken;
        this.project = project;
        this.thoughtSignatures = thoughtSignatures;
    }

    @Override
    public MockExchange read(FullHttpRequest request) {
        if (tokens != null && GoogleTokenEndpoint.handles(request)) {
            return tokens.exchange(request);
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Route route = route(uri.path());
        if (route == null || !request.method().equals(HttpMethod.POST)) {
            return MockExchange.refusal(alloc -> notFoundPage(uri.path(), alloc));
        }
        MockExchange unauthenticated = authenticate(request.headers(), uri, route);
        if (unauthenticated != null) {
            return unauthenticated;
        }
        try {
            boolean embedding = route.model().contains("embedding");
            Set<String> methods = embedding ? (route.vertex() ? Set.of("predict", "embedContent")
                    : Set.of("batchEmbedContents", "embedContent")) : CHAT;
            if (!methods.contains(route.method())) {
                throw new Rejected(404, "models/" + route.model() + " is not found for API version " + route.version()
                        + ", or is not supported for " + route.method() + ". Call ListModels to see the list of "
                        + "available models and their supported methods.", null);
            }
            JsonNode body;
            try {
                body = ProviderJson.parse(request.content());
            } catch (IOException e) {
                throw GeminiRequestCheck.invalidPayload("Invalid JSON payload received. Unexpected token.", null);
            }
            if (embedding) {
                return GeminiEmbeddings.read(this, route, body);
            }
            GeminiRequestCheck.Checked checked = GeminiRequestCheck.check(body, route.vertex(), thoughtSignatures);
            boolean stream = route.method().equals("streamGenerateContent");
            boolean sse = "sse".equals(first(uri, "alt"));
            return new GeminiExchange(this, route, checked, stream, sse, ids.incrementAndGet());
        } catch (Rejected r) {
            return refusal(r);
        }
    }

    @Override
    public MockExchange badMockHeader(String message) {
        return refusal(Rejected.badRequest(message));
    }

    private static MockExchange refusal(Rejected r) {
        return MockExchange.refusal(alloc -> GoogleErrors.response(r.field != null || r.getMessage().startsWith(
                "Invalid JSON payload") ? GoogleErrors.badRequest(r.getMessage(), r.field)
                : GoogleErrors.body(r.status, r.getMessage()), alloc));
    }

    /** The refusal of a request without the right credential, or null. */
    private MockExchange authenticate(HttpHeaders h, QueryStringDecoder uri, Route route) {
        String key = h.get("x-goog-api-key");
        if (key == null) {
            key = first(uri, "key");
        }
        String authorization = h.get("authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()) : null;
        if (route.vertex() && route.project() != null) {
            if (token == null) {
                return refusal(new Rejected(401, key != null
                        ? "API keys are not supported by this API. Expected OAuth2 access token or other "
                                + "authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication"
                        : "Request is missing required authentication credential. Expected OAuth 2 access token, login "
                                + "cookie or other valid authentication credential. See https://developers.google.com/"
                                + "identity/sign-in/web/devconsole-project.", null));
            }
            if (!token.equals(accessToken) && !(tokens != null && tokens.valid(token))) {
                return refusal(new Rejected(401, "Request had invalid authentication credentials. Expected OAuth 2 "
                        + "access token, login cookie or other valid authentication credential. See https://developers."
                        + "google.com/identity/sign-in/web/devconsole-project.", null));
            }
            if (project != null && !project.equals(route.project())) {
                return refusal(new Rejected(403, "Permission 'aiplatform.endpoints.predict' denied on resource "
                        + "'//aiplatform.googleapis.com/projects/" + route.project() + "/locations/.../publishers/"
                        + "google/models/" + route.model() + "' (or it may not exist).", null));
            }
            return null;
        }
        if (key == null && token != null && !route.vertex()) {
            return token.equals(accessToken) ? null : refusal(new Rejected(401, "Request had invalid authentication "
                    + "credentials. Expected OAuth 2 access token, login cookie or other valid authentication "
                    + "credential.", null));
        }
        if (key == null) {
            return refusal(new Rejected(403, "Method doesn't allow unregistered callers (callers without established "
                    + "identity). Please use API Key or other form of API consumer identity to call this API.", null));
        }
        if (!key.equals(apiKey)) {
            String service = route.vertex() ? "aiplatform.googleapis.com" : "generativelanguage.googleapis.com";
            return MockExchange.refusal(alloc -> GoogleErrors.response(GoogleErrors.apiKeyInvalid(service), alloc));
        }
        return null;
    }

    static Route route(String path) {
        Matcher m = AI_STUDIO.matcher(path);
        if (m.matches()) {
            return new Route(false, m.group(1), null, decode(m.group(2)), m.group(3));
        }
        m = VERTEX.matcher(path);
        if (m.matches()) {
            return new Route(true, m.group(1), m.group(2), decode(m.group(4)), m.group(5));
        }
        m = EXPRESS.matcher(path);
        if (m.matches()) {
            return new Route(true, m.group(1), null, decode(m.group(2)), m.group(3));
        }
        return null;
    }

    private static String decode(String segment) {
        return QueryStringDecoder.decodeComponent(segment);
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Google's front end answers an unknown URL with an HTML page, not JSON. */
    private static FullHttpResponse notFoundPage(String path, ByteBufAllocator alloc) {
        String html = "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n"
                + "  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>" + path
                + "</code> was not found on this server.  <ins>That’s all we know.</ins>\n";
        return ProviderHttp.json(404, "text/html; charset=UTF-8", html, alloc);
    }
}
