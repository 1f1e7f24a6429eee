package io.llmgateway.codec.spi;

/** Read access to response headers, case-insensitive, without tying adapters to a header class. */
@FunctionalInterface
public interface HeaderLookup {

    /** The first value of the header, or null when absent. */
    String get(String name);
}
