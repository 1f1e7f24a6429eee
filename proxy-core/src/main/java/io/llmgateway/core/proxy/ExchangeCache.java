package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.cache.CacheKey;
import io.llmgateway.core.cache.CacheStatus;
import io.llmgateway.core.cache.EndpointStreams;
import io.llmgateway.core.cache.RequestDigest;
import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.config.CacheConfig;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The exchange's side of the response cache ({@code cache:}): made when the cache applies to the
 * request (on, its model and client key in scope, a cacheable operation), it looks the request up
 * before anything is sent upstream; on a hit it makes the answer (the stored body, or a stored
 * plain answer replayed as an event stream: {@link EndpointStreams}); on a miss it keeps a
 * copy of what {@link ClientOutput} sends, and stores it when the answer was a complete success.
 * The operations it applies to: chat completions, legacy completions, embeddings, Anthropic's
 * Messages and OpenAI's Responses (the endpoint is part of the key: a chat answer never answers
 * {@code /v1/messages}).
 *
 * <p>What is stored is what the client got: the JSON body of a plain request, or the events of a
 * stream as they went out (stored only when they end as a whole stream of the operation does). A
 * JSON entry answers both a plain request and a stream (chat completions, Messages, Responses); an
 * event-stream entry answers streams only — a plain request that finds one is a miss, and its
 * answer replaces it. A hit is the stored answer replayed, ids included ({@code chatcmpl-},
 * {@code msg_}, {@code resp_}): it is that answer; the request id is the new request's.
 * {@code Cache-Control: no-cache} skips the lookup but stores the fresh answer; {@code no-store}
 * does neither.
 *
 * <p>Hot path, confined to the exchange's event loop; made only for requests the cache applies to.
 */
final class ExchangeCache {

    private static final AsciiString ANTHROPIC_VERSION = AsciiString.cached("anthropic-version");
    private static final AsciiString ANTHROPIC_BETA = AsciiString.cached("anthropic-beta");
    private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream; charset=utf-8");

    private final ResponseStore store;
    private final CacheConfig config;
    /** Null with {@code no-store}: neither looked up nor stored. */
    private final CacheKey key;
    private final Endpoint endpoint;
    private final boolean stream;
    private final boolean includeUsage;
    /** Null until looked up (or bypassed). */
    private CacheStatus status;
    private byte[] copy;
    private int length;
    private boolean tooLarge;

    private ExchangeCache(ResponseStore store, CacheConfig config, CacheKey key, ClientRequest request,
            CacheStatus status) {
        this.store = store;
        this.config = config;
        this.key = key;
        this.endpoint = request.endpoint();
        this.stream = request.fields().stream();
        this.includeUsage = request.fields().includeUsage();
        this.status = status;
    }

    /** The cache's side of {@code request}; null when the cache does not apply to it. */
    static ExchangeCache of(ClientRequest request, ResponseStore store) {
        CacheConfig config = request.snapshot().config().cache();
        Endpoint endpoint = request.endpoint();
        if (store == null || !cached(endpoint) || !config.appliesTo(request.fields().model(), request.clientKeyId())) {
            return null;
        }
        String control = request.headers().get(HttpHeaderNames.CACHE_CONTROL);
        if (control != null && directive(control, "no-store")) {
            return new ExchangeCache(store, config, null, request, CacheStatus.BYPASS);
        }
        CacheKey key = RequestDigest.of(endpoint.suffix(), request.fields().model(),
                config.perKey() ? request.clientKeyId() : null, keyedHeaders(endpoint, request.headers()),
                request.body());
        if (key == null) {
            return null;
        }
        boolean noCache = control != null && directive(control, "no-cache");
        return new ExchangeCache(store, config, key, request, noCache ? CacheStatus.BYPASS : null);
    }

