package io.llmgateway.core.admin;

/**
 * A part of the admin API (config control, providers and logs, virtual keys and teams, ...): adds
 * its routes to the table once, when the server starts.
 */
@FunctionalInterface
public interface AdminModule {

    void register(AdminRoutes routes);
}
