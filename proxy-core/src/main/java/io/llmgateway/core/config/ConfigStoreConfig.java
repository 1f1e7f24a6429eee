package io.llmgateway.core.config;

/**
 * {@code storage.config:} — where the gateway reads its configuration and what makes it read it
 * again. Read from the file given on the command line when the gateway starts; a change needs a
 * restart.
 *
 * @param type            {@code file} (default): the file given on the command line; {@code http}: the
 *                        document at {@code url}, the local file holding only this section
 * @param path            for {@code file}, the file as the document names it (the command line's file is
 *                        the one read); empty when not set
 * @param url             for {@code http}, the URL fetched with GET
 * @param bearerToken     for {@code http}, sent as {@code Authorization: Bearer}; empty for none
 * @param pollIntervalMs  for {@code http}, how often the URL is fetched again (with {@code If-None-Match});
 *                        0: only at start, on SIGHUP and on {@code POST /admin/v1/reload}
 * @param timeoutMs       for {@code http}, the deadline of one fetch
 * @param watch           for {@code file}, whether a change of the file reloads it
 * @param watchDebounceMs for {@code file}, how long the file must stay unchanged before it is read
 */
public record ConfigStoreConfig(String type, String path, String url, String bearerToken, long pollIntervalMs,
        long timeoutMs, boolean watch, long watchDebounceMs) {

    /** The defaults of every key: the file given on the command line, not watched. */
    public static final ConfigStoreConfig DEFAULT = new ConfigStoreConfig("file", "", "", "", 30_000, 10_000, false,
            500);

    /** Whether the configuration comes from a URL. */
    public boolean http() {
        return type.equals("http");
    }

    @Override
    public String toString() {
        return "ConfigStoreConfig[" + type + ':' + (http() ? url : path) + ']';
    }
}
