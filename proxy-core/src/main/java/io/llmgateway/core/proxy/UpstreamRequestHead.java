package io.llmgateway.core.proxy;

import io.llmgateway.codec.http.TraceParent;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.core.http.Responses;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * The head of one attempt's upstream request: the client's end-to-end headers minus credentials
 * ({@link HeaderFilter}), the origin's {@code Host}, the body's framing, no compression (the gateway
 * reads what comes back), the request id, with tracing on the attempt's {@code traceparent} in place
 * of the client's ({@code tracestate} goes through as the client sent it), and last — winning — the
 * adapter's own headers (credential, protocol version, the provider's extra headers).
 */
final class UpstreamRequestHead {

    private static final AsciiString IDENTITY = AsciiString.cached("identity");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final AsciiString TRACEPARENT = AsciiString.cached(TraceParent.NAME);

    private UpstreamRequestHead() {
    }

    /**
     * @param trace         null when tracing is off: the client's {@code traceparent}, if any, goes
     *                      through like its other headers
     * @param attemptSpanId the attempt's span, named as the parent of the provider's
     */
    static HttpRequest of(ClientRequest request, ProviderSettings provider, UpstreamCall call, RequestTrace trace,
            long attemptSpanId) {
        HttpHeaders h = new DefaultHttpHeaders();
        HeaderFilter.copyToUpstream(request.headers(), h);
        h.set(HttpHeaderNames.HOST, provider.hostHeader());
        bodyHeaders(request, call, h);
        h.set(HttpHeaderNames.ACCEPT_ENCODING, IDENTITY);
        h.set(Responses.X_REQUEST_ID, request.requestId());
        if (trace != null) {
            h.set(TRACEPARENT, trace.traceparent(attemptSpanId));
        }
        for (Map.Entry<String, String> e : call.headers()) {
            h.set(e.getKey(), e.getValue());
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(call.method()), call.pathAndQuery(), h);
    }

    /**
     * A JSON body's type and length; a form's own type (its boundary) and, streamed, its length
     * adjusted for a replaced {@code model}, or chunked when the client's was; nothing for a
     * {@code GET} or {@code DELETE} without a body.
     */
    private static void bodyHeaders(ClientRequest request, UpstreamCall call, HttpHeaders h) {
        int bytes = call.body().readableBytes();
        RequestUpload upload = request.upload();
        if (request.endpoint().multipart() && "POST".equals(request.method())) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, type);
            }
            long length = upload == null ? bytes : upload.upstreamLength(bytes);
            if (length < 0) {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                h.set(HttpHeaderNames.CONTENT_LENGTH, length);
            }
            return;
        }
        if (bytes == 0 && !"POST".equals(request.method())) {
            return;
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes);
    }
}
