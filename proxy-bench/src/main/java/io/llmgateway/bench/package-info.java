/**
 * The bench jar's command line ({@link io.llmgateway.bench.BenchMain}) and what the mock and the
 * load generator share ({@link io.llmgateway.bench.NettyTransport}).
 */
package io.llmgateway.bench;
