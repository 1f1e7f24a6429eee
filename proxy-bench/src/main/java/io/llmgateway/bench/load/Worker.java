package io.llmgateway.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the run: sends a request, times its answer, decides when to send the next, and
 * reconnects when the connection is lost. Confined to its event loop: every method runs there, so
 * no field needs to be volatile. Every request has an attempt number; events of an earlier attempt
 * (a late connect, an old channel closing) are ignored.
 */
final class Worker implements SseScanner.Listener {

    /** Pause after a failed connect in the closed loop, so a dead target is not hammered in a tight loop. */
    private static final long CONNECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int index;
    private final EventLoop loop;
    private final LoopStats stats;
    private final RequestTemplate template;
    private final SocketAddress address;
    private final Bootstrap bootstrap;
    private final SseScanner sse = new SseScanner();

    private LoadPlan plan;
    private Channel channel;
    private long slot;
    private boolean finished;

    private long attempt;
    private boolean inFlight;
    private boolean measured;
    private long startNanos;
    private int status;
    private boolean eventStream;
    private boolean keepAlive;
    private boolean sawDone;
    private long lastContentNanos;
    private boolean sawContent;
    private ScheduledFuture<?> timeout;

    Worker(int index, EventLoop loop, LoopStats stats, RequestTemplate template, SocketAddress address,
           Bootstrap prototype) {
        this.index = index;
        this.loop = loop;
        this.stats = stats;
        this.template = template;
        this.address = address;
        this.bootstrap = prototype.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http", new HttpClientCodec()).addLast("response", new ResponseHandler(Worker.this));
            }
        });
    }

    /** Opens the connection ahead of the run so that the first measured request does not pay for it. */
    void preconnect(CountDownLatch connected) {
        loop.execute(() -> bootstrap.connect(address).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                if (plan == null && channel == null) {
                    channel = f.channel();
                } else {
                    // The run gave up waiting for this connect and has opened its own connection.
                    f.channel().close();
                }
            }
            connected.countDown();
        }));
    }

    void start(LoadPlan plan) {
        loop.execute(() -> {
            this.plan = plan;
            this.slot = index;
            next();
        });
    }

    /** Decides the next request: now (closed loop), at its slot (open loop), or none. */
    private void next() {
        if (finished) {
            return;
        }
        if (plan.openLoop) {
            long g = slot;
            slot += plan.concurrency;
            long due = plan.slotTime(g);
            if (plan.beyondBudget(g) || plan.pastDeadline(due)) {
                finish();
                return;
            }
            boolean measure = g >= plan.warmupSlots;
            long delay = due - System.nanoTime();
            if (delay > 0) {
                loop.schedule(() -> send(due, measure), delay, TimeUnit.NANOSECONDS);
            } else {
                send(due, measure);
            }
            return;
        }
        long now = System.nanoTime();
        if (plan.pastDeadline(now)) {
            finish();
            return;
        }
        boolean measure = !plan.inWarmup(now);
        if (measure && !plan.takeTicket()) {
            finish();
            return;
        }
        send(now, measure);
    }

    private void send(long start, boolean measure) {
        long current = ++attempt;
        inFlight = true;
        measured = measure;
        startNanos = start;
        status = 0;
        eventStream = false;
        keepAlive = true;
        sawDone = false;
        sawContent = false;
        sse.reset();
        timeout = loop.schedule(() -> {
            if (current == attempt && inFlight) {
                closeChannel();
                complete(Outcome.TIMEOUT);
            }
        }, plan.timeoutNanos, TimeUnit.NANOSECONDS);
        if (channel != null && channel.isActive()) {
            write(channel);
            return;
        }
        ChannelFuture connect = bootstrap.connect(address);
        connect.addListener((ChannelFutureListener) f -> {
            if (current != attempt || !inFlight) {
                f.channel().close();
                return;
            }
            if (!f.isSuccess()) {
                complete(Outcome.CONNECT_FAILURE);
                return;
            }
            channel = f.channel();
            write(channel);
        });
    }

    private void write(Channel ch) {
        long current = attempt;
        ch.writeAndFlush(template.newRequest()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && current == attempt && inFlight) {
                closeChannel();
                complete(Outcome.IO_ERROR);
            }
        });
    }

    void onHead(Channel ch, HttpResponse response) {
        if (ch != channel || !inFlight) {
            return;
        }
        status = response.status().code();
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        eventStream = type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
        keepAlive = HttpUtil.isKeepAlive(response);
    }

    void onContent(Channel ch, ByteBuf content) {
        if (ch != channel || !inFlight) {
            return;
        }
        if (measured) {
            stats.bytesReceived += content.readableBytes();
        }
        if (eventStream && content.isReadable()) {
            sse.feed(content, this);
        }
    }

    @Override
    public void onEvent(boolean content, boolean done) {
        if (done) {
            sawDone = true;
            return;
        }
        if (!content) {
            return;
        }
        long now = System.nanoTime();
        if (measured) {
            if (sawContent) {
                stats.recordGap(now - lastContentNanos);
            } else {
                stats.recordTtft(now - startNanos);
            }
        }
        sawContent = true;
        lastContentNanos = now;
    }

    void onEnd(Channel ch) {
        if (ch != channel || !inFlight) {
            return;
        }
        if (!keepAlive) {
            closeChannel();
        }
        complete(outcome(true));
    }

    void onClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        if (inFlight) {
            complete(outcome(false));
        }
    }

    /** The outcome of an answer that ended ({@code complete}) or whose connection was lost. */
    private Outcome outcome(boolean complete) {
        if (status == 0) {
            return Outcome.IO_ERROR;
        }
        if (status < 200 || status > 299) {
            return Outcome.NON_2XX;
        }
        if (eventStream) {
            return sawDone ? Outcome.OK : Outcome.TRUNCATED_STREAM;
        }
        return complete ? Outcome.OK : Outcome.IO_ERROR;
    }

    private void complete(Outcome outcome) {
        inFlight = false;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        long now = System.nanoTime();
        if (measured) {
            stats.recordOutcome(outcome, status, now - startNanos, now);
        }
        if (outcome == Outcome.OK || outcome == Outcome.NON_2XX) {
            next();
        } else if (outcome == Outcome.CONNECT_FAILURE && !plan.openLoop) {
            loop.schedule(this::next, CONNECT_RETRY_NANOS, TimeUnit.NANOSECONDS);
        } else {
            // Later, not nested: errors can complete synchronously inside send().
            loop.execute(this::next);
        }
    }

    private void closeChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        closeChannel();
        plan.done.countDown();
    }
}
