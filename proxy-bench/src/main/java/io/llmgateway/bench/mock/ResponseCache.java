package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Encoded non-stream bodies, encoded once per distinct answer and then written as retained
 * duplicates, so a zero-latency answer costs no JSON building and no copy. Shared by all event
 * loops (a {@link ConcurrentHashMap}); bounded in entries and in entry size, beyond which bodies
 * are encoded per request. {@link #close()} releases the buffers once no event loop runs.
 */
final class ResponseCache implements AutoCloseable {

    static final int MAX_ENTRIES = 1024;
    static final int MAX_ENTRY_BYTES = 1024 * 1024;

    private final ConcurrentHashMap<Object, ByteBuf> bodies = new ConcurrentHashMap<>();

    /**
     * The body for {@code key}; the caller owns the returned buffer (a retained duplicate of the
     * cached one, or a fresh buffer when the body is not cached).
     */
    ByteBuf body(Object key, Supplier<String> encoder, ByteBufAllocator alloc) {
        ByteBuf cached = bodies.get(key);
        if (cached != null) {
            return cached.retainedDuplicate();
        }
        String json = encoder.get();
        if (bodies.size() >= MAX_ENTRIES || json.length() > MAX_ENTRY_BYTES) {
            return ByteBufUtil.writeUtf8(alloc, json);
        }
        // Unpooled: these live as long as the server, and pooled arenas would keep them pinned anyway.
        ByteBuf encoded = Unpooled.directBuffer(ByteBufUtil.utf8Bytes(json));
        ByteBufUtil.writeUtf8(encoded, json);
        ByteBuf winner = bodies.putIfAbsent(key, encoded);
        if (winner != null) {
            encoded.release();
            return winner.retainedDuplicate();
        }
        return encoded.retainedDuplicate();
    }

    int size() {
        return bodies.size();
    }

    /** Releases every cached body; call only after the event loops that write them have stopped. */
    @Override
    public void close() {
        bodies.values().forEach(ByteBuf::release);
        bodies.clear();
    }
}
