/**
 * Google service accounts as Vertex AI credentials: a key file ({@link io.llmgateway.core.gcp.ServiceAccountKey})
 * traded for OAuth access tokens by the signed-JWT exchange ({@link io.llmgateway.core.gcp.JwtAssertion},
 * {@link io.llmgateway.core.gcp.HttpTokenEndpoint}), kept fresh by a
 * {@link io.llmgateway.core.gcp.ServiceAccountTokenSource} per account, all of them held across
 * reloads by {@link io.llmgateway.core.gcp.AccessTokens}.
 *
 * <p>Threads: each source changes its state only on the one refresh thread ({@code gcp-token-refresh})
 * and publishes its token through a volatile field; the event loops read that field and the clock,
 * and hand a 401 to the refresh thread. Nothing here ever runs I/O on an event loop, and no private
 * key, assertion or token is ever put in a message, a log line or a {@code toString()}.
 *
 * <p>The tokens are credentials the proxy keeps out of what clients and logs see: each source
 * publishes the current one and the one it replaced to its account's
 * {@link io.llmgateway.core.gcp.ServiceAccountKey#issuedTokens()}, which the key's deployments
 * search upstream answers with. The private key never leaves the process (only signatures do), so
 * no upstream can quote it; the client e-mail is an identifier, named in logs and errors like a
 * key's id.
 */
package io.llmgateway.core.gcp;
