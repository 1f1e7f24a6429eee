package io.llmgateway.bench.mock.providers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Whole HTTP answers and event buffers of the provider mocks. */
final class ProviderHttp {

    static final String JSON = "application/json";
    /** Google's spelling. */
    static final String JSON_UTF8 = "application/json; charset=UTF-8";

    private ProviderHttp() {
    }

    static FullHttpResponse json(int status, String contentType, String body, ByteBufAllocator alloc) {
        ByteBuf content = ByteBufUtil.writeUtf8(alloc, body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    static ByteBuf utf8(ByteBufAllocator alloc, CharSequence text) {
        return ByteBufUtil.writeUtf8(alloc, text);
    }

    /** The URI without its query string. */
    static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
