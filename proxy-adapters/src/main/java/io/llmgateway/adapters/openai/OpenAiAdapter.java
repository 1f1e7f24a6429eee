package io.llmgateway.adapters.openai;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.OpenAiErrorBody;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI and every OpenAI-compatible host (vLLM, Ollama, DeepSeek, Together...): pure
 * pass-through. The request target is {@code base_url}'s path + the OpenAI operation
 * ({@code /chat/completions}...) + the provider's {@code query}; the credential goes in
 * {@code Authorization: Bearer}; the body is the client's bytes, with only the {@code model}
 * value spliced when the alias maps to another upstream name (a form field in a multipart upload).
 * Every OpenAI operation goes through, with the client's method, path tail and query
 * ({@code GET /files/{id}/content?...}). Responses are relayed unchanged;
 * an error body is only read for its code and for a "context length exceeded" in OpenAI's words
 * ({@code "code":"context_length_exceeded"}) or a compatible host's ("maximum context length").
 */
public final class OpenAiAdapter implements ProviderAdapter {

    public static final String TYPE = "openai";
    public static final String COMPATIBLE_TYPE = "openai-compatible";

    /** OpenAI's API lives under {@code /v1}; used when an {@code openai} base_url has no path. */
    static final String OPENAI_DEFAULT_BASE_PATH = "/v1";

    @Override
    public List<String> types() {
        return List.of(TYPE, COMPATIBLE_TYPE);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return true;
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        List<String> problems = new ArrayList<>(1);
        PassThrough.checkAuthMode(settings, problems, "bearer");
        return problems;
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) {
        ProviderSettings p = request.provider();
        String base = p.basePath();
        if (base.isEmpty() && TYPE.equals(p.type())) {
            base = OPENAI_DEFAULT_BASE_PATH;
        }
        StringBuilder target = new StringBuilder(base.length() + 40).append(base).append(request.endpoint().suffix())
                .append(request.pathTail());
        Urls.query(target, p.query());
        HeaderList headers = new HeaderList().bearer(request.secret()).addAll(p.headers());
        // OpenAI itself takes stream_options; OpenAI-compatible hosts vary (some refuse unknown
        // members), so their streams without include_usage are estimated rather than risked.
        boolean askForUsage = TYPE.equals(p.type()) && PassThrough.shouldAskForUsage(request);
        return new UpstreamCall(request.method(), target.toString(), headers.build(),
                PassThrough.body(request, request.upstreamModel(), askForUsage), null, askForUsage);
    }

    @Override
    public ErrorClassification classifyError(int status, HeaderLookup headers, ByteBuf body) {
        return OpenAiErrorBody.classify(status, headers, body);
    }
}
