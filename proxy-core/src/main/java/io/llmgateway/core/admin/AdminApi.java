package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * The admin API behind its two doors (the main listener's {@code /admin/v1/} and
 * {@code server.admin_listen}): checks the admin key, runs the route's handler on the admin
 * thread, turns what it throws into an answer, and writes the audit line of every change.
 *
 * <p>One thread, {@code llm-admin}, runs every handler in turn: changes are serialised without
 * locks in the parts, and no event loop ever waits for a file to be written. Its queue is bounded
 * ({@link #QUEUE}); beyond it a request gets 503 at once.
 *
 * <p>The audit line ({@code admin audit: ...}, logger {@code llm.audit}) names the actor, the
 * client's address, the method, the path, the status and what the change did (the handler's
 * {@link AdminResponse#audit()}); never a body, so never a secret. Reads (GET) are not audited.
 */
public final class AdminApi implements AutoCloseable {

    /** The path prefix of every admin route. */
    public static final String PREFIX = "/admin/v1";
    /** The id of the admin key in audit lines (there is one admin key; it is never logged). */
    public static final String ACTOR = "admin_api_key";
    static final int QUEUE = 64;

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(AdminApi.class);
    private static final InternalLogger AUDIT = InternalLoggerFactory.getInstance("llm.audit");
    private static final String BEARER = "Bearer ";

    private final AdminRoutes routes;
    private final Supplier<String> adminKey;
    private final ThreadPoolExecutor thread;

    /**
     * @param routes   the table, complete (read only from now on)
     * @param adminKey the admin key of the running config, read per request so that a reload
     *                 changes or removes it; empty turns the API off
     */
    public AdminApi(AdminRoutes routes, Supplier<String> adminKey) {
        this.routes = requireNonNull(routes, "routes");
        this.adminKey = requireNonNull(adminKey, "adminKey");
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "llm-admin");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether an admin key is set: without one every admin path is unknown (404). */
    public boolean enabled() {
        return !adminKey.get().isEmpty();
    }

    /**
     * Whether {@code authorization} is {@code Bearer <the admin key>}, compared in constant time.
     * Cheap enough for the event loop.
     */
    public boolean authorized(String authorization) {
        String key = adminKey.get();
        if (key.isEmpty() || authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), presented);
    }

    /** The answer to a request without the right admin key. */
    public static AdminResponse unauthorized() {
        return error(new AdminException(GatewayError.INVALID_API_KEY, "the admin API needs 'Authorization: Bearer "
                + "<server.admin_api_key>'", null));
    }

    /**
     * Runs {@code request} on the admin thread and gives its answer to {@code done} there (the
     * caller hops back to its event loop). When the queue is full, {@code done} gets 503 at once,
     * on the calling thread.
     *
     * @param client the client's address, for the audit line
     */
    public void submit(AdminRequest request, String client, Consumer<AdminResponse> done) {
        try {
            thread.execute(() -> done.accept(handle(request, client)));
        } catch (RejectedExecutionException e) {
            done.accept(error(new AdminException(GatewayError.SERVER_OVERLOADED, "the admin API has " + QUEUE
                    + " requests waiting; try again shortly", null)).withHeader("retry-after", "1"));
        }
    }

    /** Finds the route and runs it on the calling thread (the admin thread, or a test's). */
    public AdminResponse handle(AdminRequest request, String client) {
        AdminResponse response;
        try {
            response = dispatch(request);
        } catch (AdminException e) {
            response = error(e);
        } catch (RuntimeException e) {
            LOG.error("admin {} {} failed", request.method(), PREFIX + request.path(), e);
            response = error(new AdminException(GatewayError.INTERNAL_ERROR, "the admin API failed on this request "
                    + "(the gateway's log has the cause); nothing may have been changed", null));
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            AUDIT.info("admin audit: actor={} client={} {} {}{} -> {}{}", request.actor(), client, request.method(),
                    PREFIX, request.path(), response.status(), response.audit() == null ? "" : ": " + response.audit());
        }
        return response;
    }

    private AdminResponse dispatch(AdminRequest request) {
        AdminRoutes.Lookup found = routes.find(request.method(), request.path());
        if (found == null) {
            throw new AdminException(GatewayError.UNKNOWN_URL, "unknown admin route: " + request.method() + " "
                    + PREFIX + request.path(), null);
        }
        if (found.handler() == null) {
            return error(new AdminException(GatewayError.METHOD_NOT_ALLOWED, "method " + request.method()
                    + " is not allowed here; use " + found.allowed(), null)).withHeader("allow", found.allowed());
        }
        AdminRequest routed = new AdminRequest(request.method(), request.path(), found.pathParams(), request.query(),
                request.body(), request.actor(), request.requestId());
        AdminResponse response = found.handler().handle(routed);
        if (response == null) {
            throw new IllegalStateException("admin handler of " + request.method() + " " + request.path()
                    + " answered null");
        }
        return response;
    }

    /** {@code e} as OpenAI's error shape, with its details beside {@code error}. */
    public static AdminResponse error(AdminException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        error.put("type", e.error().type());
        error.put("param", e.param());
        error.put("code", e.error().code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.putAll(e.details());
        return AdminResponse.json(e.error().status(), body);
    }

    /** Stops the admin thread; a request running finishes, queued ones are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
