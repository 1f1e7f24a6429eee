package io.llmgateway.core.gcp;

/**
 * Where {@link ServiceAccountTokenSource} runs its work: one thread, never an event loop (the
 * production one is {@link AccessTokens}'s; tests drive a fake one by hand).
 */
public interface RefreshScheduler {

    /** Runs {@code task} soon, after the tasks already submitted. */
    void execute(Runnable task);

    /** Runs {@code task} in {@code delayMillis}; the returned action cancels it if it has not run. */
    Runnable schedule(Runnable task, long delayMillis);
}
