package io.llmgateway.core.balance;

import java.util.concurrent.ThreadLocalRandom;

/** Uniform doubles in [0, 1) for weighted choices and tie breaks; injected so that tests are deterministic. */
@FunctionalInterface
public interface RandomSource {

    double nextDouble();

    /** {@link ThreadLocalRandom}: no contention between event loops, no allocation. */
    static RandomSource threadLocal() {
        return () -> ThreadLocalRandom.current().nextDouble();
    }
}
