/**
 * The body flood: many connections each sending a large request body as fast as they can, with
 * the target's resident memory and heap sampled meanwhile ({@code bench flood}), to measure that
 * the gateway's memory stays within its budget.
 */
package io.llmgateway.bench.flood;
