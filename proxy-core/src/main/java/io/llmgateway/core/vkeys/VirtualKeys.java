package io.llmgateway.core.vkeys;

import io.llmgateway.core.admin.AdminModule;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.state.RuntimeStore;
import io.llmgateway.core.state.StateKeeper;
import java.nio.file.Path;

/**
 * Virtual keys, teams and spend of one running gateway, built once at start and kept across
 * reloads: the {@link VirtualKeyRegistry} (the request path's source of keys), the
 * {@link SpendLedger} (an outcome consumer) and the admin module, over the embedded
 * {@link FileVirtualKeyStore} in {@code storage.data_dir}.
 */
public final class VirtualKeys {

    private final VirtualKeyRegistry registry;
    private final SpendLedger ledger;
    /** Null with the embedded store. */
    VirtualKeySharing sharing;

    private VirtualKeys(VirtualKeyRegistry registry, SpendLedger ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    /** Loads what {@code storage.data_dir} holds and applies {@code config}'s keys and teams. Blocks on the disk. */
    public static VirtualKeys open(GatewayConfig config) {
        return open(config, new FileVirtualKeyStore(Path.of(config.storage().dataDir())));
    }

    public static VirtualKeys open(GatewayConfig config, VirtualKeyStore store) {
        VirtualKeyRegistry registry = VirtualKeyRegistry.open(config.auth(), store);
        return new VirtualKeys(registry, SpendLedger.open(registry, store));
    }

    /**
     * Keys, teams and spend shared with the other instances through {@code keeper}'s runtime store:
     * the run-time keys and teams live there, budgets add up there, limits are leased from there.
     * The spend history stays in {@code storage.data_dir}. Blocks on the store (at start only).
     */
    public static VirtualKeys open(GatewayConfig config, StateKeeper keeper, RuntimeStore shared) {
        VirtualKeyStore store = new SharedVirtualKeyStore(shared,
                new FileVirtualKeyStore(Path.of(config.storage().dataDir())));
        VirtualKeys v = open(config, store);
        v.registry.share(keeper);
        VirtualKeySharing sharing = new VirtualKeySharing(v.registry);
        v.sharing = sharing;
        v.ledger.share(sharing);
        keeper.participate(sharing);
        return v;
    }

    static VirtualKeys of(VirtualKeyRegistry registry, SpendLedger ledger) {
        return new VirtualKeys(registry, ledger);
    }

    public VirtualKeyRegistry registry() {
        return registry;
    }

    /** The consumer that turns outcomes into spend; the observation queue closes it. */
    public OutcomeConsumer spendConsumer() {
        return ledger;
    }

    /** The admin routes {@code /virtual-keys}, {@code /teams}, {@code /spend}. */
    public AdminModule adminModule() {
        return new VirtualKeysAdmin(registry, ledger);
    }

    /** A new config was published: its keys and teams replace the config's old ones. */
    public void reconfigure(GatewayConfig config) {
        registry.applyConfig(config.auth());
    }
}
