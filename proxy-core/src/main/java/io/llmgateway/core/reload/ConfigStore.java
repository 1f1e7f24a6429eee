package io.llmgateway.core.reload;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigStoreConfig;
import java.io.IOException;

/**
 * Where the configuration's text comes from ({@code storage.config}), and whether the admin API
 * may write a new one there. Called by {@link ConfigControl} only, one call at a time, never on an
 * event loop: a read may block on a disk or a network for up to its deadline.
 */
public interface ConfigStore {

    /** Where the text comes from, for messages and {@code GET /admin/v1/config}: a path or a URL, never a credential. */
    String location();

    /** The settings the store was opened with: the triggers (watch, poll) read them. */
    ConfigStoreConfig settings();

    /**
     * Reads the document.
     *
     * @param ifChanged when true, the store may answer null if it knows the document has not
     *                  changed since its last read (an HTTP 304); when false, it always reads
     * @return the text, or null (only when {@code ifChanged})
     * @throws ConfigException when it cannot be read, saying why (never with a credential)
     */
    String read(boolean ifChanged) throws ConfigException;

    /** Whether {@link #write} can replace the document (a file can; a URL or a built-in text cannot). */
    boolean writable();

    /**
     * Replaces the document with {@code yaml} as one atomic step: a reader sees the old text or the
     * new one, never a part, also after a crash.
     *
     * @throws IOException when it cannot be written (the old document is then unchanged)
     * @throws UnsupportedOperationException when not {@link #writable()}
     */
    void write(String yaml) throws IOException;
}
