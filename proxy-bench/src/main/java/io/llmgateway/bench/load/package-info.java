/**
 * The load generator: {@link io.llmgateway.bench.load.LoadGenerator}.
 *
 * <p>Concurrency: each connection is a {@code Worker} confined to one event loop; the workers of
 * a loop record into that loop's {@code LoopStats} without synchronisation. The only shared
 * mutable state during a run is the closed loop's ticket counter (an atomic) and the completion
 * latch, whose count-downs publish every loop's measurements to the thread that merges them.
 */
package io.llmgateway.bench.load;
