package io.llmgateway.core.cli;

/** A command line that cannot be run as written; the message says what is wrong and what was expected. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
