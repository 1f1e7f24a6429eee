/**
 * Load balancing over provider deployments: {@link io.llmgateway.core.balance.Balancer} picks a
 * deployment per attempt by a {@link io.llmgateway.core.balance.Strategy}, under the limits and
 * health of the {@code limits} package, and returns a {@link io.llmgateway.core.balance.Lease},
 * released with a {@link io.llmgateway.core.balance.Result} that settles tokens, health and
 * breakers (when to try again is the proxy's decision);
 * {@link io.llmgateway.core.balance.KeyStateRegistry} keeps per-key state across reloads and
 * gives the admin API its snapshot.
 *
 * <h2>Who does what</h2>
 * <pre>
 *   Balancer            the entry point, one per config snapshot: acquire, capacity
 *   ├─ RoutePlan        a route's candidates and distinct keys, built once per reload
 *   ├─ CandidateWalk    one selection: candidates in the strategy's order until one reserves
 *   │  └─ CandidateGate may this candidate take the request (gate); claim it (take)
 *   ├─ PendingLease     a request waiting for a slot of a full bulkhead
 *   ├─ RouteCapacity    what a route can still take, for the x-ratelimit-* headers
 *   └─ LeaseSettlement  a released lease: tokens, quota headers, health, breaker, error rate
 *   SelectionScratch    per thread: the Selection in progress and the pool of released leases
 * </pre>
 *
 * <h2>Concurrency and memory ordering</h2>
 * <ul>
 *   <li>{@code Balancer.acquire} and {@code Lease.release} run on any event loop, concurrently.
 *       They take no lock, never block, and in steady state allocate nothing: each thread has a
 *       {@link io.llmgateway.core.balance.Selection} it reuses and a pool of released leases
 *       (its {@code SelectionScratch});
 *       shared state is read and written only through the lock-free classes of
 *       {@code io.llmgateway.core.limits}. Refusals allocate a small object (not steady state).</li>
 *   <li>An acquired lease is used by one thread at a time (its request's event loop) and goes
 *       back to the pool of the thread that releases it; it must not be touched after
 *       {@code release}.</li>
 *   <li>Route plans are built in the constructor and published by the final field that holds
 *       them; they are never modified afterwards (only a round-robin cursor, an atomic).</li>
 *   <li>A pending bulkhead lease changes state by CAS: other threads only move it from waiting to
 *       waking; everything else (retry, timeout, cancel, the callback) runs on its own loop.</li>
 *   <li>{@code KeyStateRegistry.reconcile} and plan building synchronise on the registry: once per
 *       reload, never on a request path.</li>
 * </ul>
 */
package io.llmgateway.core.balance;
