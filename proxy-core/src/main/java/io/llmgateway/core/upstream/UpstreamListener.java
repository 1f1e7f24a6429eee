package io.llmgateway.core.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Receives one upstream exchange's response. All calls happen on the event loop that owns both
 * the upstream connection and the client connection, in order, at most one of
 * {@link #onUpstreamFailure} per exchange and nothing after it.
 */
public interface UpstreamListener {

    /** The response head arrived. */
    void onResponseHead(UpstreamConnection connection, HttpResponse response);

    /**
     * A piece of the response body; ownership passes to the listener (release it). A
     * {@link io.netty.handler.codec.http.LastHttpContent} ends the exchange: the listener then
     * gives the connection back with {@link UpstreamConnection#release()} or closes it.
     */
    void onResponseContent(UpstreamConnection connection, HttpContent content);

    /** The upstream read batch ended: a good moment to flush what was written to the client. */
    void onReadComplete(UpstreamConnection connection);

    /**
     * The exchange failed: connection closed early, I/O error, or a timeout the connection
     * enforces. The connection is already closed.
     *
     * @param cause          what happened
     * @param responseBegun  whether the response head had arrived
     */
    void onUpstreamFailure(UpstreamConnection connection, Throwable cause, boolean responseBegun);

    /**
     * The connection can take more of a streamed request body again ({@link UpstreamConnection#isWritable()}),
     * or cannot. Only a listener that streams a request body ({@link UpstreamConnection#sendHead}) cares.
     */
    default void onWritabilityChanged(UpstreamConnection connection) {
    }
}
