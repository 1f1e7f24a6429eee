package io.llmgateway.codec.eventstream;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** CRC32 (the event stream's checksum) over a region of a buffer of any kind, without copying it. */
final class Crc32s {

    private Crc32s() {
    }

    /** The CRC32 of {@code length} bytes of {@code buf} from {@code index}; {@code crc} is reset first. */
    static long of(CRC32 crc, ByteBuf buf, int index, int length) {
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer b : buf.nioBuffers(index, length)) {
                crc.update(b);
            }
        }
        return crc.getValue();
    }
}
