package io.llmgateway.bench.load;

/** How one request ended. */
enum Outcome {
    /** A 2xx answer received in full (a stream up to {@code [DONE]}). */
    OK,
    /** A complete answer with another status. */
    NON_2XX,
    /** The connection could not be opened. */
    CONNECT_FAILURE,
    /** No complete answer within the timeout. */
    TIMEOUT,
    /** A 2xx event stream that ended (or lost its connection) before {@code [DONE]}. */
    TRUNCATED_STREAM,
    /** The connection failed or closed before a complete non-stream answer. */
    IO_ERROR
}
