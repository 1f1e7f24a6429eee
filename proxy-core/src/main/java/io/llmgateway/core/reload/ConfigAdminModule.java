package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminModule;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.config.ConfigException;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's config routes, all through {@link ConfigControl}:
 * <pre>
 *   GET  /config           the running document, secrets redacted ({@link RedactedConfig}), its source and version
 *   POST /config/validate  a YAML body validated: problems and warnings, nothing changed
 *   POST /config           a YAML body validated, written to the file atomically, published
 *   POST /reload           the store read again and published
 * </pre>
 * A document that does not validate is answered 400 {@code invalid_config} with the path of its
 * first problem as {@code param} and all of them as {@code problems}; the running configuration
 * stays.
 */
public final class ConfigAdminModule implements AdminModule {

    /** {@code providers[0].keys[1].id (line 7): ...}: the path before the line or the colon. */
    private static final Pattern PROBLEM_PATH = Pattern.compile("^([A-Za-z_][^\\s:(]*)(?: \\(line \\d+\\))?: ");

    private final ConfigControl control;

    public ConfigAdminModule(ConfigControl control) {
        this.control = requireNonNull(control, "control");
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/config", r -> current())
                .add(HttpMethod.POST, "/config/validate", this::validate)
                .add(HttpMethod.POST, "/config", this::apply)
                .add(HttpMethod.POST, "/reload", r -> reload());
    }

    private AdminResponse current() {
        ConfigControl.Running running = control.running();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", control.store().location());
        body.put("version", running.version());
        body.put("loaded_at", running.loadedAt());
        body.put("config", RedactedConfig.of(running.text()));
        return AdminResponse.ok(body);
    }

    private AdminResponse validate(AdminRequest request) {
        ConfigControl.Validation v = control.validate(request.bodyText());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", v.valid());
        body.put("problems", v.problems());
        body.put("warnings", v.warnings());
        return AdminResponse.ok(body);
    }

    private AdminResponse apply(AdminRequest request) {
        if (!control.store().writable()) {
            throw new AdminException(GatewayError.CONFLICT, "the configuration comes from "
                    + control.store().location() + ", which the gateway cannot write: change it there, then "
                    + "POST /admin/v1/reload", null);
        }
        ConfigControl.Applied applied;
        try {
            applied = control.apply(request.bodyText(), "admin API, by " + request.actor());
        } catch (ConfigException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new AdminException(GatewayError.CONFLICT, "cannot write " + control.store().location() + ": "
                    + e.getMessage() + "; the running configuration stays", null);
        }
        return AdminResponse.ok(answer("applied", applied))
                .audited("wrote and applied config version " + applied.version() + " to " + applied.source());
    }

    private AdminResponse reload() {
        ConfigControl.Applied applied;
        try {
            applied = control.reload("admin API");
        } catch (ConfigException e) {
            throw invalid(e);
        }
        return AdminResponse.ok(answer("reloaded", applied))
                .audited("reloaded config version " + applied.version() + " from " + applied.source());
    }

    private static Map<String, Object> answer(String what, ConfigControl.Applied applied) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(what, true);
        body.put("version", applied.version());
        body.put("source", applied.source());
        body.put("warnings", applied.warnings());
        return body;
    }

    private static AdminException invalid(ConfigException e) {
        List<String> problems = e.problems();
        String first = problems.isEmpty() ? "" : problems.get(0);
        String message = "the configuration was rejected (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "; the running one stays): " + first;
        return new AdminException(GatewayError.INVALID_CONFIG, message, pathOf(first), Map.of("problems", problems));
    }

    /** The YAML path a problem names, or null when it names none (a YAML syntax error, a read failure). */
    static String pathOf(String problem) {
        Matcher m = PROBLEM_PATH.matcher(problem);
        if (!m.find()) {
            return null;
        }
        String path = m.group(1);
        return path.equals("line") ? null : path;
    }
}
