package io.llmgateway.core.observe.log;

/**
 * Where request-log entries go besides the in-memory ring: a file, a webhook. {@link #offer} is
 * called on the observer thread and must return at once — a sink does its I/O on a thread of its
 * own, behind a bounded buffer, and counts what it drops.
 */
interface RequestLogSink extends AutoCloseable {

    /** Takes {@code entry}, or drops and counts it (or an older one) when the sink's buffer is full. */
    void offer(RequestLogEntry entry);

    /** Entries dropped since start: buffer full, or not delivered after every try. */
    long dropped();

    /** Writes or sends what is buffered (waiting a bounded time), then stops the sink's thread. */
    @Override
    void close();
}
