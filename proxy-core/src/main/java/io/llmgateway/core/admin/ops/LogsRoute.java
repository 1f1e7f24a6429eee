package io.llmgateway.core.admin.ops;

import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminHandler;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.observe.log.RequestLogEntry;
import io.llmgateway.core.observe.log.RequestLogRing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /logs?limit=&provider=&status=&key=}: the last entries of the request log's ring,
 * newest first, as {@code {"data":[entry, ...]}} where each entry is the request-log line as the
 * file sink writes it (README "Request log"). {@code limit} is 1 to the ring's size (default 100,
 * or the ring's size when smaller); {@code provider} and {@code key} (a provider key's or a client
 * key's id) match exactly; {@code status} is an HTTP status. An empty value filters nothing; an
 * unknown or bad parameter is a 400 naming it.
 */
final class LogsRoute implements AdminHandler {

    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("limit", "provider", "status", "key");
    private static final byte[] START = "{\"data\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<RequestLogRing> ring;

    LogsRoute(Supplier<RequestLogRing> ring) {
        this.ring = ring;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        for (String name : request.query().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw AdminException.invalid(name, "unknown query parameter '" + name + "' (expected: one of "
                        + "limit, provider, status, key)");
            }
        }
        RequestLogRing r = ring.get();
        int max = Math.max(1, r.capacity());
        int limit = blank(request.query("limit")) ? Math.min(DEFAULT_LIMIT, max)
                : (int) request.queryLong("limit", DEFAULT_LIMIT, 1, max);
        int status = blank(request.query("status")) ? 0 : (int) request.queryLong("status", 0, 100, 599);
        List<RequestLogEntry> entries = r.read(new RequestLogRing.Filter(limit, text(request, "provider"), status,
                text(request, "key")));
        return new AdminResponse(200, AdminResponse.JSON, json(entries), null);
    }

    /** The entries' own bytes between {@code {"data":[} and {@code ]}}: no entry is parsed again. */
    private static byte[] json(List<RequestLogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 512 * entries.size());
        out.writeBytes(START);
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(entries.get(i).utf8());
        }
        out.writeBytes(END);
        return out.toByteArray();
    }

    private static String text(AdminRequest request, String name) {
        String v = request.query(name);
        return blank(v) ? null : v.trim();
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }
}
