package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputitems.InputItemListParams;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.core.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Object affinity through the real gateway, with the OpenAI Java SDK: one OpenAI provider with the
 * keys of two organisations, on a mock that keeps responses, files and batches per key (and
 * answers 404 for the other key's). Whatever key the balancer gave a create, every later request
 * naming the object — its path id, {@code previous_response_id}, a batch's {@code input_file_id} —
 * reaches that key; across two gateways on one Redis too.
 */
class StoredObjectsIT {

    private static final int CREATES = 20;

    private static String config(MockUpstream upstream, String extraTop) {
        return GatewayConfigs.withProviders("""
                - id: oai
                  type: openai
                  base_url: "%s/v1"
                  keys:
                    - id: org-a
                      secret: "sk-org-a"
                    - id: org-b
                      secret: "sk-org-b"
                """.formatted(upstream.baseUrl()), "gpt: oai:gpt-4o") + """
                endpoints:
                  files: oai
                  batches: oai
                  responses: oai
                """ + extraTop;
    }

    private static MockUpstream keepingMock() throws Exception {
        return MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(3).keepObjects(true).build());
    }

    private static OpenAIClient client(GatewayProcess gw) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("unused").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ResponseCreateParams create(String text) {
        return ResponseCreateParams.builder().model("gpt").input(text).build();
    }

    /** The key each recorded request presented, by request line. */
    private static String key(RecordedRequest r) {
        return r.header("authorization");
    }

    @Test
    void everyStoredResponseIsReadThroughTheKeyThatCreatedIt() throws Exception {
        try (MockUpstream upstream = keepingMock(); GatewayProcess gw = GatewayProcess.start(config(upstream, ""))) {
            OpenAIClient client = client(gw);
            try {
                Set<String> created = new HashSet<>();
                for (int i = 0; i < CREATES; i++) {
                    String id;
                    if (i % 4 == 3) {
                        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(create("s" + i))) {
                            id = s.stream().filter(ResponseStreamEvent::isCreated).findFirst().orElseThrow()
                                    .asCreated().response().id();
                        }
                    } else {
                        id = client.responses().create(create("n" + i)).id();
                    }
                    created.add(id);
                }
                Set<String> creators = new HashSet<>();
                upstream.recordedRequests().forEach(r -> creators.add(key(r)));
                assertThat(creators).as("the balancer used both organisations").hasSize(2);

                for (String id : created) {
                    Response r = client.responses().retrieve(id);
                    assertThat(r.id()).isEqualTo(id);
                    assertThat(client.responses().inputItems().list(InputItemListParams.builder().responseId(id)
                            .limit(5).build()).data()).hasSize(1);
                }
                String deleted = created.iterator().next();
                client.responses().delete(deleted);
                assertThatThrownBy(() -> client.responses().retrieve(deleted)).isInstanceOf(NotFoundException.class);

                List<RecordedRequest> reads = upstream.recordedRequests().stream()
                        .filter(r -> !r.method().equals("POST")).toList();
                assertThat(reads).hasSize(2 * CREATES + 2);
                assertThat(reads).anySatisfy(r -> assertThat(r.uri()).contains("/input_items?limit=5"));
            } finally {
                client.close();
            }
        }
    }

    @Test
    void previousResponseIdFollowsItsResponse() throws Exception {
        try (MockUpstream upstream = keepingMock(); GatewayProcess gw = GatewayProcess.start(config(upstream, ""))) {
            OpenAIClient client = client(gw);
            try {
                for (int i = 0; i < CREATES / 2; i++) {
                    Response first = client.responses().create(create("first " + i));
                    // the mock answers 400 for a previous response of the other organisation
                    Response next = client.responses().create(ResponseCreateParams.builder().model("gpt")
                            .input("next " + i).previousResponseId(first.id()).build());
                    assertThat(next.id()).isNotEqualTo(first.id());
                }
                Set<String> keys = new HashSet<>();
                upstream.recordedRequests().forEach(r -> keys.add(key(r)));
                assertThat(keys).hasSize(2);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aFileAndTheBatchBuiltOnItStayWithTheirKey() throws Exception {
        try (MockUpstream upstream = keepingMock(); GatewayProcess gw = GatewayProcess.start(config(upstream, ""))) {
            OpenAIClient client = client(gw);
            try {
                for (int i = 0; i < CREATES / 2; i++) {
                    FileObject file = client.files().create(FileCreateParams.builder()
                            .file(("{\"custom_id\":\"r" + i + "\"}\n").getBytes(StandardCharsets.UTF_8))
                            .purpose(FilePurpose.BATCH).build());
                    assertThat(client.files().retrieve(file.id()).id()).isEqualTo(file.id());
                    Batch batch = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                            .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                            .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
                    assertThat(client.batches().retrieve(batch.id()).status()).isEqualTo(Batch.Status.IN_PROGRESS);
                    assertThat(client.files().delete(file.id()).deleted()).isTrue();
                }
                Set<String> keys = new HashSet<>();
                upstream.recordedRequests().forEach(r -> keys.add(key(r)));
                assertThat(keys).hasSize(2);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void anUnknownIdGoesToTheDefaultProviderAndAnIdNoneServesIsNamedIn404() throws Exception {
        try (MockUpstream upstream = keepingMock();
                GatewayProcess withDefault = GatewayProcess.start(config(upstream, ""));
                GatewayProcess without = GatewayProcess.start(config(upstream, "").replace("  responses: oai\n", ""))) {
            OpenAIClient a = client(withDefault);
            OpenAIClient b = client(without);
            try {
                assertThatThrownBy(() -> a.responses().retrieve("resp_nobody")).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("No response found with id 'resp_nobody'");
                assertThatThrownBy(() -> b.responses().retrieve("resp_nobody")).isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("resp_nobody").hasMessageContaining("endpoints.responses");
                assertThat(upstream.recordedRequests()).hasSize(1);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aSecondInstanceOnTheSameRedisRoutesAnIdTheFirstLearnt() throws Exception {
        String redis = """
                storage:
                  runtime:
                    type: redis
                    addr: "%s"
                    key_prefix: "%s"
                    timeout_ms: 2000
                """.formatted(RedisServers.single(), "it-" + UUID.randomUUID() + ":");
        try (MockUpstream upstream = keepingMock();
                GatewayProcess one = GatewayProcess.start(config(upstream, redis));
                GatewayProcess two = GatewayProcess.start(config(upstream, redis))) {
            OpenAIClient first = client(one);
            OpenAIClient second = client(two);
            try {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < CREATES / 2; i++) {
                    ids.add(first.responses().create(create("shared " + i)).id());
                }
                // instance one writes what it learnt to Redis off its event loop, after the answer
                for (String id : ids) {
                    Await.until("instance two reads " + id, Duration.ofSeconds(20), () -> {
                        try {
                            return second.responses().retrieve(id).id().equals(id);
                        } catch (NotFoundException e) {
                            return false;
                        }
                    });
                }
                // from now on instance two knows every id: no read may land on the other organisation
                for (int round = 0; round < 5; round++) {
                    for (String id : ids) {
                        assertThat(second.responses().retrieve(id).id()).isEqualTo(id);
                    }
                }
                Set<String> keys = new HashSet<>();
                upstream.recordedRequests().forEach(r -> keys.add(key(r)));
                assertThat(keys).hasSize(2);
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
