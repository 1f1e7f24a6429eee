package io.llmgateway.core.proxy;

/** The client connection's side of a {@link ProxyExchange}: told once when the exchange is over. */
public interface ExchangeOwner {

    /**
     * The response is complete (or abandoned).
     *
     * @param closeConnection true when the client connection must be closed (the response was cut
     *                        short, or framing is no longer trustworthy); false to await the next
     *                        request on it
     */
    void exchangeFinished(boolean closeConnection);
}
