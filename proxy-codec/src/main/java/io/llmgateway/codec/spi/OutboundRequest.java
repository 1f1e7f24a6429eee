package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.json.RequestFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One attempt to send a client's request to one deployment, as an adapter sees it.
 *
 * <p>{@code body} is the client's request body exactly as received. The adapter must not
 * release it, change its indexes or keep it past {@link ProviderAdapter#prepare}: the core owns
 * it and may reuse it for a retry on another deployment. An adapter that forwards it uses
 * {@code body.retainedDuplicate()} or retained slices.
 *
 * @param endpoint      which OpenAI operation the client called
 * @param provider      the provider of the chosen deployment
 * @param upstreamModel the model name the provider expects (alias already resolved)
 * @param secret        the chosen key's credential; never to be logged or put in an error
 * @param body          the client's request body (see above)
 * @param fields        the routing fields scanned from {@code body}
 * @param alloc         the allocator of the channel the request will be written to
 * @param aws           the key's AWS credential when it has one (Bedrock SigV4; then {@code secret}
 *                      is its secret access key); null otherwise
 * @param method        the client's HTTP method ({@code GET /v1/files}, {@code DELETE /v1/files/{id}})
 * @param pathTail      what follows {@link Endpoint#suffix()} in the client's path, with the client's
 *                      query: {@code ""}, {@code "/file-abc/content"}, {@code "?limit=2"}; already
 *                      checked to be a safe path (no {@code ..}, no encoded slash)
 */
public record OutboundRequest(
        Endpoint endpoint,
        ProviderSettings provider,
        String upstreamModel,
        String secret,
        ByteBuf body,
        RequestFields fields,
        ByteBufAllocator alloc,
        AwsCredentials aws,
        String method,
        String pathTail) {

    /** A {@code POST} to the operation's own path (chat, completions, embeddings and most others), no AWS credential. */
    public OutboundRequest(Endpoint endpoint, ProviderSettings provider, String upstreamModel, String secret,
            ByteBuf body, RequestFields fields, ByteBufAllocator alloc) {
        this(endpoint, provider, upstreamModel, secret, body, fields, alloc, null, "POST", "");
    }

    /** A {@code POST} to the operation's own path with the key's AWS credential (Bedrock SigV4), or null. */
    public OutboundRequest(Endpoint endpoint, ProviderSettings provider, String upstreamModel, String secret,
            ByteBuf body, RequestFields fields, ByteBufAllocator alloc, AwsCredentials aws) {
        this(endpoint, provider, upstreamModel, secret, body, fields, alloc, aws, "POST", "");
    }

    /** Any method and path tail (files, batches), no AWS credential. */
    public OutboundRequest(Endpoint endpoint, ProviderSettings provider, String upstreamModel, String secret,
            ByteBuf body, RequestFields fields, ByteBufAllocator alloc, String method, String pathTail) {
        this(endpoint, provider, upstreamModel, secret, body, fields, alloc, null, method, pathTail);
    }

    public OutboundRequest {
        requireNonNull(method, "method");
        requireNonNull(pathTail, "pathTail");
        requireNonNull(endpoint, "endpoint");
        requireNonNull(provider, "provider");
        requireNonNull(upstreamModel, "upstreamModel");
        requireNonNull(secret, "secret");
        requireNonNull(body, "body");
        requireNonNull(fields, "fields");
        requireNonNull(alloc, "alloc");
    }

    @Override
    public String toString() {
        // The secret stays out of every string form of this record.
        return "OutboundRequest[" + endpoint + " via " + provider.id() + " model=" + upstreamModel + ']';
    }
}
