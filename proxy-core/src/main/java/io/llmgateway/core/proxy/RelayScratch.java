package io.llmgateway.core.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch lists for the events of one upstream read and their translations, shared by the stream
 * relays of an event loop: each use is synchronous and leaves them empty, so relaying a stream
 * allocates no list per read.
 */
final class RelayScratch {

    private static final FastThreadLocal<List<ByteBuf>> EVENTS = new FastThreadLocal<>() {
        @Override
        protected List<ByteBuf> initialValue() {
            return new ArrayList<>(16);
        }
    };
    private static final FastThreadLocal<List<ByteBuf>> TRANSLATED = new FastThreadLocal<>() {
        @Override
        protected List<ByteBuf> initialValue() {
            return new ArrayList<>(16);
        }
    };

    private RelayScratch() {
    }

    /** This loop's list for the events split from one upstream read. */
    static List<ByteBuf> events() {
        return EVENTS.get();
    }

    /** This loop's list for the client events one upstream event translates into. */
    static List<ByteBuf> translated() {
        return TRANSLATED.get();
    }

    /** Releases what is left in {@code bufs} (entries already handed on are null) and empties it. */
    static void releaseAll(List<ByteBuf> bufs) {
        for (ByteBuf b : bufs) {
            if (b != null && b.refCnt() > 0) {
                b.release();
            }
        }
        bufs.clear();
    }
}
