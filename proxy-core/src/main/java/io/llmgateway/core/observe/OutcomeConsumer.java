package io.llmgateway.core.observe;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;

/**
 * One user of the outcome records: metrics, the request log, spend, traces. Every method is called
 * on the one observer thread of the {@link ObservationQueue}, never on an event loop, so an
 * implementation needs no locks for its own state and may take its time (but a slow consumer
 * delays the others: hand network and disk writes that can stall to a thread of your own).
 */
public interface OutcomeConsumer {

    /** One finished exchange. An exception is logged and the outcome goes on to the next consumer. */
    void accept(ExchangeOutcome outcome);

    /**
     * The queue is empty: a moment for time-driven work (a batch's interval, a flush). Called at
     * least every {@link ObservationQueue#IDLE_TICK_MS} ms while the queue stays empty.
     */
    default void idle(long nowNanos) {
    }

    /** A new config was published (reload): settings this consumer reads may have changed. */
    default void reconfigure(GatewayConfig config) {
    }

    /** The gateway stops: every outcome queued was given; flush and let go of what is held. */
    default void close() {
    }
}
