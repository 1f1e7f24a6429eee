package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.Iterator;

/**
 * What RFC 9112 and RFC 9110 ask of a request head that the codec lets through: an HTTP major
 * version of 1 (else 505), one valid {@code Host} (none at all only in HTTP/1.0; else 400), no
 * {@code Expect} but {@code 100-continue} in HTTP/1.1 (else 417). A request that fails is answered at once and
 * the connection closed ({@link Answers#sendAndClose}): what follows it cannot be trusted to be
 * framed as the gateway reads it.
 *
 * <pre>
 *   ... -> RequestSequencer -> RequestLimits -> <b>RequestConformance</b> -> RouteDispatch -> ...
 * </pre>
 *
 * <p>After {@link RequestLimits}, so that a head the codec could not decode is answered as such. A
 * higher minor version of HTTP/1 is served as HTTP/1.1 (RFC 9110, 2.5). Each refusal is logged once
 * per burst and cause ({@link BurstLog}), never once per connection: a scan of the port does not
 * flood the log.
 *
 * <p>Hot path: one header lookup per check, nothing allocated for a conforming head (the iterator
 * over {@code Host} values stays on the stack). Stateless and shared.
 */
@Sharable
final class RequestConformance extends ChannelInboundHandlerAdapter {

    static final RequestConformance INSTANCE = new RequestConformance();

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RequestConformance.class);
    private static final BurstLog BAD_HOST = new BurstLog(LOG, InternalLogLevel.INFO,
            "requests refused with 400 invalid_host (no Host in HTTP/1.1, two Host headers, or an invalid one)");
    private static final BurstLog BAD_VERSION = new BurstLog(LOG, InternalLogLevel.INFO,
            "requests refused with 505 http_version_not_supported (an HTTP major version other than 1)");
    private static final BurstLog BAD_EXPECT = new BurstLog(LOG, InternalLogLevel.INFO,
            "requests refused with 417 expectation_failed (an Expect other than 100-continue)");

    /** The characters of RFC 3986's {@code host [ ":" port ]}: unreserved, sub-delims, '%', ':', '[' and ']'. */
    private static final boolean[] HOST_CHARS = new boolean[128];

    static {
        for (char c : ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%:[]")
                .toCharArray()) {
            HOST_CHARS[c] = true;
        }
    }

    private RequestConformance() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head && !conforms(ctx, head)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean conforms(ChannelHandlerContext ctx, HttpRequest head) {
        HttpVersion version = head.protocolVersion();
        if (version.majorVersion() != 1) {
            BAD_VERSION.occurred();
            refuse(ctx, GatewayError.HTTP_VERSION_NOT_SUPPORTED, "HTTP version " + ClientText.quote(version.text())
                    + " is not supported (expected: HTTP/1.1 or HTTP/1.0)");
            return false;
        }
        String hostProblem = hostProblem(head, version.minorVersion() >= 1);
        if (hostProblem != null) {
            BAD_HOST.occurred();
            refuse(ctx, GatewayError.INVALID_HOST, hostProblem);
            return false;
        }
        String expectation = version.minorVersion() >= 1 ? unsupportedExpectation(head) : null;
        if (expectation != null) {
            BAD_EXPECT.occurred();
            refuse(ctx, GatewayError.EXPECTATION_FAILED, "Expect: " + ClientText.quote(expectation)
                    + " cannot be met (expected: 100-continue or none)");
            return false;
        }
        return true;
    }

    /**
     * The first expectation other than {@code 100-continue}, or null when there is none. HTTP/1.0
     * has no expectations: its {@code Expect} is ignored (RFC 9110, 10.1.1).
     */
    static String unsupportedExpectation(HttpRequest head) {
        if (!head.headers().contains(HttpHeaderNames.EXPECT)) {
            return null;
        }
        for (String value : head.headers().getAll(HttpHeaderNames.EXPECT)) {
            for (String member : value.split(",", -1)) {
                String expectation = member.strip();
                if (!expectation.isEmpty() && !expectation.equalsIgnoreCase("100-continue")) {
                    return expectation;
                }
            }
        }
        return null;
    }

    /** What is wrong with the head's {@code Host}, or null when nothing is. */
    static String hostProblem(HttpRequest head, boolean required) {
        Iterator<? extends CharSequence> values = head.headers().valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (!values.hasNext()) {
            return required ? "the request has no Host header (expected: one, as HTTP/1.1 requires)" : null;
        }
        CharSequence host = values.next();
        if (values.hasNext()) {
            return "the request has more than one Host header (expected: one)";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= HOST_CHARS.length || !HOST_CHARS[c]) {
                return "Host: " + ClientText.quote(host.toString()) + " is not a host (expected: host[:port])";
            }
        }
        return null;
    }

    private static void refuse(ChannelHandlerContext ctx, GatewayError error, String message) {
        InboundRequest request = InboundRequest.current(ctx);
        Answers.sendAndClose(ctx, Responses.error(ctx.alloc(), error, message, null, request.requestId(), true));
    }
}
