package io.llmgateway.core.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Start-up work that can run beside the main thread (loading BoringSSL, building the upstream TLS
 * context, reading the DNS configuration). With two or more CPUs it starts at once on its own
 * daemon thread and overlaps with reading the config and binding the listener. With one CPU it
 * would only compete with them for that CPU, so it waits until {@link #release()} (called once the
 * listener is bound): readiness comes first, and the first request that needs the work waits for
 * it, as it would anyway.
 */
public final class StartupWork implements Executor {

    private final boolean deferred;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Runnable> pending = new ArrayList<>(); // guarded by this
    private boolean released; // guarded by this

    /** Deferred when this process may use a single CPU (see {@link #oneCpu()}). */
    public StartupWork() {
        this(oneCpu());
    }

    StartupWork(boolean deferred) {
        this.deferred = deferred;
    }

    /** Whether this process may use one CPU only (as {@code taskset} or a container allows). */
    public static boolean oneCpu() {
        return Runtime.getRuntime().availableProcessors() < 2;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (deferred && !released) {
                pending.add(task);
                return;
            }
        }
        start(task);
    }

    /** The listener is bound: run what waited (idempotent). */
    public void release() {
        List<Runnable> now;
        synchronized (this) {
            released = true;
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(this::start);
    }

    private void start(Runnable task) {
        Thread t = new Thread(task, "gateway-startup-" + count.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }
}
