/**
 * HTTP header values the gateway reads and writes: {@code retry-after} from providers, the W3C
 * {@code traceparent} from clients and to providers.
 *
 * <p><b>Threading.</b> Stateless static methods, safe from any thread; nothing blocks.
 */
package io.llmgateway.codec.http;
