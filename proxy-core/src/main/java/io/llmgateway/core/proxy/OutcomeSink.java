package io.llmgateway.core.proxy;

/**
 * Where a {@link ProxyExchange} delivers its {@link ExchangeOutcome}: exactly once per exchange,
 * on the exchange's event loop, when the exchange is over. An implementation must not block; one
 * that hands outcomes to another thread must publish them safely (a concurrent queue).
 */
@FunctionalInterface
public interface OutcomeSink {

    /** Discards every outcome. */
    OutcomeSink NONE = outcome -> {
    };

    void accept(ExchangeOutcome outcome);
}
