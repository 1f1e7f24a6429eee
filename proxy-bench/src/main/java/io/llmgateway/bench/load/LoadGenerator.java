package io.llmgateway.bench.load;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An HTTP/1.1 load generator for OpenAI-style endpoints, JSON or SSE.
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@code rate == 0}): {@code concurrency} keep-alive connections, each
 *       sending its next request as soon as the previous one ended; latency from the actual send.
 *   <li><b>Open loop</b> ({@code rate > 0}): requests are due at a constant rate, spread over the
 *       connections; a request that waits for its busy connection is sent late but timed from its
 *       due time, so a stalled server shows up in the percentiles instead of slowing the client
 *       down (the coordinated-omission correction of wrk2).
 * </ul>
 *
 * <pre>{@code
 * LoadResult r = LoadGenerator.run(LoadOptions.builder("http://127.0.0.1:8080/v1/chat/completions")
 *         .concurrency(100).requests(10_000).stream(true).build());
 * }</pre>
 *
 * <p>Each connection is one file descriptor: 10,000 concurrent streams need {@code ulimit -n}
 * above 10,000 here and on the server; nothing system-wide is changed by this code.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Runs the load to its end (request budget or duration, then in-flight requests) and returns the measurements. */
    public static LoadResult run(LoadOptions options) throws InterruptedException {
        requireNonNull(options, "options");
        InetSocketAddress address = resolve(options);
        NettyTransport transport = options.transport().resolve();
        int threads = options.ioThreads() > 0
                ? options.ioThreads()
                : Math.min(Runtime.getRuntime().availableProcessors(), options.concurrency());
        MultiThreadIoEventLoopGroup group = transport.newGroup(threads, "load-io");
        RequestTemplate template = new RequestTemplate(options);
        try {
            Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
            for (EventExecutor executor : group) {
                stats.put(executor, new LoopStats());
            }
            Bootstrap prototype = new Bootstrap()
                    .group(group)
                    .channel(transport.channelClass())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            options.connectTimeout().toMillis()));
            List<Worker> workers = new ArrayList<>(options.concurrency());
            for (int i = 0; i < options.concurrency(); i++) {
                EventLoop loop = group.next();
                workers.add(new Worker(i, loop, stats.get(loop), template, address, prototype));
            }

            CountDownLatch connected = new CountDownLatch(workers.size());
            workers.forEach(w -> w.preconnect(connected));
            connected.await(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);

            LoadPlan plan = new LoadPlan(options, System.nanoTime());
            workers.forEach(w -> w.start(plan));
            plan.done.await();
            return merge(options, plan, stats.values());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            template.release();
        }
    }

    private static InetSocketAddress resolve(LoadOptions options) {
        String host = options.url().getHost();
        int port = options.url().getPort() < 0 ? 80 : options.url().getPort();
        try {
            // Resolved once, here: the event loops must never wait for DNS.
            return new InetSocketAddress(InetAddress.getByName(host.replace("[", "").replace("]", "")), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url: " + options.url() + " (unknown host " + host + ")", e);
        }
    }

    private static LoadResult merge(LoadOptions options, LoadPlan plan, Iterable<LoopStats> loops) {
        Histogram latency = LoopStats.newHistogram();
        Histogram ttft = LoopStats.newHistogram();
        Histogram gap = LoopStats.newHistogram();
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        Map<Integer, Long> statuses = new TreeMap<>();
        long bytes = 0;
        long end = plan.measureStart;
        for (LoopStats s : loops) {
            latency.add(s.latency);
            ttft.add(s.ttft);
            gap.add(s.gap);
            s.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            s.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            bytes += s.bytesReceived;
            if (s.completed && s.lastCompletionNanos - end > 0) {
                end = s.lastCompletionNanos;
            }
        }
        return new LoadResult(options, outcomes, statuses, end - plan.measureStart, bytes, latency, ttft, gap);
    }
}
