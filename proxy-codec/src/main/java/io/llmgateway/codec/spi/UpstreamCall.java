package io.llmgateway.codec.spi;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.List;
import java.util.Map;

/**
 * The upstream request an adapter built for one attempt.
 *
 * <p>The call owns {@code body} (one reference): the core writes it to the upstream connection,
 * which releases it, or calls {@link #release()} if the attempt is abandoned before writing.
 *
 * <p>The core adds {@code Host}, {@code Content-Length}, {@code Content-Type: application/json},
 * {@code Accept-Encoding: identity} and the client's end-to-end headers minus any credential;
 * {@code headers} here are set last and win (credentials, protocol versions, extra headers).
 *
 * @param method      HTTP method, normally {@code POST}
 * @param pathAndQuery origin-form request target, e.g. {@code /v1/chat/completions} or
 *                    {@code /openai/deployments/gpt4o/chat/completions?api-version=2024-10-21}
 * @param headers     headers to set on the upstream request, in order
 * @param body        the request body (owned, see above)
 * @param translator  translates the response back to OpenAI's shapes; null for pass-through
 * @param usageAdded  the adapter asked the provider for a stream's usage the client did not ask
 *                    for ({@code stream_options.include_usage}): the gateway reads the usage chunk
 *                    and does not relay it (a translator drops it itself)
 */
public record UpstreamCall(
        String method,
        String pathAndQuery,
        List<Map.Entry<String, String>> headers,
        ByteBuf body,
        ResponseTranslator translator,
        boolean usageAdded) {

    /** A call that relays the stream's usage chunk exactly when the client asked for it. */
    public UpstreamCall(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, ByteBuf body,
            ResponseTranslator translator) {
        this(method, pathAndQuery, headers, body, translator, false);
    }

    public UpstreamCall {
        requireNonNull(method, "method");
        requireNonNull(pathAndQuery, "pathAndQuery");
        headers = List.copyOf(requireNonNull(headers, "headers"));
        requireNonNull(body, "body");
    }

    /** True when the response is relayed unchanged (OpenAI and OpenAI-compatible upstreams). */
    public boolean passThrough() {
        return translator == null;
    }

    /** Drops the body of an attempt that will not be sent. */
    public void release() {
        ReferenceCounted b = body;
        if (b.refCnt() > 0) {
            b.release();
        }
    }

    @Override
    public String toString() {
        // Header values may hold the credential, and the query a provider's configured parameters
        // (an API key among them): never print them.
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q) + "?...";
        return "UpstreamCall[" + method + ' ' + path + ", " + headers.size() + " headers]";
    }
}
