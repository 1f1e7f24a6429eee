/**
 * The benchmark suite ({@code bench suite}, run by {@code scripts/bench}): starts the mock, the
 * gateway fat jar and nginx as separate processes pinned with {@code taskset}, drives them with the
 * {@link io.llmgateway.bench.load.LoadGenerator} in this JVM (and {@code wrk}), and renders one
 * table of medians over interleaved rounds, with what the gateway adds to a direct call.
 *
 * <p>Concurrency: the suite runs on one thread; the load generator's event loops confine their
 * own state and hand back an immutable result. The only other threads are the readers of child
 * processes' output (each owns its list, read under its lock), the memory scenario's load thread
 * (joined through a future) and a shutdown hook that stops the children if the JVM is interrupted.
 */
package io.llmgateway.bench.suite;
