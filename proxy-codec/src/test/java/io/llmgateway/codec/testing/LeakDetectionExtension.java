package io.llmgateway.codec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered automatically
 * for every test class (service file + {@code junit.jupiter.extensions.autodetection.enabled}).
 *
 * <p>Leaks are only reported after the garbage collector has found an unreleased buffer and a
 * later allocation polls the detector's queue, so after each class this runs a few
 * collect-then-allocate rounds before reading {@link RecordingLeakDetector}'s reports.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        RecordingLeakDetector.drainReports();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> reports = collectLeaks();
        assertThat(reports).as("Netty leak reports in %s", context.getDisplayName()).isEmpty();
    }

    /** Forces the leak detector to report what the GC can prove leaked, and returns the reports. */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            touch(PooledByteBufAllocator.DEFAULT);
            touch(UnpooledByteBufAllocator.DEFAULT);
            touch(ByteBufAllocator.DEFAULT);
        }
        return RecordingLeakDetector.drainReports();
    }

    private static void touch(ByteBufAllocator alloc) {
        for (int i = 0; i < 16; i++) {
            ByteBuf heap = alloc.heapBuffer(8);
            heap.release();
            ByteBuf direct = alloc.directBuffer(8);
            direct.release();
        }
    }
}
