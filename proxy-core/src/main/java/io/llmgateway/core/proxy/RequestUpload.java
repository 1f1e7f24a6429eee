package io.llmgateway.core.proxy;

/**
 * A request whose body is still arriving when the exchange starts: a multipart upload routed by
 * the prefix read so far ({@link ClientRequest#body()}), whose rest the client connection hands to
 * the exchange piece by piece ({@link ProxyExchange#onUploadContent}).
 *
 * @param declaredLength the client's {@code Content-Length}; -1 for a chunked body
 * @param prefixBytes    the bytes of the body already read (the exchange's {@code body})
 */
public record RequestUpload(long declaredLength, long prefixBytes) {

    /**
     * The upstream's {@code Content-Length} when the prefix goes as {@code sentPrefixBytes} (its
     * {@code model} replaced); -1 for a chunked body, which goes chunked.
     */
    long upstreamLength(long sentPrefixBytes) {
        return declaredLength < 0 ? -1 : declaredLength - prefixBytes + sentPrefixBytes;
    }
}
