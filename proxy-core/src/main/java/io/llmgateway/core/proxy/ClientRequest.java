package io.llmgateway.core.proxy;

import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A complete client request ready to be proxied. {@code body} is owned by the exchange that
 * receives this (one reference), which releases it when it is over.
 *
 * @param snapshot  the config snapshot the request started with
 * @param endpoint  the OpenAI operation
 * @param headers   the client's request headers
 * @param body      the request body as received (a composite of the received buffers)
 * @param fields    the routing fields scanned from the body
 * @param route     the resolved route of {@code fields.model()} (or the operation's {@code endpoints:}
 *                  default); null for a request that names a stored object and no model, where no
 *                  default serves the operation (the key that holds the object serves it, if known)
 * @param requestId the request id (client's {@code X-Request-ID} or generated)
 * @param keepAlive whether the client wants the connection kept open after the response
 * @param clientKeyId the id of the client key that authenticated the request; null when client
 *                  authentication is off
 * @param receivedNanos {@link System#nanoTime()} when the request head arrived
 * @param virtualKey the virtual key the client presented (its models, limits and budget are
 *                  checked when the exchange starts); null when it presented none
 * @param method    the client's method ({@code GET /v1/files}); {@code POST} for most operations
 * @param pathTail  what follows the operation's path, with the client's query ({@code /file-abc/content});
 *                  {@code ""} for most operations
 * @param upload    a multipart upload whose body is still arriving; null when {@code body} is the whole body
 */
public record ClientRequest(
        GatewaySnapshot snapshot,
        Endpoint endpoint,
        HttpHeaders headers,
        ByteBuf body,
        RequestFields fields,
        Route route,
        String requestId,
        boolean keepAlive,
        String clientKeyId,
        long receivedNanos,
        VirtualKeyAccess virtualKey,
        String method,
        String pathTail,
        RequestUpload upload) {

    /** A {@code POST} to an operation's own path, its body complete. */
    public ClientRequest(GatewaySnapshot snapshot, Endpoint endpoint, HttpHeaders headers, ByteBuf body,
            RequestFields fields, Route route, String requestId, boolean keepAlive, String clientKeyId,
            long receivedNanos, VirtualKeyAccess virtualKey) {
        this(snapshot, endpoint, headers, body, fields, route, requestId, keepAlive, clientKeyId, receivedNanos,
                virtualKey, "POST", "", null);
    }

    /**
     * The body bytes the prompt's tokens are estimated from: none for the operations whose cost is
     * not in tokens of their body (images, audio, files, batches), whose TPM is only what the
     * upstream reports.
     */
    public int promptBytes() {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MODERATIONS, MESSAGES, MESSAGES_COUNT_TOKENS, RESPONSES ->
                    body.readableBytes();
            case IMAGES_GENERATIONS, IMAGES_EDITS, AUDIO_SPEECH, AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS, FILES,
                    BATCHES -> 0;
        };
    }

    /** A request of a client without a virtual key. */
    public ClientRequest(GatewaySnapshot snapshot, Endpoint endpoint, HttpHeaders headers, ByteBuf body,
            RequestFields fields, Route route, String requestId, boolean keepAlive, String clientKeyId,
            long receivedNanos) {
        this(snapshot, endpoint, headers, body, fields, route, requestId, keepAlive, clientKeyId, receivedNanos, null);
    }
}
