package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** Turns a received request into an {@link Incoming}; reads the buffer but does not keep it. */
final class RequestReader {

    private RequestReader() {
    }

    static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    static Incoming read(FullHttpRequest request, MockOptions options) {
        String path = path(request.uri());
        Endpoint endpoint = Endpoint.of(path);
        if (endpoint == Endpoint.UNKNOWN) {
            return new Incoming.Rejection(HttpResponseStatus.NOT_FOUND,
                    "Unknown request URL: " + request.method() + ' ' + path + ". The mock upstream answers paths "
                            + "ending in /chat/completions, /completions, /embeddings, /models and /models/{id}.");
        }
        ExchangeSettings settings;
        try {
            settings = ExchangeSettings.resolve(options, request.headers());
        } catch (IllegalArgumentException e) {
            return new Incoming.Rejection(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        RequestBodyScanner.Fields fields = RequestBodyScanner.Fields.EMPTY;
        if (endpoint != Endpoint.MODELS && endpoint != Endpoint.MODEL) {
            try {
                fields = RequestBodyScanner.scan(request.content());
            } catch (IOException e) {
                return new Incoming.Rejection(HttpResponseStatus.BAD_REQUEST,
                        "We could not parse the JSON body of your request. (" + e.getMessage() + ")");
            }
        }
        return new MockRequest(endpoint, path, fields.model(), fields.stream(), fields.includeUsage(),
                fields.inputs(), fields.dimensions(), fields.base64(), settings);
    }
}
