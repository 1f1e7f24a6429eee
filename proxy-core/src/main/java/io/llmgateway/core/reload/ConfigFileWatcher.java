package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls an action when the configuration file may have changed ({@code storage.config.watch}),
 * debounced by {@code storage.config.watch_debounce_ms}. It watches the file's directory, not the
 * file, because editors and Kubernetes replace a file rather than write into it: an editor renames
 * a new file over the old one; a ConfigMap volume swaps the {@code ..data} link to a new directory
 * and the file, a link through {@code ..data}, never changes itself. When the file is a link into
 * another directory, that directory is watched too (and the one the link leads to after each
 * change). Events for other names in those directories are ignored, except Kubernetes'
 * {@code ..}-names.
 *
 * <p>The action decides whether anything changed (it compares the text with the running one), so
 * a spurious event costs one read. Threads: one blocks on the {@link WatchService}; a second runs
 * the debounced action, so actions never overlap.
 */
public final class ConfigFileWatcher implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConfigFileWatcher.class);

    private final Path file;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Debouncer debouncer;
    private final Set<Path> watched = new HashSet<>();
    private final Thread thread;

    private ConfigFileWatcher(Path file, long debounceMs, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "config-watch-debounce"));
        this.debouncer = new Debouncer(debounceMs, (task, delay) -> {
            ScheduledFuture<?> f = scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }, () -> {
            watchTarget();
            onChange.run();
        });
        register(this.file.getParent());
        watchTarget();
        this.thread = daemon(this::loop, "config-watch");
    }

    /**
     * Starts watching {@code file}.
     *
     * @param onChange run (on the watcher's own thread) once the file's directory has been quiet
     *                 for {@code debounceMs} after a change
     * @throws IOException when the directory cannot be watched
     */
    public static ConfigFileWatcher start(Path file, long debounceMs, Runnable onChange) throws IOException {
        requireNonNull(onChange, "onChange");
        ConfigFileWatcher w = new ConfigFileWatcher(requireNonNull(file, "file"), debounceMs, onChange);
        w.thread.start();
        return w;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    relevant |= e.kind() == StandardWatchEventKinds.OVERFLOW || concerns(e.context());
                }
                key.reset();
                if (relevant) {
                    debouncer.trigger();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** The file's name, the name of the file its link leads to, or a Kubernetes {@code ..data} swap. */
    private boolean concerns(Object context) {
        if (!(context instanceof Path name)) {
            return true;
        }
        String n = name.toString();
        if (n.startsWith("..") || name.equals(file.getFileName())) {
            return true;
        }
        Path target = target();
        return target != null && name.equals(target.getFileName());
    }

    private Path target() {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** The directory of the file the link leads to, now (a ConfigMap swap moves it). */
    private void watchTarget() {
        Path target = target();
        if (target != null && Files.isSymbolicLink(file)) {
            register(target.getParent());
        }
    }

    private synchronized void register(Path dir) {
        if (dir == null || watched.contains(dir)) {
            return;
        }
        try {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watched.add(dir);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.warn("cannot watch {} for changes of {}: {}", dir, file, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the config watcher", e);
        }
        scheduler.shutdownNow();
        thread.interrupt();
    }
}
