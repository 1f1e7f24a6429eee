package io.llmgateway.core.auth;

/**
 * Where the request path finds the virtual keys of the moment: the registry publishes a new
 * {@link VirtualKeyIndex} whenever a key or team changes, whatever config snapshot a request
 * started with. {@link #index()} is one volatile read.
 */
@FunctionalInterface
public interface VirtualKeySource {

    /** No virtual keys (a gateway or test without a registry). */
    VirtualKeySource NONE = () -> VirtualKeyIndex.EMPTY;

    VirtualKeyIndex index();
}
