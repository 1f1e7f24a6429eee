package io.llmgateway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.Map;

/**
 * The one request a run sends, encoded once. Each send shares the header object (the encoder only
 * reads it) and a retained duplicate of one body buffer, so a request costs two small objects.
 * Shared by all event loops; {@link #release()} once the loops have stopped.
 */
final class RequestTemplate {

    private final HttpMethod method;
    private final String uri;
    private final HttpHeaders headers;
    private final ByteBuf body;

    RequestTemplate(LoadOptions options) {
        URI url = options.url();
        byte[] bytes = options.bodyOrNull() != null
                ? options.bodyOrNull()
                : BuiltInBodies.body(url, options.model(), options.stream());
        this.method = HttpMethod.valueOf(options.method());
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.uri = url.getRawQuery() == null ? path : path + '?' + url.getRawQuery();
        this.headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        int port = url.getPort();
        headers.set(HttpHeaderNames.HOST, port < 0 ? url.getHost() : url.getHost() + ':' + port);
        headers.set(HttpHeaderNames.USER_AGENT, "llm-gateway-bench");
        headers.set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream");
        if (bytes.length > 0 || method != HttpMethod.GET) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        }
        for (Map.Entry<String, String> header : options.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        this.body = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** A request ready to write; the channel releases its body. */
    FullHttpRequest newRequest() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, body.retainedDuplicate(), headers,
                EmptyHttpHeaders.INSTANCE);
    }

    int bodyBytes() {
        return body.readableBytes();
    }

    void release() {
        body.release();
    }
}
