package io.llmgateway.adapters;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.anthropic.AnthropicAdapter;
import io.llmgateway.adapters.azure.AzureAdapter;
import io.llmgateway.adapters.gemini.GeminiAdapter;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operations besides chat, completions and embeddings: which adapters have them, and where they go. */
class RestEndpointsAdapterTest {

    private static final Set<Endpoint> REST = EnumSet.complementOf(
            EnumSet.of(Endpoint.CHAT_COMPLETIONS, Endpoint.COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES,
                    Endpoint.MESSAGES_COUNT_TOKENS, Endpoint.RESPONSES));
    private static final RequestFields NONE = new RequestFields(null, -1, -1, false, false, -1, -1, null);

    private static UpstreamCall prepare(ProviderAdapter adapter, ProviderSettings p, Endpoint e, String method,
            String tail, String body, RequestFields fields, String upstreamModel) {
        ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        try {
            return adapter.prepare(new OutboundRequest(e, p, upstreamModel, "sk-x", b, fields, ALLOC, method, tail));
        } catch (RequestRejectedException ex) {
            throw new AssertionError(ex);
        } finally {
            b.release();
        }
    }

    @Test
    void onlyOpenAiTypeProvidersHaveTheRestOfTheApiAndAzureHasNoModerations() {
        for (Endpoint e : REST) {
            assertThat(new OpenAiAdapter().supports(e)).as("openai %s", e).isTrue();
            assertThat(new AzureAdapter(Clock.systemUTC()).supports(e)).as("azure %s", e)
                    .isEqualTo(e != Endpoint.MODERATIONS);
            assertThat(new AnthropicAdapter().supports(e)).as("anthropic %s", e).isFalse();
            assertThat(new GeminiAdapter().supports(e)).as("gemini %s", e).isFalse();
        }
    }

    @Test
    void openAiTakesTheClientsMethodTailAndQueryWithTheProvidersQueryAfter() {
        ProviderSettings p = new ProviderSettings("o", "openai", true, "api.openai.com", 443, "/v1", Map.of(),
                Map.of("tenant", "t1"), null, Map.of(), false, null, null, null, null);
        UpstreamCall call = prepare(new OpenAiAdapter(), p, Endpoint.FILES, "GET", "/file-abc/content?x=1", "", NONE,
                "");
        try {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.pathAndQuery()).isEqualTo("/v1/files/file-abc/content?x=1&tenant=t1");
            assertThat(call.body().readableBytes()).isZero();
            assertThat(call.translator()).isNull();
        } finally {
            call.release();
        }
    }

    @Test
    void theModelFieldOfAFormIsReplacedInPlace() {
        String form = "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--b--\r\n";
        int start = form.indexOf("whisper");
        RequestFields fields = new RequestFields("whisper", start, start + 7, false, false, -1, -1, null);
        UpstreamCall call = prepare(new OpenAiAdapter(), settings("o", "openai", "api.openai.com", "/v1"),
                Endpoint.AUDIO_TRANSCRIPTIONS, "POST", "", form, fields, "whisper-1");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/v1/audio/transcriptions");
            assertThat(string(call.body())).isEqualTo(form.replace("\r\nwhisper\r\n", "\r\nwhisper-1\r\n"));
        } finally {
            call.release();
        }
    }

    @Test
    void azurePutsImagesAndAudioUnderTheDeploymentAndFilesAndBatchesUnderTheResource() {
        AzureAdapter azure = new AzureAdapter(Clock.systemUTC());
        ProviderSettings p = settings("azure", "res.openai.azure.com", "", Map.of(), Map.of(), "2025-04-01-preview",
                Map.of("gpt-image-1", "img-prod"), false, null, null, null, null);
        String json = "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}";
        RequestFields fields = new RequestFields("gpt-image-1", 9, 22, false, false, -1, -1, null);
        UpstreamCall images = prepare(azure, p, Endpoint.IMAGES_GENERATIONS, "POST", "", json, fields, "gpt-image-1");
        UpstreamCall files = prepare(azure, p, Endpoint.FILES, "DELETE", "/file-1", "", NONE, "");
        UpstreamCall batches = prepare(azure, p, Endpoint.BATCHES, "GET", "?limit=2", "", NONE, "");
        try {
            assertThat(images.pathAndQuery())
                    .isEqualTo("/openai/deployments/img-prod/images/generations?api-version=2025-04-01-preview");
            assertThat(images.translator()).as("relayed as Azure sends it").isNull();
            assertThat(files.method()).isEqualTo("DELETE");
            assertThat(files.pathAndQuery()).isEqualTo("/openai/files/file-1?api-version=2025-04-01-preview");
            assertThat(batches.pathAndQuery()).isEqualTo("/openai/batches?limit=2&api-version=2025-04-01-preview");
            assertThat(files.headers()).containsExactly(Map.entry("api-key", "sk-x"));
        } finally {
            images.release();
            files.release();
            batches.release();
        }
    }

    @Test
    void azureV1KeepsOpenAisPaths() {
        ProviderSettings p = settings("azure", "res.openai.azure.com", "/openai/v1", Map.of(), Map.of(), null,
                Map.of(), true, null, null, null, null);
        UpstreamCall call = prepare(new AzureAdapter(Clock.systemUTC()), p, Endpoint.BATCHES, "POST", "/batch_1/cancel",
                "", NONE, "");
        try {
            assertThat(call.pathAndQuery()).isEqualTo("/openai/v1/batches/batch_1/cancel");
        } finally {
            call.release();
        }
    }
}
