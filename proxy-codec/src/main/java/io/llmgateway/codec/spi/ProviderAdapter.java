package io.llmgateway.codec.spi;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Speaks one upstream protocol. Implementations are stateless and thread-safe: a pure function of
 * the request bytes and the provider settings. They never open sockets, block or log secrets.
 *
 * <pre>
 *   client body --prepare--> UpstreamCall --(core sends it)--> upstream response
 *                                  '--translator--> OpenAI body / chunks / error (classified)
 *                                  '--no translator: classifyError(error body) --> relayed as is
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

    /**
     * Reads an upstream error response of a call that has no translator (its body is relayed to
     * the client as the provider sent it), for what the core must know of it: the error code, and
     * whether the prompt was too long for the model (then the core tries a context-window fallback).
     * A call with a translator is classified by {@link ResponseTranslator#translateError} instead.
     * Runs on an event loop: must not block. The arguments are borrowed.
     *
     * @param status  the upstream HTTP status (4xx or 5xx)
     * @param headers the upstream response headers
     * @param body    the complete upstream body (may be empty or not JSON)
     */
    default ErrorClassification classifyError(int status, HeaderLookup headers, ByteBuf body) {
        return ErrorClassification.UNKNOWN;
    }
}
