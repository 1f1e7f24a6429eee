package io.llmgateway.adapters.internal;

import io.llmgateway.codec.json.ModelSplice;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.json.StreamOptionsSplice;
import io.llmgateway.codec.multipart.MultipartModelSplice;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Shared pieces of the adapters that forward the client's OpenAI body as bytes. */
public final class PassThrough {

    private PassThrough() {
    }

    /**
     * The body to send, owned by the caller: the client's bytes with the {@code model} value
     * spliced when the upstream expects another name (a JSON member, or the form field of a
     * multipart upload), else a retained duplicate (no copy).
     */
    public static ByteBuf body(OutboundRequest request, String model) {
        String clientModel = request.fields().model();
        if (clientModel != null && !clientModel.equals(model) && request.endpoint().multipart()) {
            RequestFields f = request.fields();
            return MultipartModelSplice.replaceModel(request.body(), f.modelStart(), f.modelEnd(), model,
                    request.alloc());
        }
        if (clientModel != null && !clientModel.equals(model)) {
            return ModelSplice.replaceModel(request.body(), request.fields(), model, request.alloc());
        }
        return request.body().retainedDuplicate();
    }

    /**
     * Whether to ask the provider for this stream's usage, which the client did not ask for: a
     * chat or text completion stream whose body has no {@code stream_options} (adding a second
     * one is not safe). Exact usage beats the gateway's estimate; the usage chunk is then read and
     * not relayed ({@link UpstreamCall#usageAdded()}).
     */
    public static boolean shouldAskForUsage(OutboundRequest request) {
        RequestFields f = request.fields();
        Endpoint e = request.endpoint();
        return f.stream() && !f.hasStreamOptions() && (e == Endpoint.CHAT_COMPLETIONS || e == Endpoint.COMPLETIONS);
    }

    /** {@link #body(OutboundRequest, String)}, with {@code stream_options.include_usage} added when {@code askForUsage}. */
    public static ByteBuf body(OutboundRequest request, String model, boolean askForUsage) {
        ByteBuf body = body(request, model);
        if (!askForUsage) {
            return body;
        }
        try {
            return StreamOptionsSplice.askForUsage(body, request.alloc());
        } finally {
            body.release(); // the splice holds its own references
        }
    }

    /** Adds an {@code auth_mode} problem unless the mode is null or one of {@code allowed}. */
    public static void checkAuthMode(ProviderSettings settings, List<String> problems, String... allowed) {
        String mode = settings.authMode();
        if (mode == null) {
            return;
        }
        for (String a : allowed) {
            if (a.equals(mode)) {
                return;
            }
        }
        problems.add("auth_mode: " + mode + " (expected: " + String.join(" or ", allowed) + " for type "
                + settings.type() + ')');
    }
}
