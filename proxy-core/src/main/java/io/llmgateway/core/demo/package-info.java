/**
 * The built-in echo provider and the demo config: an OpenAI-compatible upstream inside the
 * gateway's process (on {@code 127.0.0.1} and a free port, on an event loop of its own) that
 * answers every request with the request's own text, so that {@code demo} and the README's
 * examples work with no key and no network. Not on the gateway's request path: it is an upstream
 * like any other, reached through the upstream client.
 */
package io.llmgateway.core.demo;
