/**
 * Recognising a provider's credential wherever text from outside could carry it back:
 * {@link io.llmgateway.core.secrets.SecretMatcher} sees through JSON escapes, percent-encoding and
 * base64, and is built once per key and config snapshot (each
 * {@link io.llmgateway.core.routing.Deployment} holds its key's). The proxy uses it to keep the
 * selected key's secret out of upstream error bodies, relayed headers and stream error events.
 *
 * <p>Immutable values only: shared by every event loop without synchronisation.
 */
package io.llmgateway.core.secrets;
