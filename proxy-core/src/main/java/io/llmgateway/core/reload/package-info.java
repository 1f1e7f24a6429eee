/**
 * Reloading the configuration: {@link io.llmgateway.core.reload.ConfigControl} is the one path by
 * which a document becomes the running configuration, whatever asked (SIGHUP, the admin API's
 * {@code POST /reload} and {@code POST /config}, {@link io.llmgateway.core.reload.ConfigFileWatcher},
 * {@link io.llmgateway.core.reload.ConfigPoller}), reading a
 * {@link io.llmgateway.core.reload.ConfigStore} (a file, a URL, the demo's text).
 *
 * <p>Threads: nothing here runs on an event loop. Each trigger calls in on its own thread (the
 * JVM's signal thread, the {@code llm-admin} thread, {@code config-watch-debounce},
 * {@code config-poll}); {@code ConfigControl} serialises them on one lock, held across the read,
 * the validation, the write and the publish, so that versions are published in the order they are
 * numbered. The running configuration is one volatile reference, read by any thread; the server's
 * snapshot is swapped by the publisher, so requests never wait on a reload.
 */
package io.llmgateway.core.reload;
