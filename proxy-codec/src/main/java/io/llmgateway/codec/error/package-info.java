/**
 * OpenAI error bodies, written straight into buffers.
 *
 * <p><b>Threading.</b> Stateless static methods, safe from any thread; nothing blocks.
 *
 * <p><b>Buffer ownership.</b> Every buffer returned is new and owned by the caller; buffers passed
 * in to be written into are the caller's and are never released here.
 */
package io.llmgateway.codec.error;
