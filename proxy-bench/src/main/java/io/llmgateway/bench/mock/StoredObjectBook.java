package io.llmgateway.bench.mock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files, batches and responses an upstream created, each with the credential that created it:
 * as OpenAI keeps objects per organisation, another credential gets 404 for them. Kept only with
 * {@link MockOptions#keepObjects()}, for the tests of object affinity; grows with every object.
 * Thread-safe.
 */
final class StoredObjectBook {

    /** One stored object: who created it, and the model a response was made with. */
    record Entry(String credential, String model) {
    }

    private final Map<String, Entry> objects = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** A fresh id with {@code prefix} ({@code file-}, {@code batch_}), recorded as {@code credential}'s. */
    String create(String prefix, String credential, String model) {
        String id = prefix + "kept" + ids.incrementAndGet();
        created(id, credential, model);
        return id;
    }

    void created(String id, String credential, String model) {
        objects.put(id, new Entry(credential == null ? "" : credential, model));
    }

    /** The object {@code id} as {@code credential} may see it; null when unknown or someone else's. */
    Entry find(String id, String credential) {
        Entry e = objects.get(id);
        return e != null && e.credential().equals(credential == null ? "" : credential) ? e : null;
    }

    void delete(String id) {
        objects.remove(id);
    }
}
