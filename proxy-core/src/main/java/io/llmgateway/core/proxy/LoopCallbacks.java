package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.CallbackLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * An exchange's event loop as the balancer's {@link CallbackLoop} (where a bulkhead wait and a retry
 * backoff complete), made once per loop thread rather than once per request.
 */
final class LoopCallbacks {

    private static final FastThreadLocal<LoopCallbacks> CURRENT = new FastThreadLocal<>();

    private final EventLoop loop;
    private final CallbackLoop callbacks;

    private LoopCallbacks(EventLoop loop) {
        this.loop = loop;
        this.callbacks = CallbackLoop.of(loop);
    }

    /** The callbacks of {@code loop}; call it on that loop. */
    static CallbackLoop of(EventLoop loop) {
        LoopCallbacks c = CURRENT.get();
        if (c == null || c.loop != loop) {
            // A thread runs one event loop in production; tests run several embedded loops on one thread.
            c = new LoopCallbacks(loop);
            CURRENT.set(c);
        }
        return c.callbacks;
    }
}
