/**
 * Client authentication: {@code server.api_keys} and virtual keys, their allowed models, limits
 * and budgets, as the request path checks them.
 *
 * <h2>Concurrency and memory ordering</h2>
 * <ul>
 *   <li>The request path reads one immutable {@link io.llmgateway.core.auth.VirtualKeyIndex},
 *       published by the registry (package {@code io.llmgateway.core.vkeys}) through a volatile
 *       field each time a key or team changes: one volatile read per request, no lock.</li>
 *   <li>{@link io.llmgateway.core.auth.VirtualKeyAccess} and
 *       {@link io.llmgateway.core.auth.TeamAccess} are immutable; their live state is the lock-free
 *       {@code ConcurrentKeyLimits} of {@code io.llmgateway.core.limits} (shared by all event loops,
 *       carried into new limits when a spec changes) and a
 *       {@link io.llmgateway.core.auth.SpendMeter}: one writer (the observer thread), its totals one
 *       immutable object in a volatile field, so a budget check is one volatile read.</li>
 *   <li>{@link io.llmgateway.core.auth.VirtualKeyLease} is confined to the request's event loop.</li>
 *   <li>{@link io.llmgateway.core.auth.KeyHash} hashes with a per-thread digest and buffers
 *       ({@code FastThreadLocal}): nothing is allocated for a known key.</li>
 * </ul>
 */
package io.llmgateway.core.auth;
