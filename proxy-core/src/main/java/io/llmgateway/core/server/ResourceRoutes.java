package io.llmgateway.core.server;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAI operations on stored objects, whose paths carry an id and whose method says what is
 * done: {@code /v1/files}, {@code /v1/batches} and the stored responses below {@code /v1/responses}.
 * {@link RouteDispatch} asks here for a path its table of exact paths does not have.
 *
 * <pre>
 *   GET, POST    /v1/files                  list, upload (multipart, streamed)
 *   GET, DELETE  /v1/files/{id}             retrieve, delete
 *   GET          /v1/files/{id}/content     the file's bytes, streamed
 *   GET, POST    /v1/batches                list, create
 *   GET          /v1/batches/{id}           retrieve
 *   POST         /v1/batches/{id}/cancel    cancel
 *   GET, DELETE  /v1/responses/{id}         retrieve (?stream=true replays its events), delete
 *   GET          /v1/responses/{id}/input_items   its input items, paged by the query
 *   POST         /v1/responses/{id}/cancel  cancel a background response
 * </pre>
 *
 * An id is letters, digits, {@code -}, {@code _} and {@code .} (not {@code .} or {@code ..} alone):
 * it goes into the upstream path as it is, so nothing else is let through. Stateless.
 */
final class ResourceRoutes {

    private static final int MAX_ID_LENGTH = 200;
    private static final Set<String> UPLOAD_PATHS = Arrays.stream(Endpoint.values()).filter(Endpoint::multipart)
            .map(e -> "/v1" + e.suffix()).collect(Collectors.toUnmodifiableSet());

    private static final HttpRoute FILES_GET = HttpRoute.proxied(Endpoint.FILES, HttpMethod.GET);
    private static final HttpRoute FILES_POST = HttpRoute.proxied(Endpoint.FILES, HttpMethod.POST);
    private static final HttpRoute FILES_DELETE = HttpRoute.proxied(Endpoint.FILES, HttpMethod.DELETE);
    private static final HttpRoute BATCHES_GET = HttpRoute.proxied(Endpoint.BATCHES, HttpMethod.GET);
    private static final HttpRoute BATCHES_POST = HttpRoute.proxied(Endpoint.BATCHES, HttpMethod.POST);
    private static final HttpRoute RESPONSES_GET = HttpRoute.proxied(Endpoint.RESPONSES, HttpMethod.GET);
    private static final HttpRoute RESPONSES_POST = HttpRoute.proxied(Endpoint.RESPONSES, HttpMethod.POST);
    private static final HttpRoute RESPONSES_DELETE = HttpRoute.proxied(Endpoint.RESPONSES, HttpMethod.DELETE);

    /**
     * What a path of these operations leads to.
     *
     * @param route the route of the request's method; null when the method is not allowed there
     * @param tail  the path below the operation's own ({@code ""}, {@code "/file-abc/content"})
     * @param allow the methods the path takes, for a 405's {@code Allow}
     */
    record Match(HttpRoute route, String tail, String allow) {
    }

    private ResourceRoutes() {
    }

    /** The route of {@code method} on {@code path} (no query); null when the path is none of these. */
    static Match match(HttpMethod method, String path) {
        if (path.startsWith("/v1/files")) {
            return files(method, path.substring("/v1/files".length()));
        }
        if (path.startsWith("/v1/batches")) {
            return batches(method, path.substring("/v1/batches".length()));
        }
        if (path.startsWith("/v1/responses/")) {
            return responses(method, path.substring("/v1/responses".length()));
        }
        return null;
    }

    /** Whether {@code path} may be one of these operations' (the exact paths aside). */
    static boolean isResourcePath(String path) {
        return path.startsWith("/v1/files") || path.startsWith("/v1/batches") || path.startsWith("/v1/responses/");
    }

    /** Below {@code /v1/responses}: a stored response (its own {@code POST /v1/responses} is an exact path). */
    private static Match responses(HttpMethod method, String tail) {
        String[] parts = segments(tail);
        if (parts == null) {
            return null;
        }
        if (parts.length == 1) {
            return pick(method, tail, "GET, DELETE", RESPONSES_GET, null, RESPONSES_DELETE);
        }
        if (parts[1].equals("input_items")) {
            return pick(method, tail, "GET", RESPONSES_GET, null, null);
        }
        if (parts[1].equals("cancel")) {
            return pick(method, tail, "POST", null, RESPONSES_POST, null);
        }
        return null;
    }

    private static Match files(HttpMethod method, String tail) {
        if (tail.isEmpty()) {
            return pick(method, tail, "GET, POST", FILES_GET, FILES_POST, null);
        }
        String[] parts = segments(tail);
        if (parts == null) {
            return null;
        }
        if (parts.length == 1) {
            return pick(method, tail, "GET, DELETE", FILES_GET, null, FILES_DELETE);
        }
        if (parts.length == 2 && parts[1].equals("content")) {
            return pick(method, tail, "GET", FILES_GET, null, null);
        }
        return null;
    }

    private static Match batches(HttpMethod method, String tail) {
        if (tail.isEmpty()) {
            return pick(method, tail, "GET, POST", BATCHES_GET, BATCHES_POST, null);
        }
        String[] parts = segments(tail);
        if (parts == null) {
            return null;
        }
        if (parts.length == 1) {
            return pick(method, tail, "GET", BATCHES_GET, null, null);
        }
        if (parts.length == 2 && parts[1].equals("cancel")) {
            return pick(method, tail, "POST", null, BATCHES_POST, null);
        }
        return null;
    }

    private static Match pick(HttpMethod method, String tail, String allow, HttpRoute get, HttpRoute post,
            HttpRoute delete) {
        HttpRoute r = HttpMethod.GET.equals(method) ? get
                : HttpMethod.POST.equals(method) ? post
                : HttpMethod.DELETE.equals(method) ? delete : null;
        return new Match(r, tail, allow);
    }

    /** {@code /id} or {@code /id/word} as its segments, the id checked; null for anything else. */
    private static String[] segments(String tail) {
        if (tail.length() < 2 || tail.charAt(0) != '/') {
            return null;
        }
        String[] parts = tail.substring(1).split("/", -1);
        if (parts.length > 2 || !isId(parts[0])) {
            return null;
        }
        return parts;
    }

    static boolean isId(String s) {
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH || s.equals(".") || s.equals("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a request is a multipart upload, streamed through under {@code server.max_upload_bytes}:
     * asked before routing (by {@link RequestLimits}), so from the request line alone.
     */
    static boolean isUpload(HttpMethod method, String uri) {
        if (!HttpMethod.POST.equals(method)) {
            return false;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return UPLOAD_PATHS.contains(path);
    }

    /**
     * The client's query as it goes upstream ({@code ?limit=2&after=x}), or {@code ""}: only
     * visible ASCII, so that it cannot change the request line; null when it has anything else.
     */
    static String query(String uri, int q) {
        if (q < 0) {
            return "";
        }
        for (int i = q + 1; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c > '~' || c == '#') {
                return null;
            }
        }
        return uri.length() == q + 1 ? "" : uri.substring(q);
    }
}
