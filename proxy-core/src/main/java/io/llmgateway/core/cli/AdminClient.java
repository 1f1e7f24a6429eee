package io.llmgateway.core.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The admin API of a running gateway, called from a terminal: {@code --url} (else
 * {@code $LLM_GATEWAY_URL}, else {@code http://127.0.0.1:8080}) and {@code --admin-key} (else
 * {@code $LLM_GATEWAY_ADMIN_KEY}) sent as {@code Authorization: Bearer}.
 *
 * <p>A failed call is an {@link AdminCallException} whose message is one line an operator can act
 * on: the API's own error (status, code, message, param), or why the gateway could not be reached.
 * The admin key is never part of a message, even if an answer were to echo it.
 */
final class AdminClient {

    static final String URL_VARIABLE = "LLM_GATEWAY_URL";
    static final String ADMIN_KEY_VARIABLE = "LLM_GATEWAY_ADMIN_KEY";
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final String API_PATH = "/admin/v1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String adminKey;
    private final HttpClient http;

    private AdminClient(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
        // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade on every plain-text request.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The client the options and the environment describe; an option wins over its variable. */
    static AdminClient from(Arguments args, Function<String, String> env) throws UsageException {
        String url = args.value(Option.URL);
        String source = "--url";
        if (url == null) {
            url = env.apply(URL_VARIABLE);
            source = "$" + URL_VARIABLE;
        }
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        String key = args.value(Option.ADMIN_KEY);
        if (key == null) {
            key = env.apply(ADMIN_KEY_VARIABLE);
        }
        if (key == null || key.isBlank()) {
            throw new UsageException(args.command().word() + " calls the admin API, which needs its key: give "
                    + "--admin-key KEY or set $" + ADMIN_KEY_VARIABLE + " (the gateway's server.admin_api_key)");
        }
        return new AdminClient(checkedBase(url.trim(), source), key.trim());
    }

    private static String checkedBase(String url, String source) throws UsageException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new UsageException(source + ": '" + url + "' is not the gateway's base URL (expected: "
                    + "http://HOST:PORT or https://HOST:PORT, e.g. " + DEFAULT_URL + ")");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Where the admin API is: {@code http://127.0.0.1:8080/admin/v1}. */
    String apiUrl() {
        return base + API_PATH;
    }

    AdminAnswer get(String path) throws AdminCallException, InterruptedException {
        return send(request(path).GET());
    }

    AdminAnswer post(String path, byte[] json) throws AdminCallException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /** A POST without a body (an action such as {@code /reload}). */
    AdminAnswer post(String path) throws AdminCallException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    AdminAnswer delete(String path) throws AdminCallException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** {@code id} as one path segment: characters outside the unreserved set are percent-encoded. */
    static String segment(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~:".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(apiUrl() + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminKey).header("Accept", "application/json");
    }

    private AdminAnswer send(HttpRequest.Builder builder) throws AdminCallException, InterruptedException {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new AdminCallException("cannot connect to the gateway at " + base + ": no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (is --url or $" + URL_VARIABLE + " right?)");
        } catch (HttpTimeoutException e) {
            throw new AdminCallException(request.method() + ' ' + request.uri().getRawPath()
                    + ": the gateway did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new AdminCallException("cannot connect to the gateway at " + base + ": connection refused (is it "
                    + "running, and is --url or $" + URL_VARIABLE + " right?)");
        } catch (IOException e) {
            throw new AdminCallException("cannot reach the gateway at " + base + ": " + redact(String.valueOf(
                    e.getMessage())));
        }
        AdminAnswer answer = new AdminAnswer(response.statusCode(), response.body());
        if (answer.status() >= 300) {
            throw AdminCallException.fromAnswer(request.method() + ' ' + request.uri().getRawPath(), answer,
                    this::redact);
        }
        return answer;
    }

    private String redact(String text) {
        return text.replace(adminKey, "[redacted]");
    }
}
