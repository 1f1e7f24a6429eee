package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.upstream.PrematureCloseException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.SocketTimeoutException;

/**
 * What a failed attempt means: for the balancer, an {@link ErrorKind} (which {@link RetryPolicy}
 * reads to decide on another attempt); for the client, when the gateway answers itself, a
 * {@link GatewayError}.
 *
 * <pre>
 *   upstream 429, 5xx, 529                         -> RATE_LIMITED, SERVER_ERROR, OVERLOADED (relayed)
 *   upstream 4xx the adapter calls context length  -> CONTEXT_LENGTH (a context-window fallback)
 *   connect / TLS handshake / socket timeout       -> TIMEOUT, 504 upstream_timeout
 *   closed before answering                        -> CONNECT, 502 upstream_disconnected
 *   refused, DNS, TLS, any other I/O failure       -> CONNECT, 502 upstream_unreachable
 *   closed at once by a pooled connection          -> re-sent on a fresh connection (isStaleConnection)
 * </pre>
 *
 * <p>Stateless. Runs only when an attempt fails: it may allocate.
 */
final class FailureClassifier {

    /** A failure without an upstream answer: how the balancer records it and what the client is told. */
    record ConnectionFailure(ErrorKind kind, GatewayError error, String message) {
    }

    private FailureClassifier() {
    }

    /** The kind of an upstream HTTP status, the body aside. */
    static ErrorKind ofStatus(int status) {
        if (status < 400) {
            return ErrorKind.NONE;
        }
        return switch (status) {
            case 401, 403 -> ErrorKind.AUTH;
            case 408 -> ErrorKind.TIMEOUT;
            case 429 -> ErrorKind.RATE_LIMITED;
            case 503, 529 -> ErrorKind.OVERLOADED;
            default -> status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.CLIENT_ERROR;
        };
    }

    /**
     * How an upstream error response settles its attempt: the kind of its status, made
     * {@link ErrorKind#CONTEXT_LENGTH} when a client error is one the adapter recognised as a
     * prompt too long for the model; the wait the provider asked for, from the translated error
     * or the response's headers.
     *
     * @param translated the adapter's translation of the error; null for a pass-through call
     */
    static Result upstreamError(int status, ErrorClassification classification, UpstreamError translated,
            HttpHeaders headers) {
        ErrorKind kind = ofStatus(status);
        if (kind == ErrorKind.CLIENT_ERROR && classification.contextLengthExceeded()) {
            kind = ErrorKind.CONTEXT_LENGTH;
        }
        long retryAfterMs = translated != null && translated.retryAfterMs() >= 0 ? translated.retryAfterMs()
                : RetryAfter.millis(headers::get, System.currentTimeMillis());
        return new Result(status, kind, null, retryAfterMs, headers::get);
    }

    /** A connection that failed before an answer: timed out, closed early, or never established. */
    static ConnectionFailure ofConnection(Throwable cause, String providerId) {
        if (isTimeout(cause)) {
            return new ConnectionFailure(ErrorKind.TIMEOUT, GatewayError.UPSTREAM_TIMEOUT,
                    "timed out connecting to upstream '" + providerId + "'");
        }
        if (cause instanceof PrematureCloseException) {
            return new ConnectionFailure(ErrorKind.CONNECT, GatewayError.UPSTREAM_DISCONNECTED,
                    "upstream '" + providerId + "': " + cause.getMessage());
        }
        return new ConnectionFailure(ErrorKind.CONNECT, GatewayError.UPSTREAM_UNREACHABLE,
                "cannot reach upstream '" + providerId + "': " + describe(cause));
    }

    /**
     * Whether the failure is a pooled connection the origin had already closed: the request never
     * reached the provider, and may go again on a fresh connection to the same deployment.
     *
     * @param previousExchanges exchanges the connection carried before this one
     */
    static boolean isStaleConnection(Throwable cause, boolean responseBegun, int previousExchanges) {
        return !responseBegun && cause instanceof PrematureCloseException && previousExchanges > 0;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof ConnectTimeoutException || t instanceof SslHandshakeTimeoutException
                || t instanceof SocketTimeoutException;
    }

    /** The root cause's message (or its class name), for error messages: never a stack trace. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }
}
