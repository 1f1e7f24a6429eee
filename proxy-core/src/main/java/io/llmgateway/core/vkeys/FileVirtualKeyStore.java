package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The embedded store: two JSON files under {@code storage.data_dir}, {@value #DEFINITIONS} (keys
 * with their hash, teams) and {@value #SPEND} (the daily spend rows), each replaced whole.
 *
 * <p>Crash safety by write-temp, fsync, atomic rename, fsync the directory: a reader sees the old
 * file or the new one, never a mix, whenever the process or the machine stops. A temp file left by
 * a crash ({@code *.tmp}) is ignored and overwritten by the next write. Why whole files rather
 * than an append-only journal: the definitions are small and change at the operator's pace; the
 * spend file has one row per day, key, model and provider, rewritten at most once per flush
 * interval off the event loop — small enough for years of use, and a journal would need
 * compaction and checksums to reach the same guarantee.
 *
 * <p>Thread-safe: each file's writes are serialised (the admin thread writes definitions, the
 * spend flusher the spend). The directory is created at the first write: a gateway that never
 * stores anything leaves no trace.
 */
public final class FileVirtualKeyStore implements VirtualKeyStore {

    static final String DEFINITIONS = "virtual-keys.json";
    static final String SPEND = "spend.json";

    private final Path dir;
    private final Object definitionsLock = new Object();
    private final Object spendLock = new Object();

    public FileVirtualKeyStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public StoredDefinitions loadDefinitions() {
        StoredDefinitions d = read(DEFINITIONS, StoreJson::readDefinitions);
        return d == null ? StoredDefinitions.EMPTY : d;
    }

    @Override
    public void saveDefinitions(StoredDefinitions definitions) {
        synchronized (definitionsLock) {
            write(DEFINITIONS, AdminJson.write(StoreJson.definitions(definitions)));
        }
    }

    @Override
    public List<SpendRow> loadSpend() {
        List<SpendRow> rows = read(SPEND, StoreJson::readSpend);
        return rows == null ? List.of() : rows;
    }

    @Override
    public void saveSpend(List<SpendRow> rows) {
        synchronized (spendLock) {
            write(SPEND, AdminJson.write(StoreJson.spend(rows)));
        }
    }

    private <T> T read(String name, Function<Map<String, Object>, T> parse) {
        Path file = dir.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse.apply(AdminJson.parseObject(bytes));
        } catch (AdminException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage()
                    + "); move it away to start without it", e);
        }
    }

    private void write(String name, byte[] bytes) {
        Path file = dir.resolve(name);
        Path temp = dir.resolve(name + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // some file systems cannot open a directory: the rename is then as durable as they make it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
