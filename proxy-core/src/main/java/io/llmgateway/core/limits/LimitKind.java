package io.llmgateway.core.limits;

/** Which limit of a key refused a request. */
public enum LimitKind {
    /** {@code max_concurrent}: requests in flight. */
    CONCURRENCY,
    /** {@code limit_tokens_per_min}. */
    TOKENS,
    /** {@code limit_req_per_min}. */
    REQUESTS
}
