package io.llmgateway.codec.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds test buffers of every layout the codec meets on the wire. Every buffer returned is owned
 * by the caller, who must release it.
 */
public final class TestBuffers {

    private TestBuffers() {
    }

    /** How the bytes are laid out in memory. */
    public enum Layout {
        /** Unpooled heap buffer. */
        HEAP {
            @Override
            public ByteBuf of(byte[] bytes) {
                return UnpooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length).writeBytes(bytes);
            }
        },
        /** Pooled direct buffer, as a socket read delivers it. */
        DIRECT {
            @Override
            public ByteBuf of(byte[] bytes) {
                return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
            }
        },
        /** Pooled direct buffer whose readable bytes start after a discarded prefix. */
        OFFSET {
            @Override
            public ByteBuf of(byte[] bytes) {
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 7);
                buf.writeBytes(new byte[] {'x', '{', '"', '\r', '\n', ' ', 0});
                buf.writeBytes(bytes);
                buf.skipBytes(7);
                return buf;
            }
        },
        /** Composite of three direct components (the middle one possibly empty). */
        COMPOSITE {
            @Override
            public ByteBuf of(byte[] bytes) {
                int a = bytes.length / 3;
                int b = bytes.length - bytes.length / 4;
                return composite(PooledByteBufAllocator.DEFAULT,
                        List.of(slice(bytes, 0, a), slice(bytes, a, b), slice(bytes, b, bytes.length)));
            }
        };

        public abstract ByteBuf of(byte[] bytes);

        public ByteBuf of(String utf8) {
            return of(utf8.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A composite of direct buffers holding the given pieces, in order. */
    public static CompositeByteBuf composite(ByteBufAllocator alloc, List<byte[]> pieces) {
        CompositeByteBuf composite = alloc.compositeBuffer(Math.max(2, pieces.size()));
        for (byte[] piece : pieces) {
            composite.addComponent(true, alloc.directBuffer(piece.length).writeBytes(piece));
        }
        return composite;
    }

    /** {@code bytes} cut at the given ascending offsets. */
    public static List<byte[]> split(byte[] bytes, int... cuts) {
        List<byte[]> pieces = new ArrayList<>(cuts.length + 1);
        int from = 0;
        for (int cut : cuts) {
            pieces.add(slice(bytes, from, cut));
            from = cut;
        }
        pieces.add(slice(bytes, from, bytes.length));
        return pieces;
    }

    /** {@code bytes} cut into pieces of {@code size} bytes (the last one shorter). */
    public static List<byte[]> chunks(byte[] bytes, int size) {
        List<byte[]> pieces = new ArrayList<>(bytes.length / size + 1);
        for (int from = 0; from < bytes.length; from += size) {
            pieces.add(slice(bytes, from, Math.min(bytes.length, from + size)));
        }
        return pieces;
    }

    public static byte[] slice(byte[] bytes, int from, int to) {
        byte[] piece = new byte[to - from];
        System.arraycopy(bytes, from, piece, 0, piece.length);
        return piece;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Releases every buffer of the list, then clears it. */
    public static void releaseAll(List<? extends ByteBuf> buffers) {
        for (ByteBuf buf : buffers) {
            buf.release();
        }
        buffers.clear();
    }
}
