package io.llmgateway.codec.spi;

import java.util.List;

/**
 * Speaks one upstream protocol. Implementations are stateless and thread-safe: a pure function of
 * the request bytes and the provider settings. They never open sockets, block or log secrets.
 *
 * <pre>
 *   client body --prepare--> UpstreamCall --(core sends it)--> upstream response
 *                                  '--translator--> OpenAI body / chunks / error
 * </pre>
 */
public interface ProviderAdapter {

    /** The {@code providers[].type} values this adapter serves. */
    List<String> types();

    /** Whether the provider can serve this OpenAI operation at all. */
    boolean supports(Endpoint endpoint);

    /**
     * Checks the adapter-specific settings of a provider at config load.
     *
     * @return human-readable problems, each starting with the YAML key it concerns relative to the
     *         provider (e.g. {@code "api_version: must be a date like 2024-10-21"}); empty if fine
     */
    default List<String> validate(ProviderSettings settings) {
        return List.of();
    }

    /**
     * Builds the upstream request for one attempt. Runs on an event loop: must not block.
     *
     * @throws RequestRejectedException when the client's request cannot be expressed in this
     *         protocol (the client gets a 400 with the exception's message and param)
     */
    UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException;
}
