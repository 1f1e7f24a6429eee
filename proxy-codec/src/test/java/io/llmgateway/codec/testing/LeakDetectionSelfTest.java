package io.llmgateway.codec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** Proves the leak net is really in place: a deliberately leaked buffer is reported. */
class LeakDetectionSelfTest {

    @Test
    void deliberateLeakIsReported() throws InterruptedException {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leakOne();
        assertThat(LeakDetectionExtension.collectLeaks())
                .as("the recording detector must see a buffer that was never released")
                .anySatisfy(report -> assertThat(report).startsWith("LEAK: ByteBuf"));
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
        // Deliberately dropped without release().
    }
}
