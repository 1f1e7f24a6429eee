package io.llmgateway.core.observe.log;

import io.llmgateway.core.config.LoggingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The file and webhook sinks {@code logging} asks for, as one: {@link #offer} gives an entry to
 * each, {@link #dropped} adds up what they dropped. Offered to and closed on the observer thread;
 * {@link #dropped} from any thread (the metrics export it as {@code llm_request_log_dropped_total}).
 */
public final class RequestLogSinks implements AutoCloseable {

    private final List<RequestLogSink> sinks;
    /** What closed sinks had dropped, so that the count never goes back on a reload. */
    private final LongAdder retired;

    RequestLogSinks(List<RequestLogSink> sinks, LongAdder retired) {
        this.sinks = List.copyOf(sinks);
        this.retired = retired;
    }

    /** Starts the sinks {@code config} describes; {@code retired} carries the drops of the sinks they replace. */
    static RequestLogSinks start(LoggingConfig config, LongAdder retired) {
        List<RequestLogSink> sinks = new ArrayList<>();
        if (config.file().enabled()) {
            sinks.add(RotatingFileSink.start(config.file()));
        }
        for (LoggingConfig.HttpSink webhook : config.sinks()) {
            sinks.add(WebhookSink.start(webhook));
        }
        return new RequestLogSinks(sinks, retired);
    }

    /** Whether there is any sink. */
    boolean any() {
        return !sinks.isEmpty();
    }

    void offer(RequestLogEntry entry) {
        for (RequestLogSink sink : sinks) {
            sink.offer(entry);
        }
    }

    /** Entries not written or not delivered, by any sink since start (a sink's buffer full, or every try failed). */
    public long dropped() {
        long n = retired.sum();
        for (RequestLogSink sink : sinks) {
            n += sink.dropped();
        }
        return n;
    }

    /**
     * Stops the sinks after a reload replaced them: the file now (the new sink appends to the same
     * file, which must not see two writers), the webhooks on a thread of their own (a slow endpoint
     * must not hold the observer up).
     */
    void retire() {
        List<RequestLogSink> later = new ArrayList<>();
        for (RequestLogSink sink : sinks) {
            if (sink instanceof RotatingFileSink) {
                closeOne(sink);
            } else {
                later.add(sink);
            }
        }
        if (!later.isEmpty()) {
            Thread t = new Thread(() -> later.forEach(this::closeOne), "llm-request-log-retire");
            t.setDaemon(true);
            t.start();
        }
    }

    private void closeOne(RequestLogSink sink) {
        sink.close();
        retired.add(sink.dropped());
    }

    /** Writes and sends what the sinks hold (each waits a bounded time), then stops them. */
    @Override
    public void close() {
        sinks.forEach(this::closeOne);
    }
}
