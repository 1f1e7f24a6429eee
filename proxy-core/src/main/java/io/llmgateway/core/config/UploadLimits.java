package io.llmgateway.core.config;

/**
 * The multipart uploads the gateway streams through rather than collects (audio transcriptions and
 * translations, image edits, file uploads): they have their own size cap, since only a bounded
 * prefix of them is ever held in memory.
 *
 * @param maxBytes       largest upload accepted ({@code server.max_upload_bytes}; 413 beyond)
 * @param modelLookahead bytes of a form read for its {@code model} field before the upload is
 *                       routed without it ({@code server.upload_model_lookahead_bytes}): the most of
 *                       an upload held at once, besides what is in flight
 */
public record UploadLimits(long maxBytes, int modelLookahead) {
}
