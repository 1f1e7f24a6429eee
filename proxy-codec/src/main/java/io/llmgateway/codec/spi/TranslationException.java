package io.llmgateway.codec.spi;

/**
 * An upstream response an adapter cannot translate. The message is safe to show to a client: it
 * never contains a credential, and upstream content only in short, quoted excerpts.
 */
public final class TranslationException extends Exception {

    private static final long serialVersionUID = 1L;

    public TranslationException(String message) {
        super(message);
    }

    public TranslationException(String message, Throwable cause) {
        super(message, cause);
    }
}
