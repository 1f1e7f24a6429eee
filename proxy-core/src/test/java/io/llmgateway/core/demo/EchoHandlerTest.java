package io.llmgateway.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The echo provider's handler on an {@link EmbeddedChannel}, fed aggregated requests as
 * {@code HttpObjectAggregator} would.
 */
class EchoHandlerTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new EchoHandler());

    @AfterEach
    void nothingLeaks() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static FullHttpRequest post(String path, String json) {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    /** The one full response written, its body as text; releases it. */
    private String fullResponse(int expectedStatus) {
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(expectedStatus);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(response.content().readableBytes());
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void chatRepeatsTheLastUserMessage() throws Exception {
        channel.writeInbound(post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":"first"},{"role":"assistant","content":"ok"},
                 {"role":"user","content":[{"type":"text","text":"Hello "},{"type":"text","text":"there!"}]}]}"""));
        String body = fullResponse(200);
        Map<?, ?> json = (Map<?, ?>) JsonTree.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(json.get("object")).isEqualTo("chat.completion");
        assertThat(json.get("model")).isEqualTo("gpt-4o");
        Map<?, ?> choice = (Map<?, ?>) ((List<?>) json.get("choices")).get(0);
        assertThat(((Map<?, ?>) choice.get("message")).get("content")).isEqualTo("Hello there!");
        assertThat(choice.get("finish_reason")).isEqualTo("stop");
        assertThat(((Map<?, ?>) json.get("usage")).get("completion_tokens")).isEqualTo(2);
    }

    @Test
    void aStreamHasRoleChunkPiecesFinishUsageAndDone() {
        channel.writeInbound(post("/v1/chat/completions", """
                {"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Count to 5"}]}"""));
        HttpResponse head = channel.readOutbound();
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/event-stream");
        StringBuilder events = new StringBuilder();
        for (;;) {
            HttpContent content = channel.readOutbound();
            try {
                events.append(content.content().toString(StandardCharsets.UTF_8));
                if (content instanceof LastHttpContent) {
                    break;
                }
            } finally {
                content.release();
            }
        }
        String text = events.toString();
        assertThat(text.split("\n\n")).hasSize(7);
        assertThat(text).startsWith("data: {\"id\":\"chatcmpl-echo-").contains("\"delta\":{\"role\":\"assistant\"")
                .contains("\"delta\":{\"content\":\"Count \"}").contains("\"delta\":{\"content\":\"to \"}")
                .contains("\"delta\":{\"content\":\"5\"}").contains("\"finish_reason\":\"stop\"")
                .contains("\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void legacyCompletionsAndEmbeddings() {
        channel.writeInbound(post("/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":[\"Say\",\"x\"]}"));
        assertThat(fullResponse(200)).contains("\"object\":\"text_completion\"").contains("\"text\":\"Say\"");

        channel.writeInbound(post("/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"dimensions\":4}"));
        String embeddings = fullResponse(200);
        assertThat(embeddings).contains("\"index\":1").contains("\"model\":\"text-embedding-3-small\"")
                .contains("\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}");

        channel.writeInbound(post("/v1/embeddings",
                "{\"model\":\"e\",\"input\":\"a\",\"dimensions\":2,\"encoding_format\":\"base64\"}"));
        assertThat(fullResponse(200)).matches(".*\"embedding\":\"[A-Za-z0-9+/]{11}=\".*");
    }

    @Test
    void anUnknownPathOrABadBodyIsAnOpenAiError() {
        channel.writeInbound(post("/v1/images/generations", "{}"));
        assertThat(fullResponse(404)).contains("\"code\":\"unknown_url\"").contains("/v1/images/generations");

        channel.writeInbound(post("/v1/chat/completions", "{\"messages\":[]}"));
        assertThat(fullResponse(400)).contains("model: expected a non-empty string")
                .contains("\"type\":\"invalid_request_error\"");

        channel.writeInbound(post("/v1/chat/completions", "{not json"));
        assertThat(fullResponse(400)).contains("The echo provider cannot read this body");

        channel.writeInbound(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"a\",\"dimensions\":0}"));
        assertThat(fullResponse(400)).contains("dimensions: 0 (expected: 1 to 4096)");
    }

    @Test
    void vectorsAreDeterministicUnitVectors() {
        float[] a = EchoAnswers.vector("same", 8);
        assertThat(EchoAnswers.vector("same", 8)).containsExactly(a);
        assertThat(EchoAnswers.vector("other", 8)).isNotEqualTo(a);
        double norm = 0;
        for (float f : a) {
            norm += f * f;
        }
        assertThat(norm).isCloseTo(1.0, offset(1e-5));
        assertThat(EchoAnswers.pieces("Count to  5")).containsExactly("Count ", "to  ", "5");
        assertThat(EchoAnswers.pieces("")).isEmpty();
    }
}
