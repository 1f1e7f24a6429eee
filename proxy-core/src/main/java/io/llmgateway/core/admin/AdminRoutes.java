package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The admin API's route table: each {@link AdminModule} adds its routes when the server starts;
 * after that it is only read (by the dispatcher, on the admin thread). A pattern is a path under
 * {@code /admin/v1} whose segments are literal or {@code {name}}: {@code /virtual-keys/{id}}.
 * Patterns are tried in the order added; literal segments must match exactly.
 */
public final class AdminRoutes {

    private final List<Route> routes = new ArrayList<>();

    /** Adds {@code handler} for {@code method} on {@code pattern}; the same pattern and method twice is a bug. */
    public AdminRoutes add(HttpMethod method, String pattern, AdminHandler handler) {
        requireNonNull(method, "method");
        requireNonNull(handler, "handler");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("an admin route starts with '/': " + pattern);
        }
        String[] segments = segments(pattern);
        for (Route r : routes) {
            if (r.method.equals(method) && r.pattern.equals(pattern)) {
                throw new IllegalStateException("admin route added twice: " + method + " " + pattern);
            }
        }
        routes.add(new Route(method, pattern, segments, handler));
        return this;
    }

    /** Every route as {@code METHOD pattern}, in order (for docs and tests). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.method + " " + r.pattern);
        }
        return out;
    }

    /**
     * Finds the route for {@code path} (under {@code /admin/v1}, without the query).
     *
     * @return the handler with its path parameters; a {@link Lookup} without a handler but with the
     *         methods allowed when the path exists for other methods only; null when no pattern matches
     */
    public Lookup find(HttpMethod method, String path) {
        String[] actual = segments(path);
        StringJoiner allowed = new StringJoiner(", ");
        for (Route r : routes) {
            Map<String, String> params = r.match(actual);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return new Lookup(r.handler, params, null);
            }
            allowed.add(r.method.name());
        }
        return allowed.length() == 0 ? null : new Lookup(null, Map.of(), allowed.toString());
    }

    private static String[] segments(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(1).split("/", -1);
    }

    /**
     * @param handler    the route's handler; null when only other methods are allowed
     * @param pathParams the values of its {@code {name}} segments
     * @param allowed    the methods allowed on this path, for {@code Allow}, when {@code handler} is null
     */
    public record Lookup(AdminHandler handler, Map<String, String> pathParams, String allowed) {
    }

    private record Route(HttpMethod method, String pattern, String[] segments, AdminHandler handler) {

        Map<String, String> match(String[] actual) {
            if (actual.length != segments.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (actual[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new LinkedHashMap<>();
                    }
                    params.put(s.substring(1, s.length() - 1), actual[i]);
                } else if (!s.equals(actual[i])) {
                    return null;
                }
            }
            return params == null ? Map.of() : params;
        }
    }
}
