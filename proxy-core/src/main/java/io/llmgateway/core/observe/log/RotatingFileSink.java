package io.llmgateway.core.observe.log;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.LoggingConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * {@code logging.file}: the request log as JSON lines in a file that rotates at a size —
 * {@code llm.log} becomes {@code llm.log.1}, {@code llm.log.1} becomes {@code llm.log.2}, ...,
 * and the oldest beyond {@code max_backups} is deleted. Missing directories are created.
 *
 * <p>The observer only queues a line ({@link #offer}: a lock-free offer, no wake-up call); a thread
 * of the sink's own writes them, so that a slow disk stalls neither metrics nor the other sinks.
 * The writer takes whatever has queued, writes it through a 64 KiB buffer, flushes when the queue
 * is empty, and then sleeps {@value #WRITE_INTERVAL_MS} ms: under load a line costs a buffer copy,
 * not a system call, and reaches the file within about that interval. A full queue drops the
 * newest line and counts it. A write error drops the line, is logged once until the file is
 * writable again, and never stops the thread.
 */
final class RotatingFileSink implements RequestLogSink {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RotatingFileSink.class);
    /** Lines waiting for the disk at most. */
    static final int QUEUE_CAPACITY = 16_384;
    /** How long the writer sleeps once it has written and flushed everything queued. */
    static final long WRITE_INTERVAL_MS = 50;
    private static final byte[] NEWLINE = {'\n'};

    private final Path path;
    private final long maxBytes;
    private final int maxBackups;
    private final MpscArrayQueue<byte[]> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;
    private OutputStream file;
    private long size;
    private boolean failing;

    /** The sink {@code config} describes, started. */
    static RotatingFileSink start(LoggingConfig.FileSink config) {
        return new RotatingFileSink(Path.of(config.path()), config.maxSizeMb() * 1024L * 1024L, config.maxBackups(),
                QUEUE_CAPACITY).start();
    }

    /**
     * @param maxBytes   the size past which the file rotates (tests use a few hundred bytes)
     * @param maxBackups rotated files kept
     */
    RotatingFileSink(Path path, long maxBytes, int maxBackups, int queueCapacity) {
        this.path = requireNonNull(path, "path");
        if (maxBytes <= 0 || maxBackups < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + ", maxBackups: " + maxBackups
                    + " (expected: maxBytes > 0, maxBackups >= 0)");
        }
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        this.queue = new MpscArrayQueue<>(queueCapacity);
        this.writer = new Thread(this::run, "llm-request-log-file");
        writer.setDaemon(true);
    }

    RotatingFileSink start() {
        writer.start();
        return this;
    }

    @Override
    public void offer(RequestLogEntry entry) {
        if (!queue.offer(entry.utf8())) {
            dropped.increment();
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written since start. */
    long written() {
        return written.sum();
    }

    @Override
    public void close() {
        closing = true; // an interrupt would close a file channel mid-write
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                boolean last = closing; // read before draining: what was queued before close() is written
                if (queue.drain(this::write) > 0) {
                    continue;
                }
                flush();
                if (last) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WRITE_INTERVAL_MS));
            }
        } finally {
            closeFile();
        }
    }

    private void write(byte[] bytes) {
        try {
            if (file == null) {
                open();
            }
            if (size > 0 && size + bytes.length + 1 > maxBytes) {
                rotate();
            }
            file.write(bytes);
            file.write(NEWLINE);
            size += bytes.length + 1;
            written.increment();
            if (failing) {
                failing = false;
                LOG.info("request log: writing to {} again ({} lines dropped so far)", path, dropped());
            }
        } catch (IOException | RuntimeException e) {
            dropped.increment();
            closeFile();
            if (!failing) {
                failing = true;
                LOG.warn("request log: cannot write to {} ({}); lines are dropped until it works again", path,
                        e.toString());
            }
        }
    }

    private void open() throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        file = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 64 * 1024);
        size = Files.size(path);
    }

    private void rotate() throws IOException {
        closeFile();
        if (maxBackups == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(backup(maxBackups));
            for (int i = maxBackups - 1; i >= 1; i--) {
                Path from = backup(i);
                if (Files.exists(from)) {
                    Files.move(from, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path backup(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    private void flush() {
        if (file == null) {
            return;
        }
        try {
            file.flush();
        } catch (IOException e) {
            closeFile();
            if (!failing) {
                failing = true;
                LOG.warn("request log: cannot write to {} ({}); lines are dropped until it works again", path,
                        e.toString());
            }
        }
    }

    private void closeFile() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("request log: closing {}", path, e);
        }
        file = null;
    }
}
