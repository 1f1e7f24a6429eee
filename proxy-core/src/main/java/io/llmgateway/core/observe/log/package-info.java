/**
 * The request log: one JSON line per finished exchange, encoded on the observer thread
 * ({@link io.llmgateway.core.observe.log.RequestLog}) and given to an in-memory ring (the admin
 * API's tail) and to the configured sinks — a rotating file, HTTP webhooks. Each sink does its I/O
 * on a thread of its own behind a bounded buffer and counts what it drops; nothing here runs on
 * an event loop. Ids only, never a secret; content only when {@code logging.include_content} is on.
 */
package io.llmgateway.core.observe.log;
