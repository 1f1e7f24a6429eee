package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.routing.Deployment;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What an {@link UpstreamAttempt} does with an answer it buffered whole: a successful one is
 * translated and answers the client; an error one is classified by the adapter (which knows the
 * provider's error shape) and handed to the exchange, which retries, falls back or answers.
 *
 * <pre>
 *   BufferedBodyRelay --body--> UpstreamAttempt.buffered --2xx--> translated(...) --> exchange.answer
 *                                                       '-else-> upstreamError(...) --> exchange.attemptFailed
 * </pre>
 *
 * Static: an attempt that never buffers costs nothing for it. The caller keeps owning the body.
 */
final class BufferedAnswer {

    private BufferedAnswer() {
    }

    /** A successful answer of a translating adapter, translated to the client's format. */
    static void translated(ProxyExchange exchange, Deployment deployment, UpstreamCall call, HttpResponse head,
            ByteBuf body) {
        ResponseTranslator translator = call.translator();
        int status = head.status().code();
        HttpHeaders headers = head.headers();
        Attempts attempts = exchange.attempts();
        ByteBuf translated;
        try {
            translated = translator.translateBody(body, exchange.out().alloc());
        } catch (TranslationException | RuntimeException e) {
            attempts.settle(Result.success(status, null, headers::get)); // the provider did its part
            exchange.answerError(GatewayError.RESPONSE_TRANSLATION_FAILED, CredentialQuote.shown(deployment,
                    "the gateway could not translate the upstream response: " + e.getMessage()), null);
            return;
        }
        Usage usage = translator.usage();
        exchange.outcome().usage(usage, false);
        attempts.settle(Result.success(status, usage, headers::get));
        exchange.answer(exchange.responses().translated(deployment, head, translated), null);
    }

    /**
     * An upstream error response, before anything went to the client. A 401 of a service account's
     * token has the token refreshed ({@code credential} is null for a key whose credential is its secret).
     */
    static void upstreamError(ProxyExchange exchange, Deployment deployment, UpstreamCall call, HttpResponse head,
            AttemptCredential credential, ByteBuf body) {
        int status = head.status().code();
        HttpHeaders headers = head.headers();
        if (status == 401 && credential != null) {
            credential.rejected();
        }
        ResponseTranslator translator = call.translator();
        UpstreamError translated = translator == null ? null
                : translator.translateError(status, headers::get, body, exchange.out().alloc());
        try {
            ErrorClassification classification = translated != null ? translated.classification()
                    : deployment.adapter().classifyError(status, headers::get, body);
            Result result = FailureClassifier.upstreamError(status, classification, translated, headers);
            exchange.attemptFailed(result, exchange.responses().upstreamError(deployment, head, body, translated),
                    ExchangeResponses.upstreamErrorCode(status, classification));
        } finally {
            if (translated != null && translated.body().refCnt() > 0) {
                translated.body().release();
            }
        }
    }
}
