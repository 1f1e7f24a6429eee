package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
import io.netty.handler.codec.http.HttpContent;

/**
 * Carries one upstream answer to the client, in the way its head called for; the exchange picks
 * the relay when the head arrives and hands it every piece of the body.
 *
 * <pre>
 *   2xx event stream, pass-through        PassThroughStreamRelay  events relayed as retained slices
 *   2xx event stream, translating adapter TranslatedStreamRelay   events translated one by one
 *   2xx body, pass-through                PassThroughBodyRelay    chunks relayed as they come
 *   2xx body translated, or any error     BufferedBodyRelay       buffered whole, then answered
 * </pre>
 *
 * <p>A relay tells its {@link RelayEnd} how the answer ended. Confined to the exchange's event
 * loop; the relays of streams and relayed bodies are on the hot path (see each).
 */
interface ResponseRelay {

    /** A piece of the upstream body, owned by the relay (released or passed on); {@code last} ends the body. */
    void onContent(HttpContent content, boolean last);

    /**
     * The response is cut short after its head went to the client: tells the client in the way its
     * framing allows — a stream gets an in-stream error event; a body gets nothing (the closed
     * connection tells). Does not close.
     */
    void writeError(GatewayError error, String message);

    /**
     * The tokens of the answer as of now — once its body ended, or when it was cut short or the
     * client left: as the provider reported them, else estimated where a relay can (streams:
     * {@link StreamUsage}, {@link #usageEstimated()}); null when unknown.
     */
    Usage usage();

    /** Whether the last {@link #usage()} was the gateway's estimate rather than the provider's report. */
    default boolean usageEstimated() {
        return false;
    }

    /** Frees what the relay holds; once, when the exchange ends. */
    void release();
}
