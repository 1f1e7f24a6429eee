package io.llmgateway.core.observe.log;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.LoggingConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code logging.providers[]}: posts request-log entries to an HTTP endpoint as a JSON array, in
 * batches of {@code batch.size} (one by one when batching is off), a partial batch after
 * {@code batch.interval_seconds}.
 *
 * <p>The observer only queues an entry ({@link #offer}); a sender thread of the sink's own builds
 * the batches and posts them with {@link HttpClient}, so the network never stalls the observer nor
 * an event loop. The queue holds {@code buffer_size} entries; when full, the oldest is dropped to
 * make room (the newest tell the most about an outage) and counted. A batch that fails — no
 * connection, 429 or 5xx — is tried again after 1 s, 2 s and 4 s, then dropped and counted; any
 * other answer drops it at once. Failures are logged once until a batch goes through again.
 *
 * <p>The configured headers (an {@code Authorization}, typically) are sent with every batch and
 * never logged; neither is the endpoint, whose query may carry a token: logs name the sink.
 */
final class WebhookSink implements RequestLogSink {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(WebhookSink.class);
    /** Tries of one batch: the first and three retries. */
    static final int TRIES = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI endpoint;
    private final Map<String, String> headers;
    private final int batchSize;
    private final long intervalNanos;
    private final long backoffMillis;
    private final BlockingQueue<String> queue;
    private final HttpClient client;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread sender;
    private boolean failing;

    /** The sink {@code config} describes, started. */
    static WebhookSink start(LoggingConfig.HttpSink config) {
        return new WebhookSink(config, 1_000).start();
    }

    /** @param backoffMillis the wait before the first retry, doubled before each next one */
    WebhookSink(LoggingConfig.HttpSink config, long backoffMillis) {
        requireNonNull(config, "config");
        this.name = config.name();
        this.endpoint = URI.create(config.endpoint());
        this.headers = config.headers();
        this.batchSize = config.batchEnabled() ? config.batchSize() : 1;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(config.batchIntervalSeconds());
        this.backoffMillis = backoffMillis;
        this.queue = new ArrayBlockingQueue<>(config.bufferSize());
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.sender = new Thread(this::run, "llm-request-log-" + name);
        sender.setDaemon(true);
    }

    WebhookSink start() {
        sender.start();
        return this;
    }

    /** Only the observer thread offers: the room made by dropping the oldest is its own. */
    @Override
    public void offer(RequestLogEntry entry) {
        String json = entry.json();
        while (!queue.offer(json)) {
            if (queue.poll() != null) {
                dropped.increment();
            }
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    /** Entries the endpoint accepted, since start. */
    long sent() {
        return sent.sum();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            sender.join(REQUEST_TIMEOUT.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean closing() {
        return closing.getCount() == 0;
    }

    private void run() {
        List<String> batch = new ArrayList<>(batchSize);
        try {
            while (true) {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + intervalNanos;
                while (batch.size() < batchSize) {
                    long left = deadline - System.nanoTime();
                    String next = closing() ? queue.poll() : queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        if (closing() || System.nanoTime() - deadline >= 0) {
                            break;
                        }
                        continue;
                    }
                    batch.add(next);
                }
                post(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Posts {@code batch}, retrying as the class says; counts it sent or dropped. */
    private void post(List<String> batch) throws InterruptedException {
        HttpRequest request = request(batch);
        String failure = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            boolean retryable;
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    sent.add(batch.size());
                    recovered();
                    return;
                }
                failure = "HTTP " + status;
                retryable = status == 429 || status >= 500;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
                retryable = true;
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName();
                retryable = false;
            }
            if (!retryable || attempt == TRIES || closing()
                    || closing.await(backoffMillis << (attempt - 1), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        dropped.add(batch.size());
        if (!failing) {
            failing = true;
            LOG.warn("request log webhook '{}': a batch of {} entries was not accepted ({}); entries are dropped "
                    + "until the endpoint accepts them again", name, batch.size(), failure);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("request log webhook '{}': the endpoint accepts batches again ({} entries dropped so far)", name,
                    dropped());
        }
    }

    private HttpRequest request(List<String> batch) {
        StringBuilder body = new StringBuilder(batch.size() * 512).append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(batch.get(i));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()));
        headers.forEach(b::setHeader);
        return b.build();
    }
}