    /** Whether answers to {@code endpoint} are cached (given the cache applies to the model and key). */
    static boolean cached(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MESSAGES, RESPONSES -> true;
            default -> false;
        };
    }

    /**
     * The request headers that change the answer, and so are part of the key: a Messages request's
     * {@code anthropic-version} and {@code anthropic-beta} (relayed to Anthropic, they select the API's
     * behaviour); null for the other operations.
     */
    static String keyedHeaders(Endpoint endpoint, HttpHeaders headers) {
        if (endpoint != Endpoint.MESSAGES) {
            return null;
        }
        String version = headers.get(ANTHROPIC_VERSION);
        List<String> betas = headers.getAll(ANTHROPIC_BETA);
        return (version == null ? "" : version) + '\n' + String.join(",", betas);
    }

    /** Whether {@code header} (a {@code Cache-Control} value) has {@code directive}. */
    static boolean directive(String header, String directive) {
        int from = 0;
        while (from < header.length()) {
            int comma = header.indexOf(',', from);
            int end = comma < 0 ? header.length() : comma;
            String d = header.substring(from, end).trim();
            int eq = d.indexOf('=');
            if ((eq < 0 ? d : d.substring(0, eq).trim()).equalsIgnoreCase(directive)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    /** Whether the store is to be asked first. */
    boolean looksUp() {
        return status == null;
    }

    /** Asks the store; {@code found} gets the stored answer or null (see {@link ResponseStore#get}). */
    void lookup(Executor loop, Consumer<byte[]> found) {
        store.get(key, loop, found);
    }

    /**
     * The answer {@code stored} makes for this request, with {@code x-gateway-cache: hit}; null when
     * it cannot answer it (then this is a miss).
     */
    FullHttpResponse hit(byte[] stored, String requestId, boolean close) {
        boolean json = stored.length > 0 && stored[0] == '{';
        byte[] body;
        if (!stream) {
            body = json ? stored : null;
        } else if (json) {
            body = EndpointStreams.replay(endpoint, stored, includeUsage);
        } else {
            body = stored;
        }
        if (body == null) {
            status = CacheStatus.MISS;
            return null;
        }
        status = CacheStatus.HIT;
        FullHttpResponse r = Responses.json(HttpResponseStatus.OK, Unpooled.wrappedBuffer(body), requestId, close);
        if (stream) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        }
        mark(r.headers());
        return r;
    }

    /** The store had nothing for this request. */
    void missed() {
        status = CacheStatus.MISS;
    }

    /** What happened, for the outcome; null before the lookup. */
    CacheStatus status() {
        return status;
    }

    /** Whether the answer came from the cache. */
    boolean hit() {
        return status == CacheStatus.HIT;
    }

    /** Whether the answer sent upstream is to be kept, when it succeeds. */
    boolean fills() {
        return key != null && status != CacheStatus.HIT;
    }

    /** Tells the client what the cache did. */
    void mark(HttpHeaders headers) {
        if (status != null) {
            headers.set(CacheStatus.HEADER, status.headerValue());
        }
    }

    /**
     * A piece of the answer as it goes to the client, in order; copied while within
     * {@code cache.max_entry_bytes} when the answer is to be stored (never for a hit, nor with
     * {@code no-store}).
     */
    void collect(ByteBuf piece) {
        int n = piece.readableBytes();
        if (!fills() || tooLarge || n == 0) {
            return;
        }
        if ((long) length + n > config.maxEntryBytes()) {
            tooLarge = true;
            copy = null;
            return;
        }
        if (copy == null) {
            copy = new byte[Math.max(n, 1024)];
        } else if (length + n > copy.length) {
            copy = Arrays.copyOf(copy, (int) Math.min(config.maxEntryBytes(), Math.max(length + n, 2L * copy.length)));
        }
        piece.getBytes(piece.readerIndex(), copy, length, n);
        length += n;
    }

    /** The answer went out whole with {@code httpStatus}: a success is stored. */
    void completed(int httpStatus) {
        if (!fills() || httpStatus != 200 || tooLarge || copy == null) {
            return;
        }
        if (stream ? !EndpointStreams.complete(endpoint, copy, length) : copy[0] != '{') {
            return;
        }
        store.put(key, length == copy.length ? copy : Arrays.copyOf(copy, length), config.ttlMs());
        copy = null;
    }
}
