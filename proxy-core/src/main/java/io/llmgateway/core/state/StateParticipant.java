package io.llmgateway.core.state;

/**
 * A part of the gateway that shares state through the {@link StateKeeper}: the provider keys'
 * flags and quota readings, the virtual keys' definitions and spend. Every method runs on the state
 * thread, may call the store (blocking, bounded by its timeout) and may throw
 * {@link StoreUnavailableException}, which marks the store down; it is called again once it is up.
 */
public interface StateParticipant {

    /** Another instance changed something ({@link RuntimeStore#version} moved): read it and apply it. */
    default void changed(RuntimeStore store) {
    }

    /** Once per sync interval while the store is up: push and pull what is shared continuously. */
    default void sync(RuntimeStore store) {
    }

    /** The store is back after an outage: push what was decided or spent meanwhile. */
    default void reconcile(RuntimeStore store) {
    }
}
