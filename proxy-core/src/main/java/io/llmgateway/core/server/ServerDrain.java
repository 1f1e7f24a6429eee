package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stop of a running gateway, in the order a load balancer needs it. The grace counts from the
 * signal and includes the delay:
 *
 * <pre>
 *   signal ──── drain delay ────┬──────── rest of the grace ─────────┬─ stop
 *   /health/ready 503            listener closed (connections         requests still in flight
 *   new connections: API 503     refused), idle connections closed,   ended: a stream gets an
 *   open ones: answered, closed  the others closed once answered      error event and its end
 * </pre>
 *
 * <p>During the delay the listener stays open so that neither a load balancer that has not yet
 * seen readiness fail nor a client meets a refused connection: a new connection's API requests
 * get 503 {@code server_draining} ({@link DrainRefusal}), a request on a connection already open
 * is served with {@code connection: close} ({@link RequestSequencer}). {@code /health/live} stays
 * 200 to the end. {@link #hurry} (a second signal) ends the waiting at once.
 *
 * <p>Runs on the thread that stops the server, never an event loop: it waits. What it does to a
 * connection it does on that connection's event loop.
 */
final class ServerDrain {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ServerDrain.class);
    /** How often connections that became idle are looked for while requests finish. */
    private static final long IDLE_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long connections whose requests were ended get to send their last bytes. */
    private static final long LAST_WRITES_MS = 2_000;
    private static final long POLL_MS = 10;

    private final ServerState state;
    private final Channel listener;
    private final ChannelGroup clients;
    private final CountDownLatch hurry = new CountDownLatch(1);

    ServerDrain(ServerState state, Channel listener, ChannelGroup clients) {
        this.state = state;
        this.listener = listener;
        this.clients = clients;
    }

    /**
     * Drains, then returns with every connection closed or given up on; the caller closes what is
     * left. {@code delayMs} is cut to {@code graceMs}.
     */
    void run(long delayMs, long graceMs) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(graceMs);
        state.startDraining();
        if (delayMs > 0) {
            LOG.info("draining: /health/ready answers 503 and new connections' requests 503 for {} ms, then the "
                    + "listener closes", Math.min(delayMs, graceMs));
            waitUntil(Math.min(start + TimeUnit.MILLISECONDS.toNanos(delayMs), end));
        }
        listener.close().awaitUninterruptibly();
        closeIdleClients();
        LOG.info("listener closed: {} connection(s) open, {} request(s) in flight; waiting up to {} ms for them",
                clients.size(), state.inFlight(), Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        long nextSweep = System.nanoTime() + IDLE_SWEEP_NANOS;
        while (!clients.isEmpty() && System.nanoTime() - end < 0 && !hurry.await(POLL_MS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - nextSweep >= 0) {
                closeIdleClients();
                nextSweep = System.nanoTime() + IDLE_SWEEP_NANOS;
            }
        }
        if (clients.isEmpty()) {
            return;
        }
        LOG.warn("shutdown grace of {} ms over{}: ending {} connection(s) still busy ({} request(s) in flight; "
                + "streams get a server_shutting_down event)", graceMs, hurry.getCount() == 0 ? " (cut short)" : "",
                clients.size(), state.inFlight());
        for (Channel c : clients) {
            c.eventLoop().execute(() -> stopRequest(c));
        }
        long lastWrites = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LAST_WRITES_MS);
        while (!clients.isEmpty() && System.nanoTime() - lastWrites < 0) {
            Thread.sleep(POLL_MS);
        }
    }

    /** Ends the drain's waiting at once: the delay, and the grace (a second SIGTERM). Any thread. */
    void hurry() {
        hurry.countDown();
    }

    private void waitUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            hurry.await(left, TimeUnit.NANOSECONDS);
        }
    }

    private void closeIdleClients() {
        for (Channel c : clients) {
            c.eventLoop().execute(() -> {
                RequestSequencer sequencer = c.pipeline().get(RequestSequencer.class);
                if (sequencer != null && sequencer.idle()) {
                    c.close();
                }
            });
        }
    }

    /** On {@code c}'s event loop: its exchange ends with an error, or the connection closes when it has none. */
    private static void stopRequest(Channel c) {
        ProxyExchangeHandler exchange = c.pipeline().get(ProxyExchangeHandler.class);
        if (exchange == null || !exchange.stop(GatewayError.SERVER_SHUTTING_DOWN,
                "the gateway is shutting down and the request could not finish in time (server.shutdown_grace_ms)")) {
            c.close();
        }
    }
}
