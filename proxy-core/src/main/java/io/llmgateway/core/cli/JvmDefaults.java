package io.llmgateway.core.cli;

import io.llmgateway.core.server.StartupWork;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import io.netty.util.ResourceLeakDetector;

/** Process-wide settings of Netty that the gateway chooses differently from Netty's defaults. */
final class JvmDefaults {

    private JvmDefaults() {
    }

    /**
     * Netty's JFR events (buffer and chunk allocation) are off unless asked for with
     * {@code -Dio.netty.jfr.enabled=true}: the first pooled allocation would otherwise initialise
     * the JFR event machinery, about 100 ms of CPU on the way to ready. Call before any Netty class
     * reads it.
     */
    static void quietNettyDefaults() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
    }

    /**
     * Netty samples one buffer in 128 for leak tracking unless told otherwise, and each sample
     * records a stack trace: about 2% of the gateway's CPU under load. Buffer ownership is proven
     * by the test suite at PARANOID, so a production process tracks nothing unless the operator
     * asks for it with {@code -Dio.netty.leakDetection.level}.
     */
    static void defaultLeakDetectionOff() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Loads the native libraries (BoringSSL, epoll) on a second thread while the main thread
     * reads the config and builds the server: on two or more cores this takes most of their load
     * time off the path to ready.
     */
    static void preloadNatives() {
        if (StartupWork.oneCpu()) {
            return; // the upstream client loads BoringSSL once listening (StartupWork)
        }
        Thread t = new Thread(() -> {
            Epoll.isAvailable();
            OpenSsl.isAvailable();
        }, "preload-natives");
        t.setDaemon(true);
        t.start();
    }

    /**
     * With leak detection at PARANOID (tests), make the detector report buffers the GC can prove
     * leaked before the process exits, so that a leak anywhere fails the end-to-end tests.
     */
    static void flushLeakReports() throws InterruptedException {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
            new AdaptiveByteBufAllocator().directBuffer(1).release();
        }
    }
}
