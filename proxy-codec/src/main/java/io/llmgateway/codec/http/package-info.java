/**
 * HTTP header values the gateway reads from providers ({@code retry-after}).
 *
 * <p><b>Threading.</b> Stateless static methods, safe from any thread; nothing blocks.
 */
package io.llmgateway.codec.http;
