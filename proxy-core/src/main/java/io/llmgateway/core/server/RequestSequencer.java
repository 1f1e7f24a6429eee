package io.llmgateway.core.server;

import io.llmgateway.core.http.Responses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One request at a time on a keep-alive connection (HTTP/1.1 pipelining), and the connection's
 * life between requests.
 *
 * <pre>
 *   IdleStateHandler -> PipeliningGate -> HeadDeadline -> HttpServerCodec -> <b>RequestSequencer</b>
 *       -> RequestLimits -> ...
 * </pre>
 *
 * <p>It admits a request head by opening its {@link InboundRequest} (request id, arrival time,
 * config snapshot, keep-alive), lets the request's body through, and from the end of the body
 * until {@link RequestFinished} holds whatever the client sends next, and pauses the
 * {@link PipeliningGate} at the first message it holds: nothing more is decoded or read (the
 * connection keeps reading while a request is proxied only so that a client disconnect is seen at
 * once). So at most one gate step of requests is ever held, however deep the client's pipeline.
 * When the request is finished the held messages are replayed in order (after the finishing call
 * has unwound) and, once none is left, the gate resumes; they are dropped if the connection
 * closes. A connection that finishes a request while the server drains is closed. With no
 * request, an idle timeout closes the connection.
 *
 * <p>Confined to the connection's event loop.
 */
final class RequestSequencer extends ChannelInboundHandlerAdapter {

    private enum Phase {
        /** Waiting for a request head. */
        IDLE,
        /** A request is admitted; its body is still arriving. */
        READING,
        /** The request was read in full and is being answered: what arrives now waits. */
        ANSWERING,
        /** Nothing more is read on this connection. */
        CLOSED
    }

    private final ServerState server;
    private final PipeliningGate gate;
    private Phase phase = Phase.IDLE;
    private ArrayDeque<Object> held;

    /** @param gate the gate in front of this connection's codec */
    RequestSequencer(ServerState server, PipeliningGate gate) {
        this.server = server;
        this.gate = gate;
    }

    /** True when no request is being read or answered on this connection (it may be closed at once). */
    boolean idle() {
        return phase == Phase.IDLE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.CLOSED) {
            ReferenceCountUtil.release(msg);
        } else if (phase == Phase.ANSWERING || (held != null && !held.isEmpty())) {
            hold(ctx, msg);
        } else {
            admit(ctx, msg);
        }
    }

    private void hold(ChannelHandlerContext ctx, Object msg) {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(msg);
        gate.pause();
    }

    /** Passes {@code msg} on; the phase changes first, since the request may finish before fireChannelRead returns. */
    private void admit(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head && phase == Phase.IDLE) {
            InboundRequest.open(ctx.channel(), new InboundRequest(server.snapshot(),
                    RequestIds.choose(head.headers().get(Responses.X_REQUEST_ID)),
                    HttpUtil.isKeepAlive(head) && !server.draining(), System.nanoTime(),
                    server.observability().queue()));
            phase = Phase.READING;
        } else if (!(msg instanceof HttpContent) || phase != Phase.READING) {
            // Nothing of a request that is not being read (a request with a failed head is closed by RequestLimits).
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent) {
            phase = Phase.ANSWERING;
        }
        ctx.fireChannelRead(msg);
    }

    private void replay(ChannelHandlerContext ctx) {
        while (held != null && !held.isEmpty() && (phase == Phase.IDLE || phase == Phase.READING)) {
            admit(ctx, held.poll());
        }
        if ((held == null || held.isEmpty()) && phase != Phase.CLOSED) {
            gate.resume();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestFinished finished) {
            onFinished(ctx, finished);
        } else if (evt instanceof IdleStateEvent && phase != Phase.READING) {
            // Between requests an idle connection is closed; while one is answered, the answer has its own timeouts.
            if (phase == Phase.IDLE) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void onFinished(ChannelHandlerContext ctx, RequestFinished finished) {
        InboundRequest.clear(ctx.channel());
        if (phase == Phase.CLOSED) {
            return;
        }
        if (finished == RequestFinished.CLOSE || !ctx.channel().isActive()) {
            close();
            return;
        }
        if (server.draining()) {
            // Shutting down: no new request on this connection once its answer is out.
            close();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        phase = Phase.IDLE;
        if (held != null && !held.isEmpty()) {
            ctx.channel().eventLoop().execute(() -> replay(ctx));
        }
    }

    private void close() {
        phase = Phase.CLOSED;
        gate.discard();
        if (held != null) {
            Object m;
            while ((m = held.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        close();
        super.channelInactive(ctx);
    }
}
