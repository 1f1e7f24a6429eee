package io.llmgateway.bench.mock;

/**
 * What the mock needs from one request, extracted while the request buffer is still held so that
 * no buffer outlives the read that delivered it.
 *
 * @param path the URI's path, without the query string
 * @param model the request's {@code model}, or {@code mock-model} when the body has none
 * @param inputs how many embeddings an embeddings request asks for
 * @param dimensions the requested embedding length, or 0 for the default
 */
record MockRequest(
        Endpoint endpoint,
        String path,
        String model,
        boolean stream,
        boolean includeUsage,
        int inputs,
        int dimensions,
        boolean base64,
        ExchangeSettings settings) implements Incoming {

    static final String DEFAULT_MODEL = "mock-model";
}
