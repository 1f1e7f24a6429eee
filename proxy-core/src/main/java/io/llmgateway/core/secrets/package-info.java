/**
 * Recognising a provider's credential wherever text from outside could carry it back:
 * {@link io.llmgateway.core.secrets.SecretMatcher} sees through JSON escapes, percent-encoding and
 * base64, and is built once per key and config snapshot (each
 * {@link io.llmgateway.core.routing.Deployment} holds its key's: the secret, and an AWS session
 * token), or, for credentials that change while the gateway runs (a Vertex service account's access
 * tokens), built by their owner at each change and published through a
 * {@link io.llmgateway.core.secrets.PublishedSecretMatcher}. The proxy uses it to keep the
 * selected key's credentials out of upstream error bodies, relayed headers and stream error events
 * of every dialect.
 *
 * <p>Immutable values, and one volatile reference per changing credential: shared by every event
 * loop without a lock.
 */
package io.llmgateway.core.secrets;
