package io.llmgateway.core.admin;

import io.llmgateway.core.admin.ops.OpsAdminModule;
import io.llmgateway.core.reload.ConfigAdminModule;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;

/** The parts of the admin API: where a part is plugged in (one line each). */
public final class AdminModules {

    private AdminModules() {
    }

    /** Every part's module, in the order their routes are tried. */
    public static List<AdminModule> of(AdminContext ctx) {
        List<AdminModule> modules = new ArrayList<>();
        modules.add(OpsAdminModule.of(ctx.server()));
        if (ctx.config() != null) {
            modules.add(new ConfigAdminModule(ctx.config()));
        }
        if (ctx.server().virtualKeys() != null) {
            modules.add(ctx.server().virtualKeys().adminModule());
        }
        return List.copyOf(modules);
    }

    /**
     * The route table of every part, with {@code GET /admin/v1/}: the list of routes (what a
     * client can call on this version, and a cheap check of the admin key).
     */
    public static AdminRoutes routes(AdminContext ctx) {
        AdminRoutes routes = new AdminRoutes();
        for (AdminModule m : of(ctx)) {
            m.register(routes);
        }
        routes.add(HttpMethod.GET, "/", request -> AdminResponse.ok(Map.of("routes", routes.describe())));
        return routes;
    }
}
