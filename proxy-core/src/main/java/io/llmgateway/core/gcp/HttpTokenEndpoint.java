package io.llmgateway.core.gcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.core.secrets.SecretMatcher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The token exchange over HTTP with the JDK's {@link HttpClient}, asynchronously: {@code POST
 * token_uri} with {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=...},
 * and {@code {"access_token","expires_in","token_type"}} back (or {@code {"error",
 * "error_description"}} with a 4xx). Each exchange is bounded by {@link #TIMEOUT} (connect and
 * answer), so a token endpoint that is down is a failure within that time, never a hang.
 *
 * <p>The signed assertion is a credential for as long as it is valid (it buys tokens): an
 * {@code error_description} quoting it is withheld from the failure, which goes to the log and to
 * the clients' 503s.
 *
 * <p>The client is created at the first exchange (a gateway without service accounts starts no
 * thread for it). Thread-safe.
 */
final class HttpTokenEndpoint implements TokenEndpoint {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String GRANT_TYPE = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";
    private static final int MAX_BODY_CHARS = 64 * 1024;
    private static final int MAX_DESCRIPTION_CHARS = 200;
    private static final JsonFactory JSON = new JsonFactory();

    private final Executor executor;
    private volatile HttpClient client;

    /** @param executor where the client completes its futures (the refresh thread) */
    HttpTokenEndpoint(Executor executor) {
        this.executor = executor;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor)
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public CompletableFuture<AccessToken> exchange(URI tokenUri, String assertion, long nowMillis) {
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + GRANT_TYPE + "&assertion=" + assertion))
                .build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(new TokenExchangeException("token endpoint " + tokenUri + ": "
                                + describe(error)));
                    }
                    try {
                        return token(tokenUri, response.statusCode(), response.body(), nowMillis,
                                SecretMatcher.of(assertion));
                    } catch (TokenExchangeException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    /**
     * The token of a 200 answer; any other answer as an exception naming its status and OAuth error,
     * without its description when {@code sent} (the assertion's matcher) finds the assertion in it.
     */
    static AccessToken token(URI tokenUri, int status, String body, long nowMillis, SecretMatcher sent)
            throws TokenExchangeException {
        String text = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
        String token = null;
        long expiresIn = -1;
        String error = null;
        String description = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "access_token" -> token = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "expires_in" -> expiresIn = v.isNumeric() ? p.getValueAsLong(-1)
                                : v == JsonToken.VALUE_STRING ? parseLong(p.getText()) : -1;
                        case "error" -> error = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "error_description" -> description = v == JsonToken.VALUE_STRING ? p.getText() : null;
                        default -> p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: said below by what is missing
        }
        if (status != 200) {
            String shown = description == null ? null : sent.foundIn(description)
                    ? "its description quoted the signed assertion and is withheld" : shorten(description);
            String what = error == null ? "no OAuth error in the body" : error
                    + (shown == null ? "" : " (" + shown + ")");
            throw new TokenExchangeException("token endpoint " + tokenUri + " answered " + status + ": " + what);
        }
        if (token == null || token.isEmpty() || expiresIn <= 0) {
            throw new TokenExchangeException("token endpoint " + tokenUri + " answered 200 without "
                    + (token == null || token.isEmpty() ? "an access_token" : "a positive expires_in")
                    + " (expected: {\"access_token\":...,\"expires_in\":3599})");
        }
        long lifetime = expiresIn * 1000;
        return new AccessToken(token, nowMillis + lifetime, lifetime);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shorten(String s) {
        return s.length() > MAX_DESCRIPTION_CHARS ? s.substring(0, MAX_DESCRIPTION_CHARS) + "..." : s;
    }

    static String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
