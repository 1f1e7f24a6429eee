package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends spans in batches from a thread of its own, so that a slow or absent collector never holds
 * up the observer thread (let alone an event loop).
 *
 * <pre>
 *   observer thread --offer--> bounded queue --> llm-trace-export: a batch of batchSize spans, or
 *                  (full: dropped and counted)     what came within intervalMs --OtlpJson--> Transport
 *                                                  failed: tried again after 1 s, then 2 s, then dropped
 * </pre>
 *
 * <p>{@link #offer} never waits. A batch is retried on a connection failure and on the statuses
 * OTLP calls retryable (429, 502, 503, 504); other statuses drop it at once. {@link #shutdown}
 * lets the thread export what is queued (one try per batch, no backoff) and end; {@link #close}
 * also waits for it. Counters are {@link LongAdder}s, read from any thread.
 */
public final class BatchSpanExporter implements AutoCloseable {

    /** Where a batch goes: its HTTP status, or an exception when no status came. */
    @FunctionalInterface
    public interface Transport {
        int post(byte[] body) throws IOException, InterruptedException;
    }

    /** The backoff before each retry of a failed batch. */
    static final long[] RETRY_BACKOFF_MS = {1_000, 2_000};

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(BatchSpanExporter.class);
    /** How soon the thread notices {@link #shutdown} while the queue is empty. */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String serviceName;
    private final int batchSize;
    private final long intervalNanos;
    private final Transport transport;
    private final String target;
    private final long[] retryBackoffMs;
    private final ArrayBlockingQueue<Span> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder exported = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param serviceName the {@code service.name} of every span
     * @param batchSize   spans per export at most
     * @param queueSize   spans waiting at most; beyond, {@link #offer} drops them
     * @param intervalMs  a partial batch goes after this long
     * @param transport   sends one encoded batch
     * @param target      where the batches go, as the log may show it (no credentials)
     */
    public BatchSpanExporter(String serviceName, int batchSize, int queueSize, long intervalMs, Transport transport,
            String target) {
        this(serviceName, batchSize, queueSize, intervalMs, transport, target, RETRY_BACKOFF_MS);
    }

    /** @param retryBackoffMs the wait before each retry of a failed batch (their count is the retries) */
    BatchSpanExporter(String serviceName, int batchSize, int queueSize, long intervalMs, Transport transport,
            String target, long[] retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs.clone();
        this.serviceName = requireNonNull(serviceName, "serviceName");
        if (batchSize < 1 || queueSize < 1 || intervalMs < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + ", queueSize: " + queueSize
                    + ", intervalMs: " + intervalMs + " (expected: each > 0)");
        }
        this.batchSize = batchSize;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.transport = requireNonNull(transport, "transport");
        this.target = requireNonNull(target, "target");
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.thread = new Thread(this::run, "llm-trace-export");
        this.thread.setDaemon(true);
    }

    /** Starts the export thread. */
    public BatchSpanExporter start() {
        thread.start();
        return this;
    }

    /** Queues {@code span}; false (and counted) when the queue is full or the exporter shut down. */
    public boolean offer(Span span) {
        if (closing || !queue.offer(span)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Spans dropped: the queue was full, or their batch failed for good. */
    public long dropped() {
        return dropped.sum() + failed.sum();
    }

    /** Spans the collector accepted. */
    public long exported() {
        return exported.sum();
    }

    /** Exports what is queued (one try per batch), then ends the thread; returns at once. */
    public void shutdown() {
        closing = true;
    }

    /** {@link #shutdown()}, and waits at most {@code timeoutMs} for the thread to end. */
    public void close(long timeoutMs) {
        shutdown();
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }

    private void run() {
        List<Span> batch = new ArrayList<>(batchSize);
        long due = System.nanoTime() + intervalNanos;
        try {
            while (true) {
                long now = System.nanoTime();
                boolean stopping = closing;
                if (!batch.isEmpty() && (batch.size() >= batchSize || now - due >= 0 || stopping)) {
                    export(batch, stopping);
                    batch.clear();
                }
                if (batch.isEmpty()) {
                    due = now + intervalNanos;
                }
                if (stopping && queue.isEmpty() && batch.isEmpty()) {
                    return;
                }
                Span s = queue.poll(Math.max(1, Math.min(WAKE_NANOS, due - now)), TimeUnit.NANOSECONDS);
                if (s != null) {
                    batch.add(s);
                    queue.drainTo(batch, batchSize - batch.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void export(List<Span> batch, boolean stopping) throws InterruptedException {
        byte[] body = OtlpJson.encode(serviceName, batch);
        String why = null;
        for (int retry = 0; ; retry++) {
            try {
                int status = transport.post(body);
                if (status >= 200 && status < 300) {
                    exported.add(batch.size());
                    return;
                }
                why = "HTTP " + status;
                if (!retryable(status)) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                why = e.toString();
            }
            if (stopping || retry >= retryBackoffMs.length) {
                break;
            }
            Thread.sleep(retryBackoffMs[retry]);
        }
        failed.add(batch.size());
        LOG.warn("traces: {} spans dropped, the export to {} failed: {}", batch.size(), target, why);
    }

    /** The statuses after which OTLP/HTTP says to try again. */
    static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}
