package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one path by which a configuration becomes the running one. Every trigger — SIGHUP,
 * {@code POST /admin/v1/reload}, {@code POST /admin/v1/config}, the file watcher, the URL poller —
 * calls it; it reads the {@link ConfigStore}, validates, and only then publishes, so a document
 * that does not validate is rejected with its problems and the running configuration keeps
 * serving. Each publish gets the next version number.
 *
 * <p>Serialised: one reload, validation-and-write or publish at a time, on the caller's thread,
 * which is never an event loop (a read may wait on a disk or a network). {@link #running()} is a
 * volatile read, for any thread.
 *
 * <p>State that lives beside the configuration (the usage windows, cooldowns and health of
 * provider keys) is not held here: the publisher builds the next snapshot on the same registries,
 * which keep what they know of every id that survives.
 */
public final class ConfigControl {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConfigControl.class);

    /**
     * The running configuration.
     *
     * @param config   the validated configuration
     * @param text     the document it was read from, as written ({@code ${VAR}} not substituted)
     * @param version  1 for the configuration the gateway started with, one more at each publish
     * @param loadedAt when it was published
     */
    public record Running(GatewayConfig config, String text, long version, Instant loadedAt) {
    }

    /** What a validation found: {@code valid} when {@code problems} is empty. */
    public record Validation(boolean valid, List<String> problems, List<String> warnings) {
    }

    /** A configuration published: its version, where it came from, its warnings. */
    public record Applied(long version, String source, List<String> warnings) {
    }

    private final ConfigStore store;
    private final ConfigLoader loader;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Running running;
    private Consumer<GatewayConfig> publisher;
    /** The message of the last failed read without a change ({@link #reloadIfChanged}): said once, not at every poll. */
    private String lastQuietFailure;
    /** The last document rejected by {@link #reloadIfChanged}: not read into problems again until it changes. */
    private String lastRejectedText;

    private ConfigControl(ConfigStore store, ConfigLoader loader, Clock clock, Running first) {
        this.store = store;
        this.loader = loader;
        this.clock = clock;
        this.running = first;
    }

    /**
     * Reads and validates the first configuration (version 1). Nothing is published until
     * {@link #publishTo} is given the running server.
     *
     * @throws ConfigException when it cannot be read or does not validate
     */
    public static ConfigControl open(ConfigStore store, ConfigLoader loader, Clock clock) throws ConfigException {
        requireNonNull(store, "store");
        requireNonNull(loader, "loader");
        String text = store.read(false);
        GatewayConfig config = loader.parse(text, store.location());
        return new ConfigControl(store, loader, clock, new Running(config, text, 1, clock.instant()));
    }

    /**
     * From now on every accepted configuration goes to {@code publisher} (the server), in the order
     * accepted. When a reload was accepted after the server started on {@code serving} and before
     * this call, its configuration is published at once.
     */
    public void publishTo(GatewayConfig serving, Consumer<GatewayConfig> publisher) {
        synchronized (lock) {
            this.publisher = requireNonNull(publisher, "publisher");
            if (running.config() != serving) {
                publisher.accept(running.config());
            }
        }
    }

    public Running running() {
        return running;
    }

    public ConfigStore store() {
        return store;
    }

    /**
     * Reads the store again and publishes what it holds, also when unchanged (a reload re-enables
     * keys disabled after 401/403).
     *
     * @param trigger what asked, for the log line ({@code "SIGHUP"}, {@code "admin API"})
     * @throws ConfigException when it cannot be read or does not validate (logged; the running
     *         configuration stays)
     */
    public Applied reload(String trigger) throws ConfigException {
        synchronized (lock) {
            String text;
            try {
                text = store.read(false);
            } catch (ConfigException e) {
                rejected(trigger, e);
                throw e;
            }
            return validateAndPublish(text, trigger);
        }
    }

    /**
     * For the watcher and the poller: reads the store and publishes only a document that differs
     * from the running one and from the last one rejected. A failure to read is logged once until
     * it changes or a read succeeds.
     *
     * @return what was published, or null when nothing changed
     * @throws ConfigException when a changed document does not validate (logged; the running
     *         configuration stays)
     */
    public Applied reloadIfChanged(String trigger) throws ConfigException {
        synchronized (lock) {
            String text;
            try {
                text = store.read(true);
            } catch (ConfigException e) {
                if (!e.getMessage().equals(lastQuietFailure)) {
                    lastQuietFailure = e.getMessage();
                    rejected(trigger, e);
                }
                throw e;
            }
            if (lastQuietFailure != null) {
                LOG.info("{} can be read again", store.location());
                lastQuietFailure = null;
            }
            if (text == null || text.equals(running.text()) || text.equals(lastRejectedText)) {
                return null;
            }
            try {
                return validateAndPublish(text, trigger);
            } catch (ConfigException e) {
                lastRejectedText = text;
                throw e;
            }
        }
    }

    /** Validates {@code yaml} as a reload would, changing nothing. Any thread. */
    public Validation validate(String yaml) {
        try {
            GatewayConfig config = loader.parse(yaml, "the document");
            return new Validation(true, List.of(), config.warnings());
        } catch (ConfigException e) {
            return new Validation(false, e.problems(), List.of());
        }
    }

    /**
     * Validates {@code yaml}, writes it to the store atomically, then publishes it: a document that
     * does not validate is neither written nor published; one that cannot be written is not
     * published.
     *
     * @throws ConfigException        when it does not validate
     * @throws IOException            when it cannot be written
     * @throws IllegalStateException  when the store cannot be written ({@link ConfigStore#writable()})
     */
    public Applied apply(String yaml, String trigger) throws ConfigException, IOException {
        if (!store.writable()) {
            throw new IllegalStateException(store.location() + " cannot be written");
        }
        synchronized (lock) {
            GatewayConfig config;
            try {
                config = loader.parse(yaml, store.location());
            } catch (ConfigException e) {
                rejected(trigger, e);
                throw e;
            }
            store.write(yaml);
            return publish(config, yaml, trigger);
        }
    }

    private Applied validateAndPublish(String text, String trigger) throws ConfigException {
        GatewayConfig config;
        try {
            config = loader.parse(text, store.location());
        } catch (ConfigException e) {
            rejected(trigger, e);
            throw e;
        }
        return publish(config, text, trigger);
    }

    private Applied publish(GatewayConfig config, String text, String trigger) {
        if (publisher != null) {
            publisher.accept(config);
        }
        Running next = new Running(config, text, running.version() + 1, clock.instant());
        running = next;
        lastRejectedText = null;
        for (String w : config.warnings()) {
            LOG.warn(w);
        }
        LOG.info("reloaded {} ({}): version {}, {} provider(s), {} alias(es) (server.listen, io_threads, transport, "
                + "allocator, storage.config, upstream.connect_timeout_ms, upstream.pool and upstream.tls need a "
                + "restart)", store.location(), trigger, next.version(), config.providers().size(),
                config.aliases().size());
        return new Applied(next.version(), store.location(), config.warnings());
    }

    private static void rejected(String trigger, ConfigException e) {
        LOG.error("reload rejected ({}), the running config stays:\n{}", trigger, e.getMessage());
    }
}
