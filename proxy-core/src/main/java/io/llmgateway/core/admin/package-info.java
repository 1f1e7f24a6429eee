/**
 * The admin API ({@code /admin/v1/...}): what an operator changes and reads at run time.
 *
 * <p>Parts contribute routes through {@link io.llmgateway.core.admin.AdminModule}; one dispatcher
 * authenticates the admin key, collects the body (bounded), runs the {@link
 * io.llmgateway.core.admin.AdminHandler} on the admin thread (never an event loop: handlers may
 * write files) and writes the {@link io.llmgateway.core.admin.AdminResponse} back. Errors are
 * {@link io.llmgateway.core.admin.AdminException}s in OpenAI's error shape, naming the field.
 * Every change (any method but GET) is written to the audit log: who, what, the outcome; never a
 * body, so never a secret.
 */
package io.llmgateway.core.admin;
