package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI's protocol (providers.md section 1): chat and legacy completions (JSON and SSE),
 * embeddings, models and the Responses API ({@link ResponsesApiRequest}), at any path prefix. Answers are encoded once per distinct answer
 * ({@link ResponseCache}), so that the mock costs little under load. Thread-safe.
 */
public final class OpenAiProtocol implements MockProtocol {

    private final MockOptions options;
    final ResponseCache cache = new ResponseCache();
    /** The {@code created} of every answer, fixed so that bodies can be encoded once. */
    final long created = System.currentTimeMillis() / 1000;
    private final AtomicLong streamIds = new AtomicLong();
    final JsonAnswers answers;
    /** Objects kept per credential; null unless {@link MockOptions#keepObjects()}. */
    final StoredObjectBook objects;

    public OpenAiProtocol(MockOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.answers = new JsonAnswers(options, cache, created);
        this.objects = options.keepObjects() ? new StoredObjectBook() : null;
    }

    @Override
    public MockExchange read(FullHttpRequest request) {
        return read(request, null);
    }

    /**
     * As {@link #read(FullHttpRequest)}, but answering as {@code model} whatever the body says, for
     * services that route by the URL (Azure's deployments); {@code null} answers as the body's model.
     */
    public MockExchange read(FullHttpRequest request, String model) {
        String path = MockRequestHandler.path(request.uri());
        Endpoint endpoint = Endpoint.of(path);
        if (endpoint == Endpoint.UNKNOWN) {
            return refusal(HttpResponseStatus.NOT_FOUND,
                    "Unknown request URL: " + request.method() + ' ' + path + ". The mock upstream answers paths "
                            + "ending in /chat/completions, /completions, /embeddings, /responses, /models and /models/{id}.");
        }
        if (endpoint == Endpoint.RESPONSES) {
            return ResponsesApiRequest.read(this, request.content(), MockContext.credential(request.headers()));
        }
        RequestBodyScanner.Fields fields = RequestBodyScanner.Fields.EMPTY;
        if (endpoint != Endpoint.MODELS && endpoint != Endpoint.MODEL) {
            try {
                fields = RequestBodyScanner.scan(request.content());
            } catch (IOException e) {
                return refusal(HttpResponseStatus.BAD_REQUEST,
                        "We could not parse the JSON body of your request. (" + e.getMessage() + ")");
            }
        }
        return new MockRequest(this, endpoint, path, model != null ? model : fields.model(), fields.stream(),
                fields.includeUsage(), fields.inputs(), fields.dimensions(), fields.base64());
    }

    @Override
    public MockExchange badMockHeader(String message) {
        return refusal(HttpResponseStatus.BAD_REQUEST, message);
    }

    /** A refusal with OpenAI's error body. */
    MockExchange refusal(HttpResponseStatus status, String message) {
        String code = status.code() == 404 ? "unknown_url" : null;
        String body = OpenAiBodies.error(status.code(), message, code);
        return MockExchange.refusal(alloc -> answers.response(status, ByteBufUtil.writeUtf8(alloc, body)));
    }

    /** A fresh id for one stream; streams get distinct ids, unlike the cached JSON bodies. */
    long nextStreamId() {
        return streamIds.incrementAndGet();
    }

    @Override
    public void close() {
        cache.close();
    }

    MockOptions options() {
        return options;
    }
}
