package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.translations.TranslationCreateParams;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.RestEndpoints;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest of OpenAI's API (images, audio, moderations, files, batches, models/{id}) with the
 * official OpenAI Java SDK, through the real gateway process, to the OpenAI mock; a 50 MB upload
 * streamed through a gateway whose request-size cap and memory budget are a few MB.
 */
class OpenAiRestSdkIT {

    private static final int UPLOAD_BYTES = 50 * 1024 * 1024;
    private static final long BUDGET = 4L * 1024 * 1024;

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        String yaml = """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  shutdown_grace_ms: 10000
                  drain_delay_ms: 0
                  max_request_bytes: 1048576
                  max_buffered_bytes: %d
                  upload_model_lookahead_bytes: 65536
                upstream:
                  connect_timeout_ms: 2000
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: k1
                        secret: "sk-upstream-rest"
                  - id: dead
                    type: openai-compatible
                    base_url: "http://127.0.0.1:1/v1"
                    keys:
                      - id: d1
                        secret: "sk-dead"
                  - id: claude
                    type: anthropic
                    base_url: "%s/v1"
                    keys:
                      - id: c1
                        secret: "sk-ant-rest"
                model_aliases:
                  whisper: mock:whisper-1
                  tts: mock:tts-1
                  image: mock:gpt-image-1
                  moderation: mock:omni-moderation-latest
                  claude-3: claude:claude-3-haiku
                  dead-whisper: dead:whisper-1
                endpoints:
                  files: mock
                  batches: mock
                  moderations: mock
                  audio_transcriptions: mock
                """.formatted(BUDGET, upstream.baseUrl(), upstream.baseUrl());
        // A gateway that could not hold the upload if it tried: 96 MB of heap for a 50 MB body.
        gateway = GatewayProcess.start(yaml, Map.of(), "simple", List.of("-Xmx96m", "-XX:MaxDirectMemorySize=96m"));
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey("client-key-never-forwarded")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @BeforeEach
    void clear() {
        upstream.clearRecordedRequests();
    }

    private static RecordedRequest only() {
        List<RecordedRequest> seen = upstream.recordedRequests();
        assertThat(seen).hasSize(1);
        RecordedRequest r = seen.get(0);
        assertThat(r.header("authorization")).isEqualTo("Bearer sk-upstream-rest");
        return r;
    }

    @Test
    void imageGenerationIsRoutedByItsModel() {
        ImagesResponse r = client.images().generate(ImageGenerateParams.builder()
                .model("image").prompt("a lighthouse").build());

        assertThat(r.data()).hasValueSatisfying(d -> assertThat(d.get(0).b64Json()).contains("aGVsbG8="));
        RecordedRequest seen = only();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo("/v1/images/generations");
        assertThat(seen.body()).contains("\"model\":\"gpt-image-1\"").contains("a lighthouse");
    }

    @Test
    void imageEditIsAFormWhoseModelIsReplaced() {
        ImagesResponse r = client.images().edit(ImageEditParams.builder()
                .image(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3})
                .prompt("add a boat").model("image").build());

