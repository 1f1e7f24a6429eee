/**
 * Per-key limits and health: the exact sliding request window ({@link
 * io.llmgateway.core.limits.ConcurrentRequestWindow}), the token window with reservation and
 * settlement ({@link io.llmgateway.core.limits.ConcurrentTokenWindow}), in-flight ceilings, the
 * three taken all-or-none ({@link io.llmgateway.core.limits.ConcurrentKeyLimits}), key health
 * with cooldowns and ramps, per-deployment circuit breakers, and the providers' own rate-limit
 * headers. Limits on clients: the memory budget for buffered messages ({@link
 * io.llmgateway.core.limits.ConcurrentMemoryBudget}, with {@link
 * io.llmgateway.core.limits.BudgetedCompositeByteBuf}) and the limits per client address ({@link
 * io.llmgateway.core.limits.ConcurrentIpLimits}).
 *
 * <h2>Concurrency and memory ordering</h2>
 * <ul>
 *   <li>Every class prefixed {@code Concurrent} is shared by all event loops and is lock-free: the
 *       only synchronisation is the volatile read/write and CAS of {@code java.util.concurrent.atomic}
 *       (sequentially consistent), no {@code synchronized}, no {@code Lock}, no blocking.</li>
 *   <li>Counters and windows pack everything a CAS must see together into one {@code long}
 *       (timestamp and lap parity; epoch tag and units; epoch tag, failures and total), so that a
 *       decision and the update that follows it are one atomic step on the exact value that was
 *       checked. Steady-state calls allocate nothing.</li>
 *   <li>State machines (health, breakers) keep an immutable state object in a volatile
 *       {@code state} field, changed only through the {@code STATE} {@code VarHandle}
 *       ({@code compareAndSet}; {@code getAndSet} where a transition does not depend on the
 *       current state); the common state is a shared constant, so the common case is one
 *       volatile read and no allocation, and transitions (rare) allocate one small object. The
 *       {@code ConcurrentKeyHealth.Listener} is called after the CAS that changed the phase, by
 *       the thread that won it, so each change is reported once.</li>
 *   <li>Running totals are updated so that they can only over-count for an instant (units are
 *       added to a total before the bucket that holds them and removed after it), so admission
 *       errs towards refusing, never towards exceeding a limit.</li>
 *   <li>Time comes from a {@link io.llmgateway.core.limits.Ticker} passed in as {@code nowNanos}
 *       (monotonic, never negative), read once per decision. A thread stalled between reading the
 *       clock and its CAS records its admission as of when it read the clock; the stall is the
 *       only way a request can be counted as older than it is.</li>
 *   <li>{@link io.llmgateway.core.limits.ProviderQuota} is plain volatile fields, last writer
 *       wins: it mirrors what a provider last said, it does not count.</li>
 *   <li>The memory budget is one {@code AtomicLong}: a reservation is a CAS on the exact amount
 *       it checked against the limit, so the sum reserved never exceeds it; a release is one
 *       atomic add. A {@code BudgetedCompositeByteBuf} gives its reservation back in
 *       {@code deallocate()}, which Netty runs once, on the thread of the last release.</li>
 *   <li>The per-address entries of {@code ConcurrentIpLimits} keep two volatile fields changed
 *       only through the {@code CONNECTIONS} and {@code ARRIVAL} {@code VarHandle}s
 *       ({@code compareAndSet}; {@code getAndAdd} to close a connection). An entry leaves the
 *       table only after a CAS of {@code connections} from 0 to a dead mark, so a connection is
 *       never counted on an entry that has left; a request counted on an entry that died
 *       meanwhile is counted again on the new one (erring towards refusing).</li>
 * </ul>
 */
package io.llmgateway.core.limits;
