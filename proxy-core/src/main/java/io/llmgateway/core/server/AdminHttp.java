package io.llmgateway.core.server;

import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;

/** Between Netty's HTTP objects and the admin API's plain ones, for both of its listeners. */
final class AdminHttp {

    /** The largest admin request body: a whole config file may be posted. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private AdminHttp() {
    }

    /** Whether {@code path} (without the query) is the admin API's. */
    static boolean isAdminPath(String path) {
        return path.equals(AdminApi.PREFIX) || path.startsWith(AdminApi.PREFIX + "/");
    }

    /** The admin request of {@code head} with its {@code body}; the path relative to {@link AdminApi#PREFIX}. */
    static AdminRequest request(HttpRequest head, byte[] body, String requestId) {
        QueryStringDecoder uri = new QueryStringDecoder(head.uri());
        String path = uri.path().substring(Math.min(uri.path().length(), AdminApi.PREFIX.length()));
        return new AdminRequest(head.method(), path.isEmpty() ? "/" : path, Map.of(), uri.parameters(), body,
                AdminApi.ACTOR, requestId);
    }

    /** The answer as a complete response (it owns a wrapped copy-free buffer of the body). */
    static FullHttpResponse response(AdminResponse answer, String requestId, boolean close) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            r.headers().set(h.getKey(), h.getValue());
        }
        if (requestId != null) {
            r.headers().set(Responses.X_REQUEST_ID, requestId);
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }

    /** The peer's address for the audit line. */
    static String client(SocketAddress peer) {
        return peer instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
                : String.valueOf(peer);
    }
}
