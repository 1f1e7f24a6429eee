package io.llmgateway.core.vkeys;

import java.util.List;

/**
 * Where run-time virtual keys, teams and spend outlive the process: a file under
 * {@code storage.data_dir} ({@link FileVirtualKeyStore}) in the embedded default; Redis takes over
 * with the shared runtime store. Every method may block on I/O: never call one on an event loop.
 */
public interface VirtualKeyStore {

    /** The keys and teams created at run time; empty when nothing was saved yet. */
    StoredDefinitions loadDefinitions();

    /** Replaces the saved keys and teams, durably, before returning. */
    void saveDefinitions(StoredDefinitions definitions);

    /** The spend history; empty when nothing was saved yet. */
    List<SpendRow> loadSpend();

    /** Replaces the saved spend history, durably, before returning. */
    void saveSpend(List<SpendRow> rows);

    /** A store that keeps nothing (tests, and gateways that need no persistence). */
    static VirtualKeyStore none() {
        return new VirtualKeyStore() {
            @Override
            public StoredDefinitions loadDefinitions() {
                return StoredDefinitions.EMPTY;
            }

            @Override
            public void saveDefinitions(StoredDefinitions definitions) {
            }

            @Override
            public List<SpendRow> loadSpend() {
                return List.of();
            }

            @Override
            public void saveSpend(List<SpendRow> rows) {
            }
        };
    }
}
