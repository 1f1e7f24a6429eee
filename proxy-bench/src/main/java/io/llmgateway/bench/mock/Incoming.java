package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A received request, reduced to what answering it needs: a request to answer, or a rejection. */
sealed interface Incoming permits MockRequest, Incoming.Rejection {

    /** A request answered at once with an OpenAI error (unknown path, bad body, bad mock header). */
    record Rejection(HttpResponseStatus status, String message) implements Incoming {
    }
}