        assertThat(r.data().orElseThrow().get(0).revisedPrompt()).hasValueSatisfying(p ->
                assertThat(p).startsWith("model=gpt-image-1 "));
        RecordedRequest seen = only();
        assertThat(seen.path()).isEqualTo("/v1/images/edits");
        assertThat(seen.header("content-type")).startsWith("multipart/form-data;").contains("boundary=");
        assertThat(seen.body()).contains("add a boat").doesNotContain("\r\nimage\r\n");
    }

    @Test
    void speechIsRelayedAsTheBinaryStreamTheProviderSent() throws IOException {
        byte[] audio;
        try (HttpResponse r = client.audio().speech().create(SpeechCreateParams.builder()
                .model("tts").input("Hello there").voice(SpeechCreateParams.Voice.ALLOY).build());
                InputStream in = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().values("content-type")).containsExactly("audio/mpeg");
            audio = in.readAllBytes();
        }

        assertThat(audio).hasSize(RestEndpoints.SPEECH_BYTES);
        for (int i = 0; i < audio.length; i++) {
            if (audio[i] != RestEndpoints.speechByte(i)) {
                throw new AssertionError("byte " + i + " of the audio differs");
            }
        }
        assertThat(only().body()).contains("\"model\":\"tts-1\"");
    }

    @Test
    void aSmallTranscriptionIsRoutedByTheModelFieldOfItsForm() {
        byte[] wav = "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
        String text = client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .file(wav).model("whisper").build()).asTranscription().text();

        assertThat(text).startsWith("model=whisper-1 ").endsWith(" complete=true");
        assertThat(only().path()).isEqualTo("/v1/audio/transcriptions");
    }

    @Test
    void aTranslationWithAModelOfAProviderThatLacksItIsAClearError() {
        assertThatThrownBy(() -> client.audio().translations().create(TranslationCreateParams.builder()
                .file(new byte[] {1, 2, 3}).model("claude-3").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.code()).hasValue("unsupported_endpoint");
                    assertThat(e.getMessage()).contains("anthropic").contains("/v1/audio/translations");
                });
        assertThat(upstream.recordedRequests()).isEmpty();
    }

    @Test
    void aFiftyMegabyteTranscriptionPassesThroughWithBoundedGatewayMemory() throws Exception {
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        AtomicBoolean uploading = new AtomicBoolean(true);
        AtomicLong peakDirect = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        Future<?> sampling = sampler.submit(() -> {
            while (uploading.get()) {
                PrometheusText m = MetricsIT.scrape(gateway.port());
                peakDirect.accumulateAndGet((long) m.sum("netty_allocator_used_memory_bytes", "type", "direct"),
                        Math::max);
                samples.incrementAndGet();
            }
        });
        String text;
        try {
            // The SDK puts the file before the model: beyond the look-ahead, the request goes to
            // endpoints.audio_transcriptions with its model as the client sent it.
            text = client.audio().transcriptions().create(TranscriptionCreateParams.builder()
                    .file(new PatternStream(UPLOAD_BYTES)).model("whisper").build()).asTranscription().text();
        } finally {
            uploading.set(false);
            sampling.get(30, TimeUnit.SECONDS);
            sampler.shutdownNow();
        }

        String[] parts = text.split(" ");
        assertThat(parts[0]).isEqualTo("model=whisper");
        long received = Long.parseLong(parts[1].substring("bytes=".length()));
        assertThat(received).isBetween((long) UPLOAD_BYTES, UPLOAD_BYTES + 4096L);
        assertThat(parts[2]).isEqualTo("complete=true");
        // Buffered, it would have been refused: over max_request_bytes (413) and the memory budget (503).
        assertThat(samples.get()).isPositive();
        assertThat(peakDirect.get()).as("the gateway's direct memory in use while 50 MB passed")
                .isLessThan(32L * 1024 * 1024);
    }

    @Test
    void aFormWithoutModelAndNoDefaultProviderIsRefusedNamingTheKey() throws IOException {
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n"
                + "abc\r\n--" + boundary + "--\r\n";
        try (RawHttp http = new RawHttp(gateway.port())) {
            RawHttp.Response r = http.send("POST", "/v1/audio/translations",
                    Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), form).readResponse();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("endpoints.audio_translations").contains("\"param\":\"model\"");
        }
    }

    @Test
    void anAnswerBeforeTheUploadHasEndedClosesTheConnectionAfterIt() throws IOException {
        String form = "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ndead-whisper\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n" + "z".repeat(1000);
        String head = "POST /v1/audio/transcriptions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: multipart/form-data; boundary=b\r\ncontent-length: 10000000\r\n\r\n";
        try (io.llmgateway.bench.e2e.RawHttp http = new io.llmgateway.bench.e2e.RawHttp(gateway.port())) {
            String answer = http.send((head + form).getBytes(StandardCharsets.ISO_8859_1)).readResponse();
            assertThat(answer).startsWith("HTTP/1.1 502 ").containsIgnoringCase("connection: close")
                    .contains("\"code\":\"upstream_unreachable\"");
        }
    }

    @Test
    void moderationWithoutAModelGoesToTheDefaultProvider() {
        ModerationCreateResponse r = client.moderations().create(ModerationCreateParams.builder()
                .input("some text").build());

        assertThat(r.results()).hasSize(1);
        assertThat(r.results().get(0).flagged()).isFalse();
        assertThat(only().path()).isEqualTo("/v1/moderations");
    }

    @Test
    void moderationWithAModelIsRoutedByIt() {
        ModerationCreateResponse r = client.moderations().create(ModerationCreateParams.builder()
                .input("some text").model("moderation").build());

        assertThat(r.model()).isEqualTo("omni-moderation-latest");
    }

    @Test
    void filesAreUploadedListedRetrievedReadAndDeleted() throws IOException {
        FileObject uploaded = client.files().create(FileCreateParams.builder()
                .file("{\"custom_id\":\"r1\"}\n".getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build());
        assertThat(uploaded.id()).isEqualTo("file-mock1");
        assertThat(upstream.recordedRequests().get(0).header("content-type")).startsWith("multipart/form-data");

        assertThat(client.files().list().data()).extracting(FileObject::id).containsExactly("file-mock1");
        assertThat(client.files().retrieve("file-abc").id()).isEqualTo("file-abc");
        try (HttpResponse content = client.files().content("file-abc"); InputStream in = content.body()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"custom_id\":\"r1\"}\n");
        }
        FileDeleted deleted = client.files().delete("file-abc");
        assertThat(deleted.deleted()).isTrue();

        assertThat(upstream.recordedRequests()).extracting(r -> r.method() + " " + r.uri()).containsExactly(
                "POST /v1/files", "GET /v1/files", "GET /v1/files/file-abc", "GET /v1/files/file-abc/content",
                "DELETE /v1/files/file-abc");
        assertThat(upstream.recordedRequests()).allSatisfy(r ->
                assertThat(r.header("authorization")).isEqualTo("Bearer sk-upstream-rest"));
    }

    @Test
    void batchesAreCreatedListedRetrievedAndCancelled() {
        Batch created = client.batches().create(BatchCreateParams.builder()
                .inputFileId("file-mock1")
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
        assertThat(created.id()).isEqualTo("batch_mock1");
        assertThat(client.batches().list().data()).extracting(Batch::id).containsExactly("batch_mock1");
        assertThat(client.batches().retrieve("batch_x").status()).isEqualTo(Batch.Status.IN_PROGRESS);
        assertThat(client.batches().cancel("batch_x").status()).isEqualTo(Batch.Status.CANCELLING);

        assertThat(upstream.recordedRequests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /v1/batches", "GET /v1/batches", "GET /v1/batches/batch_x", "POST /v1/batches/batch_x/cancel");
        assertThat(upstream.recordedRequests().get(0).body()).contains("\"input_file_id\":\"file-mock1\"");
    }

    @Test
    void aModelIsRetrievedByItsAlias() {
        Model m = client.models().retrieve("whisper");
        assertThat(m.id()).isEqualTo("whisper");
    }

    @Test
    void aWrongMethodOrAnIdThatIsNoIdIsRefusedBeforeAnyUpstream() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            RawHttp.Response r = http.send("DELETE", "/v1/batches/batch_x", Map.of(), null).readResponse();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("allow")).isEqualTo("GET");
        }
        try (RawHttp http = new RawHttp(gateway.port())) {
            RawHttp.Response r = http.send("GET", "/v1/files/a%2Fb/content", Map.of(), null).readResponse();
            assertThat(r.status()).isEqualTo(404);
        }
        assertThat(upstream.recordedRequests()).isEmpty();
    }

    /** {@code size} bytes of a repeating pattern, made as they are read. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ % 251) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ % 251);
            }
            return n;
        }
    }
}
