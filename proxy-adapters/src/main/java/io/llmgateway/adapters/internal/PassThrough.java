package io.llmgateway.adapters.internal;

import io.llmgateway.codec.json.ModelSplice;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Shared pieces of the adapters that forward the client's OpenAI body as bytes. */
public final class PassThrough {

    private PassThrough() {
    }

    /**
     * The body to send, owned by the caller: the client's bytes with the {@code model} value
     * spliced when the upstream expects another name, else a retained duplicate (no copy).
     */
    public static ByteBuf body(OutboundRequest request, String model) {
        String clientModel = request.fields().model();
        if (clientModel != null && !clientModel.equals(model)) {
            return ModelSplice.replaceModel(request.body(), request.fields(), model, request.alloc());
        }
        return request.body().retainedDuplicate();
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
