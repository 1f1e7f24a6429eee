package io.llmgateway.core.observe.trace;

import static io.llmgateway.core.observe.trace.TraceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSpanExporterTest {

    private static final long HOUR_MS = 3_600_000;
    private static final long[] QUICK_RETRIES = {1, 1};
    private static final Pattern SPAN_NAME = Pattern.compile("\"name\":\"(span-\\d+)\"");

    /** Records every post's span names; answers with the scripted statuses (then 200), or throws for -1. */
    private static final class Collector implements BatchSpanExporter.Transport {
        final BlockingQueue<List<String>> posts = new LinkedBlockingQueue<>();
        final Deque<Integer> script = new ArrayDeque<>();
        final CountDownLatch open;

        Collector(CountDownLatch open) {
            this.open = open;
        }

        Collector(Integer... statuses) {
            this(new CountDownLatch(0));
            script.addAll(List.of(statuses));
        }

        @Override
        public int post(byte[] body) throws IOException, InterruptedException {
            Matcher m = SPAN_NAME.matcher(new String(body, StandardCharsets.UTF_8));
            posts.add(m.results().map(r -> r.group(1)).toList());
            assertThat(open.await(10, TimeUnit.SECONDS)).isTrue();
            Integer status = script.poll();
            if (status != null && status < 0) {
                throw new IOException("connection refused");
            }
            return status == null ? 200 : status;
        }

        List<String> next() throws InterruptedException {
            List<String> p = posts.poll(10, TimeUnit.SECONDS);
            assertThat(p).as("a post within 10 s").isNotNull();
            return p;
        }
    }

    private BatchSpanExporter exporter;

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.close();
        }
    }

    private static Span span(int i) {
        return new Span(TRACE_HI, TRACE_LO, i + 1, 0, "span-" + i, Span.Kind.SERVER, 1, 2, List.of(), false, null);
    }

    @Test
    void aFullBatchGoesAtOnceAndCloseSendsTheRest() throws Exception {
        Collector collector = new Collector();
        exporter = new BatchSpanExporter("svc", 2, 100, HOUR_MS, collector, "test", QUICK_RETRIES).start();
        for (int i = 0; i < 5; i++) {
            assertThat(exporter.offer(span(i))).isTrue();
        }
        assertThat(collector.next()).containsExactly("span-0", "span-1");
        assertThat(collector.next()).containsExactly("span-2", "span-3");
        exporter.close();
        assertThat(collector.next()).containsExactly("span-4");
        assertThat(exporter.exported()).isEqualTo(5);
        assertThat(exporter.dropped()).isZero();
        assertThat(exporter.offer(span(5))).as("after close").isFalse();
    }

    @Test
    void aPartialBatchGoesWhenTheIntervalIsOver() throws Exception {
        Collector collector = new Collector();
        exporter = new BatchSpanExporter("svc", 100, 100, 20, collector, "test", QUICK_RETRIES).start();
        exporter.offer(span(0));
        assertThat(collector.next()).containsExactly("span-0");
    }

    @Test
    void aRetryableFailureIsTriedAgainAndAPermanentOneIsDropped() throws Exception {
        Collector collector = new Collector(503, -1, 200, 400);
        exporter = new BatchSpanExporter("svc", 1, 100, HOUR_MS, collector, "test", QUICK_RETRIES).start();
        exporter.offer(span(0));
        assertThat(collector.next()).containsExactly("span-0");
        assertThat(collector.next()).as("after the 503").containsExactly("span-0");
        assertThat(collector.next()).as("after the refused connection").containsExactly("span-0");
        exporter.offer(span(1));
        assertThat(collector.next()).as("a 400: not retried").containsExactly("span-1");
        exporter.close();
        assertThat(collector.posts).isEmpty();
        assertThat(exporter.exported()).isEqualTo(1);
        assertThat(exporter.dropped()).isEqualTo(1);
    }

    @Test
    void aBatchFailingEveryTryIsDroppedAfterTwoRetries() throws Exception {
        Collector collector = new Collector(502, 503, 504);
        exporter = new BatchSpanExporter("svc", 1, 100, HOUR_MS, collector, "test", QUICK_RETRIES).start();
        exporter.offer(span(0));
        for (int i = 0; i < 3; i++) {
            assertThat(collector.next()).containsExactly("span-0");
        }
        exporter.close();
        assertThat(collector.posts).isEmpty();
        assertThat(exporter.dropped()).isEqualTo(1);
        assertThat(exporter.exported()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Collector collector = new Collector(open);
        exporter = new BatchSpanExporter("svc", 1, 2, HOUR_MS, collector, "test", QUICK_RETRIES).start();
        exporter.offer(span(0));
        assertThat(collector.next()).as("the export thread is busy with span-0").containsExactly("span-0");
        assertThat(exporter.offer(span(1))).isTrue();
        assertThat(exporter.offer(span(2))).isTrue();
        assertThat(exporter.offer(span(3))).as("the queue holds 2").isFalse();
        assertThat(exporter.dropped()).isEqualTo(1);
        open.countDown();
        exporter.close();
        assertThat(collector.next()).containsExactly("span-1");
        assertThat(collector.next()).containsExactly("span-2");
        assertThat(exporter.exported()).isEqualTo(3);
    }
}
