/**
 * {@code multipart/form-data} bodies as the gateway sees them on their way through: the
 * {@code model} form field found in a stream of buffers ({@link io.llmgateway.codec.multipart.MultipartModelFinder})
 * and replaced without copying the rest ({@link io.llmgateway.codec.multipart.MultipartModelSplice}).
 * Nothing here holds a whole body.
 */
package io.llmgateway.codec.multipart;
