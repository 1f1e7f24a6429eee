package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Answers the requests of one connection, one at a time and in order (pipelined requests wait in a
 * queue), in the upstream's {@link MockProtocol}, applying the exchange's latency, status and fault.
 *
 * <pre>{@code
 * HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator -> MockRequestHandler
 * }</pre>
 *
 * <p>Also tells {@link MockCounters} how each exchange ended: a connection that closes during a
 * stream that no fault cut is a cancelled stream; one that closes before the response head is an
 * abandoned request. All state is confined to the channel's event loop, hence plain fields.
 */
final class MockRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest>
        implements StreamResponder.Listener {

    /** A request read and waiting for (or getting) its answer; {@code settings} is null for a refusal. */
    private record Pending(MockExchange exchange, ExchangeSettings settings) {
    }

    private final MockContext context;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>(2);

    private ChannelHandlerContext ctx;
    /** The exchange being answered, or null when idle. */
    private Pending active;
    private ScheduledFuture<?> headTimer;
    private StreamResponder stream;
    private boolean closingForFault;

    MockRequestHandler(MockContext context) {
        this.context = context;
    }

    /** The URI without its query string. */
    static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        context.recorder.record(request);
        context.counters.request(path(request.uri()));
        Pending pending = read(request);
        if (active == null && queued.isEmpty()) {
            begin(pending);
        } else {
            queued.add(pending);
        }
    }

    private Pending read(FullHttpRequest request) {
        ExchangeSettings settings;
        try {
            settings = ExchangeSettings.resolve(context.options, context.withCredentialRules(request.headers()));
        } catch (IllegalArgumentException e) {
            return new Pending(context.protocol.badMockHeader(e.getMessage()), null);
        }
        MockExchange exchange = context.protocol.read(request);
        return new Pending(exchange, exchange.refused() ? null : settings);
    }

    private void begin(Pending pending) {
        active = pending;
        ExchangeSettings settings = pending.settings();
        if (settings == null) {
            ctx.writeAndFlush(pending.exchange().response(null, ctx.alloc()));
            finish();
            return;
        }
        switch (settings.fault()) {
            case CLOSE_BEFORE_RESPONSE -> {
                closingForFault = true;
                ctx.close();
                return;
            }
            case HANG -> {
                return;
            }
            default -> {
            }
        }
        long delayMs = settings.headDelayMs();
        if (delayMs > 0) {
            headTimer = ctx.executor().schedule(this::respond, delayMs, TimeUnit.MILLISECONDS);
        } else {
            respond();
        }
    }

    private void respond() {
        headTimer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        MockExchange exchange = active.exchange();
        ExchangeSettings settings = active.settings();
        if (settings.isErrorStatus()) {
            FullHttpResponse error = settings.quotedKey() == null ? exchange.error(settings.status(), ctx.alloc())
                    : exchange.error(settings.status(), settings.quotedKeyMessageJson(), ctx.alloc());
            echoKey(error.headers(), settings);
            ctx.writeAndFlush(error);
            finish();
            return;
        }
        if (exchange.streaming()) {
            stream = new StreamResponder(ctx, exchange.stream(settings), settings, this);
            stream.start();
            return;
        }
        FullHttpResponse response = exchange.response(settings, ctx.alloc());
        echoKey(response.headers(), settings);
        if (settings.fault() == MockFault.DISCONNECT_MID_STREAM || settings.fault() == MockFault.STALL_MID_STREAM) {
            writeHalf(response, settings.fault() == MockFault.DISCONNECT_MID_STREAM);
            return;
        }
        ctx.writeAndFlush(response);
        finish();
    }

    /**
     * The non-stream form of {@code disconnect-mid-stream} and {@code stall-mid-stream}: a head
     * promising the whole body, then half of it, then the close or silence.
     */
    private void writeHalf(FullHttpResponse response, boolean close) {
        ByteBuf body = response.content();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        head.headers().set(response.headers()).setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ByteBuf half = body.retainedSlice(body.readerIndex(), body.readableBytes() / 2);
        response.release();
        ctx.write(head);
        ctx.writeAndFlush(new DefaultHttpContent(half));
        if (close) {
            closingForFault = true;
            ctx.close();
        }
    }

    /** The {@link MockHeaders#KEY_ECHO} header, when {@link MockHeaders#QUOTE_KEY} asked for it. */
    static void echoKey(HttpHeaders headers, ExchangeSettings settings) {
        if (settings.quotedKey() != null) {
            headers.set(MockHeaders.KEY_ECHO, settings.quotedKey().header());
        }
    }

    private void finish() {
        active = null;
        stream = null;
        Pending next = queued.poll();
        if (next != null && ctx.channel().isActive()) {
            begin(next);
        }
    }

    @Override
    public void streamCompleted() {
        context.counters.streamCompleted();
        finish();
    }

    @Override
    public void streamErrored() {
        finish();
    }

    @Override
    public void closingForFault() {
        closingForFault = true;
    }
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (active != null && !closingForFault) {
            if (stream != null) {
                if (!stream.isFinished()) {
                    context.counters.streamCancelled();
                }
            } else {
                context.counters.requestAbandoned();
            }
        }
        if (headTimer != null) {
            headTimer.cancel(false);
            headTimer = null;
        }
        if (stream != null) {
            stream.cancel();
            stream = null;
        }
        active = null;
        queued.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how clients leave; the counters already tell that story.
        ctx.close();
    }
}
