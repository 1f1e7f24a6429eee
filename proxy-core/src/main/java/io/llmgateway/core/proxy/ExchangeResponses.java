package io.llmgateway.core.proxy;

import static io.llmgateway.codec.error.OpenAiErrors.INVALID_REQUEST;
import static io.llmgateway.codec.error.OpenAiErrors.SERVER_ERROR;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.core.balance.RouteCapacity;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.secrets.SecretMatcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.charset.StandardCharsets;

/**
 * The heads and error bodies one {@link ProxyExchange} sends to its client: the relayed or
 * translated response heads, the gateway's own errors, upstream errors made safe to show, and
 * the gateway's headers on all of them. Confined to the exchange's event loop.
 *
 * <p>Nothing of the upstream's reaches the client carrying the selected key's secret, in any form
 * the deployment's {@link SecretMatcher} knows: an error body quoting it is withheld (its status
 * kept, its message replaced), a relayed header carrying it is dropped — on success heads too,
 * where a header value shorter than the secret costs one comparison.
 */
final class ExchangeResponses {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ExchangeResponses.class);

    static final AsciiString X_GATEWAY_DEPLOYMENT = AsciiString.cached("x-gateway-deployment");
    static final AsciiString RETRY_AFTER_MS = AsciiString.cached("retry-after-ms");
    private static final AsciiString X_SHOULD_RETRY = AsciiString.cached("x-should-retry");
    private static final AsciiString X_GATEWAY_ATTEMPTS = AsciiString.cached("x-gateway-attempts");
    private static final AsciiString X_UPSTREAM_REQUEST_ID = AsciiString.cached("x-upstream-request-id");
    private static final AsciiString X_ACCEL_BUFFERING = AsciiString.cached("x-accel-buffering");
    private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream; charset=utf-8");

    private final ChannelHandlerContext client;
    private final ClientRequest request;

    ExchangeResponses(ChannelHandlerContext client, ClientRequest request) {
        this.client = client;
        this.request = request;
    }

    /** One of the gateway's own errors. */
    FullHttpResponse error(GatewayError error, String message, String param) {
        return Responses.error(client.alloc(), error, message, param, request.requestId(), !request.keepAlive());
    }

    /** An error in OpenAI's shape with a status an upstream gave. */
    private FullHttpResponse upstreamStatusError(int status, String message) {
        return Responses.error(client, HttpResponseStatus.valueOf(status), message,
                status >= 500 ? SERVER_ERROR : INVALID_REQUEST, null, null, request.requestId(), !request.keepAlive());
    }

    /**
     * Nothing can take the request: 429 with a truthful {@code retry-after} when some deployment is
     * only busy or over a limit, else 503.
     */
    FullHttpResponse refusal(Attempts attempts) {
        String model = request.fields().model();
        String routes = String.join(", ", attempts.routes().names());
        if (refusalError(attempts) == GatewayError.NO_AVAILABLE_DEPLOYMENT) {
            return error(GatewayError.NO_AVAILABLE_DEPLOYMENT, "no deployment can serve model '" + model
                    + "' now: every key is disabled, excluded, or unavailable (routes tried: " + routes + ")", null);
        }
        long retryMs = Math.max(0, attempts.routes().refusalRetryAfterMs());
        FullHttpResponse r = error(GatewayError.RATE_LIMIT_EXCEEDED, "every deployment of model '" + model
                + "' is at its rate or concurrency limit (routes tried: " + routes + "); retry in " + retryMs + " ms",
                null);
        r.headers().set(HttpHeaderNames.RETRY_AFTER, RetryAfter.toHeaderSeconds(retryMs));
        r.headers().set(RETRY_AFTER_MS, retryMs);
        return r;
    }

    /** Which of the gateway's errors {@link #refusal} answers. */
    static GatewayError refusalError(Attempts attempts) {
        return attempts.routes().refusedForNow() ? GatewayError.RATE_LIMIT_EXCEEDED : GatewayError.NO_AVAILABLE_DEPLOYMENT;
    }

    /**
     * The answer of {@code /v1/messages/count_tokens} for a model no Anthropic provider serves: the
     * gateway's own estimate of the prompt's tokens, the one its limits and balancer use.
     */
    FullHttpResponse tokenCount(long inputTokens) {
        ByteBuf body = client.alloc().buffer(32);
        body.writeCharSequence("{\"input_tokens\":" + inputTokens + "}", StandardCharsets.US_ASCII);
        return Responses.json(HttpResponseStatus.OK, body, request.requestId(), !request.keepAlive());
    }

    /** A translated answer, complete; {@code body} ownership passes to the response. */
    FullHttpResponse translated(Deployment deployment, HttpResponse upstream, ByteBuf body) {
        FullHttpResponse ok = Responses.json(HttpResponseStatus.OK, body, request.requestId(), !request.keepAlive());
        copyUpstreamRequestId(ok.headers(), upstream, deployment);
        return ok;
    }

    /**
     * What the client sees of an upstream error response: the translated error, or the upstream's
     * own when it is JSON (else wrapped in OpenAI's shape) — except a refused credential (401),
     * which is the gateway's misconfiguration, and a body quoting the key's secret, both withheld.
     */
    FullHttpResponse upstreamError(Deployment deployment, HttpResponse upstream, ByteBuf body,
            UpstreamError translated) {
        int status = upstream.status().code();
        if (status == 401) {
            return error(GatewayError.UPSTREAM_AUTHENTICATION_FAILED, "upstream '" + deployment.provider().id()
                    + "' rejected the credential of key '" + deployment.key().id() + "' (HTTP 401)", null);
        }
        SecretMatcher secret = deployment.secretMatcher();
        if (secret.foundIn(body) || translated != null && secret.foundIn(translated.body())) {
            return upstreamStatusError(status, "upstream '" + deployment.provider().id() + "' answered HTTP " + status
                    + " (its message quoted a credential and is withheld)");
        }
        FullHttpResponse r;
        if (translated != null) {
            r = Responses.json(HttpResponseStatus.valueOf(translated.status()), translated.body().retain(),
                    request.requestId(), !request.keepAlive());
            if (translated.retryAfterMs() >= 0) {
                r.headers().set(HttpHeaderNames.RETRY_AFTER, RetryAfter.toHeaderSeconds(translated.retryAfterMs()));
                r.headers().set(RETRY_AFTER_MS, translated.retryAfterMs());
            }
        } else {
            r = relayed(deployment, status, upstream.headers(), body);
        }
        copyUpstreamRequestId(r.headers(), upstream, deployment);
        return r;
    }

    /** The error code the client sees in {@link #upstreamError}'s answer, as far as it has one. */
    static String upstreamErrorCode(int status, ErrorClassification classification) {
        return status == 401 ? GatewayError.UPSTREAM_AUTHENTICATION_FAILED.code() : classification.code();
    }

    /** An upstream error relayed as is when it is JSON; anything else wrapped in OpenAI's error shape. */
    private FullHttpResponse relayed(Deployment deployment, int status, HttpHeaders headers, ByteBuf body) {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE, "");
        if (contentType.contains("json") && body.isReadable()) {
            FullHttpResponse r = Responses.json(HttpResponseStatus.valueOf(status), body.retain(), request.requestId(),
                    !request.keepAlive());
            HttpHeaders relayed = new DefaultHttpHeaders();
            copyToClient(headers, relayed, deployment);
            relayed.remove(HttpHeaderNames.CONTENT_TYPE);
            r.headers().add(relayed);
            return r;
        }
        String excerpt = body.toString(body.readerIndex(), Math.min(body.readableBytes(), 200), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").trim();
        FullHttpResponse r = upstreamStatusError(status, "upstream '" + deployment.provider().id()
                + "' answered HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
        String retryAfter = headers.get(HttpHeaderNames.RETRY_AFTER);
        if (retryAfter != null && !deployment.secretMatcher().foundIn(retryAfter)) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        return r;
    }

    /**
     * Heads relayed to the client are built without validating each header again: every name and
     * value in them either passed the upstream response decoder's validation or is the gateway's
     * own (a deployment label, a count, a request id the client's decoder validated).
     */
    private static final DefaultHttpHeadersFactory RELAYED_HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false).withValueValidation(false);

    /** The head of a stream: event-stream framing, the upstream's end-to-end headers when relayed as is. */
    HttpResponse streamHead(HttpResponse upstream, boolean passThrough, Deployment deployment, Attempts attempts) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(), RELAYED_HEADERS);
        HttpHeaders h = r.headers();
        if (passThrough) {
            copyToClient(upstream.headers(), h, deployment);
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        h.set(X_ACCEL_BUFFERING, "no");
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        common(h, upstream, deployment, attempts);
        return r;
    }

    /** The head of a body relayed as it arrives: its length when the upstream gave one, else chunked. */
    HttpResponse relayHead(HttpResponse upstream, Deployment deployment, Attempts attempts) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upstream.status(), RELAYED_HEADERS);
        HttpHeaders h = r.headers();
        copyToClient(upstream.headers(), h, deployment);
        long length = HttpUtil.getContentLength(upstream, -1L);
        if (length >= 0) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        common(h, upstream, deployment, attempts);
        return r;
    }

    private void common(HttpHeaders h, HttpResponse upstream, Deployment deployment, Attempts attempts) {
        decorate(h, deployment, attempts);
        h.set(Responses.X_REQUEST_ID, request.requestId());
        copyUpstreamRequestId(h, upstream, deployment);
        if (!request.keepAlive()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /**
     * The gateway's own response headers: which deployment answered, how many attempts it took,
     * and the alias's remaining capacity in OpenAI's {@code x-ratelimit-*} form (replacing the
     * provider's, which describe one key only).
     */
    private void decorate(HttpHeaders h, Deployment deployment, Attempts attempts) {
        if (attempts == null) {
            return;
        }
        if (deployment != null) {
            h.set(X_GATEWAY_DEPLOYMENT, deployment.label());
        }
        h.set(X_GATEWAY_ATTEMPTS, attempts.count());
        RouteCapacity c = request.snapshot().balancer().capacity(attempts.routes().current());
        if (c.limitRequests() >= 0) {
            h.set("x-ratelimit-limit-requests", c.limitRequests());
            h.set("x-ratelimit-remaining-requests", c.remainingRequests());
            h.set("x-ratelimit-reset-requests", RouteCapacity.formatDuration(c.resetRequestsMs()));
        }
        if (c.limitTokens() >= 0) {
            h.set("x-ratelimit-limit-tokens", c.limitTokens());
            h.set("x-ratelimit-remaining-tokens", c.remainingTokens());
            h.set("x-ratelimit-reset-tokens", RouteCapacity.formatDuration(c.resetTokensMs()));
        }
    }

    /**
     * The gateway's headers on a complete answer; on an error after the gateway already retried on
     * other deployments, {@code x-should-retry: false}, so that SDKs do not multiply retries on top.
     */
    void decorate(FullHttpResponse r, Deployment deployment, Attempts attempts) {
        decorate(r.headers(), deployment, attempts);
        if (r.status().code() >= 400 && attempts != null && attempts.count() > 1) {
            r.headers().set(X_SHOULD_RETRY, "false");
        }
    }

    /** The upstream's end-to-end headers that may go to the client, without any carrying the key's secret. */
    private void copyToClient(HttpHeaders from, HttpHeaders to, Deployment deployment) {
        int dropped = HeaderFilter.copyToClient(from, to, deployment.secretMatcher());
        if (dropped > 0) {
            LOG.debug("[{}] {} header(s) of {} withheld: they carried the key's credential", request.requestId(),
                    dropped, deployment);
        }
    }

    /**
     * The provider's request id ({@code x-request-id}, Anthropic's {@code request-id}) as
     * {@code x-upstream-request-id}, unless it carries the key's secret.
     */
    private static void copyUpstreamRequestId(HttpHeaders h, HttpResponse upstream, Deployment deployment) {
        if (upstream == null) {
            return;
        }
        String upstreamId = upstream.headers().get(Responses.X_REQUEST_ID);
        if (upstreamId == null) {
            upstreamId = upstream.headers().get("request-id");
        }
        if (upstreamId != null && !deployment.secretMatcher().foundIn(upstreamId)) {
            h.set(X_UPSTREAM_REQUEST_ID, upstreamId);
        }
    }
}
