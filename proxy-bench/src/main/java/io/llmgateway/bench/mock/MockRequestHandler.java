package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Answers the requests of one connection, one at a time and in order (pipelined requests wait in a
 * queue), applying the exchange's latency, status and fault.
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

    private final MockContext context;
    private final JsonAnswers answers;
    private final ArrayDeque<Incoming> queued = new ArrayDeque<>(2);

    private ChannelHandlerContext ctx;
    /** The exchange being answered, or null when idle. */
    private Incoming active;
    private ScheduledFuture<?> headTimer;
    private StreamResponder stream;
    private boolean closingForFault;

    MockRequestHandler(MockContext context) {
        this.context = context;
        this.answers = new JsonAnswers(context);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        context.recorder.record(request);
        context.counters.request(RequestReader.path(request.uri()));
        Incoming incoming = RequestReader.read(request, context.options);
        if (active == null && queued.isEmpty()) {
            begin(incoming);
        } else {
            queued.add(incoming);
        }
    }

    private void begin(Incoming incoming) {
        active = incoming;
        if (incoming instanceof Incoming.Rejection rejection) {
            ctx.writeAndFlush(answers.error(rejection.status(), rejection.message(), ctx.alloc()));
            finish();
            return;
        }
        ExchangeSettings settings = ((MockRequest) incoming).settings();
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
        MockRequest request = (MockRequest) active;
        ExchangeSettings settings = request.settings();
        if (settings.isErrorStatus()) {
            int status = settings.status();
            ctx.writeAndFlush(answers.response(HttpResponseStatus.valueOf(status),
                    answers.injectedError(status, ctx.alloc())));
            finish();
            return;
        }
        boolean streamable = request.endpoint() == Endpoint.CHAT || request.endpoint() == Endpoint.COMPLETIONS;
        if (request.stream() && streamable) {
            String idPrefix = request.endpoint() == Endpoint.CHAT ? OpenAiBodies.CHAT_ID : OpenAiBodies.COMPLETION_ID;
            StreamEvents events = new StreamEvents(request.endpoint(), idPrefix + '-' + context.nextStreamId(),
                    request.model(), context.created, request.includeUsage());
            stream = new StreamResponder(ctx, events, settings, request.includeUsage(), this);
            stream.start();
            return;
        }
        ByteBuf body = answers.body(request, ctx.alloc());
        if (settings.fault() == MockFault.DISCONNECT_MID_STREAM) {
            writeHalfAndClose(body);
            return;
        }
        ctx.writeAndFlush(answers.response(HttpResponseStatus.valueOf(settings.status()), body));
        finish();
    }

    /** The non-stream form of {@code disconnect-mid-stream}: a head promising the whole body, then half of it. */
    private void writeHalfAndClose(ByteBuf body) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ByteBuf half = body.retainedSlice(body.readerIndex(), body.readableBytes() / 2);
        body.release();
        ctx.write(head);
        ctx.writeAndFlush(new DefaultHttpContent(half));
        closingForFault = true;
        ctx.close();
    }

    private void finish() {
        active = null;
        stream = null;
        Incoming next = queued.poll();
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
