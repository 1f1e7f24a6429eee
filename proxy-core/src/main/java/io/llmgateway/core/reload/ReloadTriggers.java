package io.llmgateway.core.reload;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigStoreConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;

/**
 * The triggers that reload without being asked, as {@code storage.config} sets them: the file
 * watcher ({@code watch: true} on a file) or the URL poller ({@code type: http} with a
 * {@code poll_interval_ms}). Both go through {@link ConfigControl#reloadIfChanged}. SIGHUP and the
 * admin API call {@link ConfigControl} themselves.
 */
public final class ReloadTriggers implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ReloadTriggers.class);

    private final AutoCloseable trigger;

    private ReloadTriggers(AutoCloseable trigger) {
        this.trigger = trigger;
    }

    /** Starts what {@code control}'s store settings ask for; logs what it started. */
    public static ReloadTriggers start(ConfigControl control) {
        ConfigStore store = control.store();
        ConfigStoreConfig settings = store.settings();
        if (store instanceof FileConfigStore file && settings.watch()) {
            try {
                ConfigFileWatcher w = ConfigFileWatcher.start(file.file(), settings.watchDebounceMs(),
                        () -> reloadIfChanged(control, "file changed"));
                LOG.info("config: watching {} (reloaded {} ms after it stops changing)", file.location(),
                        settings.watchDebounceMs());
                return new ReloadTriggers(w);
            } catch (IOException e) {
                LOG.warn("config: cannot watch {} ({}): reload it with SIGHUP or POST /admin/v1/reload",
                        file.location(), e.toString());
                return new ReloadTriggers(null);
            }
        }
        if (settings.http() && settings.pollIntervalMs() > 0) {
            LOG.info("config: from {}, read again every {} ms", store.location(), settings.pollIntervalMs());
            return new ReloadTriggers(ConfigPoller.start(settings.pollIntervalMs(),
                    () -> reloadIfChanged(control, "poll")));
        }
        return new ReloadTriggers(null);
    }

    /** Never throws: an exception would end a scheduled poll for good. */
    private static void reloadIfChanged(ConfigControl control, String trigger) {
        try {
            control.reloadIfChanged(trigger);
        } catch (ConfigException e) {
            // logged by ConfigControl; the running configuration stays
        } catch (RuntimeException e) {
            LOG.error("reload ({}) failed, the running config stays", trigger, e);
        }
    }

    @Override
    public void close() {
        if (trigger == null) {
            return;
        }
        try {
            trigger.close();
        } catch (Exception e) {
            LOG.debug("closing the reload trigger", e);
        }
    }
}
