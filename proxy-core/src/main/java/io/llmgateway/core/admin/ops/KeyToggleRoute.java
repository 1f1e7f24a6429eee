package io.llmgateway.core.admin.ops;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminBody;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /keys/{id}/enable} and {@code POST /keys/{id}/disable}: takes a provider key out of
 * rotation and puts it back ({@link KeyStateRegistry#disable}, {@link KeyStateRegistry#enable}).
 * A key disabled here stays disabled across reloads while its id is in the config. Answers
 * {@code {"provider":"openai","key":"k1","enabled":false}}; the audit line names the key.
 *
 * <p>Disabling may carry a body {@code {"reason":"..."}}: shown as the key's reason in
 * {@code GET /providers} and logged with the change.
 */
final class KeyToggleRoute {

    private static final int MAX_REASON = 200;

    private final Supplier<GatewayConfig> config;
    private final KeyStateRegistry keys;

    KeyToggleRoute(Supplier<GatewayConfig> config, KeyStateRegistry keys) {
        this.config = config;
        this.keys = keys;
    }

    AdminResponse enable(AdminRequest request) {
        ProviderKeyRef ref = ProviderKeyRef.resolve(config.get(), request.pathParam("id"));
        noBody(request);
        if (!ref.key().enabled()) {
            throw new AdminException(GatewayError.CONFLICT, "key '" + ref.label() + "' is disabled in the config "
                    + "(enabled: false, or its secret is empty); change the config to use it", "id");
        }
        if (!keys.enable(ref.provider(), ref.key().id())) {
            throw AdminException.notFound("provider key", ref.label());
        }
        return answer(ref, true).audited("enabled provider key " + ref.label());
    }

    AdminResponse disable(AdminRequest request) {
        ProviderKeyRef ref = ProviderKeyRef.resolve(config.get(), request.pathParam("id"));
        String reason = reason(request);
        if (!keys.disable(ref.provider(), ref.key().id(), reason == null ? null : "disabled by an administrator: "
                + reason)) {
            throw AdminException.notFound("provider key", ref.label());
        }
        return answer(ref, false).audited("disabled provider key " + ref.label());
    }

    private static AdminResponse answer(ProviderKeyRef ref, boolean enabled) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", ref.provider());
        out.put("key", ref.key().id());
        out.put("enabled", enabled);
        return AdminResponse.ok(out);
    }

    /** The optional reason of a disable; null when the body is empty or has none. */
    private static String reason(AdminRequest request) {
        if (request.body().length == 0) {
            return null;
        }
        AdminBody body = request.jsonBody();
        String reason = body.optionalString("reason");
        body.finish();
        if (reason == null) {
            return null;
        }
        if (reason.isBlank() || reason.length() > MAX_REASON) {
            throw AdminException.invalid("reason", "'reason' must have 1 to " + MAX_REASON
                    + " characters, got " + (reason.isBlank() ? "none but spaces" : reason.length()));
        }
        // It goes into the log: one line, so that it cannot forge another.
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw AdminException.invalid("reason", "'reason' must be one line without control characters");
        }
        return reason;
    }

    /** Enabling takes no options: an empty body, or an empty object. */
    private static void noBody(AdminRequest request) {
        if (request.body().length != 0) {
            request.jsonBody().finish();
        }
    }
}
