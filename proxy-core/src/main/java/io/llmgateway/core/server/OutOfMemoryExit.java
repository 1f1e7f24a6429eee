package io.llmgateway.core.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.management.ManagementFactory;

/**
 * The gateway does not live on after an {@link OutOfMemoryError}: it halts, so that its supervisor
 * (systemd, Kubernetes, Docker's restart policy) starts a fresh one. After an OOM any thread may
 * have died half-way through its work — an event loop with its connections, a timer, a pool — and
 * a process that still accepts connections but never answers is worse than one that is gone.
 *
 * <p>Two layers. The JVM flag {@code -XX:+ExitOnOutOfMemoryError}, which the launcher
 * ({@code scripts/llm-gateway}) and every documented command line set, exits wherever the JVM
 * raises the error, including inside Netty, which catches and logs every {@link Throwable} of its
 * event loops. And {@link #haltIfOutOfMemory}, called wherever the gateway itself meets a
 * throwable (the tail of the client pipeline, and, once {@link #install}ed, the uncaught
 * exceptions of every thread): it also covers the errors Java code throws, which the flag does not
 * see, such as Netty's {@code OutOfDirectMemoryError}. Both exit with {@value #EXIT_CODE}, the code
 * HotSpot uses. A small reserve of heap, let go before the last log line, lets that line be
 * written when the heap is full.
 */
public final class OutOfMemoryExit {

    /** The process's exit code after an OutOfMemoryError (HotSpot's, with {@code -XX:+ExitOnOutOfMemoryError}). */
    public static final int EXIT_CODE = 3;

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(OutOfMemoryExit.class);
    /** Causes looked through: enough for any wrapping Netty or the JDK does. */
    private static final int MAX_DEPTH = 8;
    /** Heap held only to be let go when it is out, so that the last log line can be formatted. */
    @SuppressWarnings("unused")
    private static volatile byte[] reserve = new byte[64 * 1024];

    private OutOfMemoryExit() {
    }

    /** Whether {@code t}, or one of its first causes, is an {@link OutOfMemoryError}. */
    static boolean isOutOfMemory(Throwable t) {
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Halts the process with {@value #EXIT_CODE} when {@code t} is (or was caused by) an
     * {@link OutOfMemoryError}, after one log line; does nothing otherwise. Halts rather than
     * exits: shutdown hooks and a graceful drain need memory and threads that may be gone.
     */
    public static void haltIfOutOfMemory(Throwable t) {
        if (!isOutOfMemory(t)) {
            return;
        }
        // One thread writes the line and halts; another that runs out meanwhile waits here, rather
        // than halting before that line is out.
        synchronized (OutOfMemoryExit.class) {
            reserve = null;
            try {
                LOG.error("out of memory on thread {}: exiting with code {} for a supervisor to restart the gateway",
                        Thread.currentThread().getName(), EXIT_CODE, t);
            } finally {
                Runtime.getRuntime().halt(EXIT_CODE);
            }
        }
    }

    /**
     * Makes every thread's uncaught {@link OutOfMemoryError} halt the process (others are logged),
     * and sets the reserve aside. Once, at start.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            haltIfOutOfMemory(e);
            LOG.error("thread {} failed", thread.getName(), e);
        });
    }

    /**
     * Whether this JVM exits by itself on an OutOfMemoryError ({@code -XX:+ExitOnOutOfMemoryError}
     * or {@code -XX:+CrashOnOutOfMemoryError}, however given); true when that cannot be known (not
     * HotSpot), so that nothing is claimed wrongly.
     */
    public static boolean jvmExitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || "true".equals(vm.getVMOption("ExitOnOutOfMemoryError").getValue())
                    || "true".equals(vm.getVMOption("CrashOnOutOfMemoryError").getValue());
        } catch (IllegalArgumentException | LinkageError e) {
            return true;
        }
    }
}
