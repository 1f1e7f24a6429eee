package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BodyCollector} with a multipart upload: only the prefix up to the form's {@code model} is
 * held, the request is passed on then, and the rest of the body follows it part by part; and the
 * requests without a model (files, batches) go to the endpoint's default provider.
 */
class BodyCollectorUploadTest {

    private static final String BOUNDARY = "XyZ";

    @RegisterExtension
    final TestServer server = new TestServer("", """
              upload_model_lookahead_bytes: 256
            endpoints:
              audio_transcriptions: up
              files: up
            """);
    private final EventRecorder events = new EventRecorder();
    private final ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(1 << 20);
    private final BodyReservation reservation = new BodyReservation(budget);
    private final List<ExchangeOutcome> outcomes = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BodyCollector(reservation, outcomes::add), events);

    private HttpRequest open(HttpMethod method, String path, Endpoint endpoint, String tail) {
        InboundRequest request = server.open(channel, true);
        request.routed(HttpRoute.proxied(endpoint, method), path, tail);
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path);
        head.headers().set("content-type", "multipart/form-data; boundary=" + BOUNDARY);
        return head;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String modelPart(String model) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n";
    }

    private static String fileHead() {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n";
    }

    @Test
    void theRequestGoesOnOnceTheModelIsFoundAndTheRestFollowsItPartByPart() {
        HttpRequest head = open(HttpMethod.POST, "/v1/audio/transcriptions", Endpoint.AUDIO_TRANSCRIPTIONS, "");
        String prefix = modelPart("gpt-4o") + fileHead();
        String file = "x".repeat(1000);
        String end = "\r\n--" + BOUNDARY + "--\r\n";
        head.headers().setInt("content-length", prefix.length() + file.length() + end.length());

        channel.writeInbound(head, new DefaultHttpContent(text(prefix)));
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.upload()).isNotNull();
            assertThat(r.upload().declaredLength()).isEqualTo(prefix.length() + file.length() + end.length());
            assertThat(r.upload().prefixBytes()).isEqualTo(prefix.length());
            assertThat(r.fields().model()).isEqualTo("gpt-4o");
            assertThat(r.route().name()).isEqualTo("gpt-4o");
            assertThat(r.body().toString(StandardCharsets.ISO_8859_1)).isEqualTo(prefix);
            assertThat(r.body().toString(r.fields().modelStart(), r.fields().modelEnd() - r.fields().modelStart(),
                    StandardCharsets.ISO_8859_1)).isEqualTo("gpt-4o");
        } finally {
            r.body().release();
        }

        channel.writeInbound(new DefaultHttpContent(text(file)), new DefaultLastHttpContent(text(end)));
        HttpContent middle = channel.readInbound();
        HttpContent last = channel.readInbound();
        try {
            assertThat(middle.content().toString(StandardCharsets.ISO_8859_1)).isEqualTo(file);
            assertThat(last).isInstanceOf(LastHttpContent.class);
        } finally {
            middle.release();
            last.release();
        }
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aModelAfterTheLookAheadLeavesTheUploadToTheEndpointsDefaultProvider() {
        HttpRequest head = open(HttpMethod.POST, "/v1/audio/transcriptions", Endpoint.AUDIO_TRANSCRIPTIONS, "");
        head.headers().set("transfer-encoding", "chunked");
        channel.writeInbound(head, new DefaultHttpContent(text(fileHead())),
                new DefaultHttpContent(text("y".repeat(300))));
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.upload()).isNotNull();
            assertThat(r.upload().declaredLength()).isEqualTo(-1);
            assertThat(r.fields().model()).isNull();
            assertThat(r.route().name()).isEqualTo("up");
        } finally {
            r.body().release();
        }
        channel.writeInbound(new DefaultLastHttpContent(text("\r\n" + modelPart("gpt-4o") + "--" + BOUNDARY + "--")));
        HttpContent last = channel.readInbound();
        last.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aFormThatEndsWithinTheLookAheadIsOneCompleteBody() {
        HttpRequest head = open(HttpMethod.POST, "/v1/audio/transcriptions", Endpoint.AUDIO_TRANSCRIPTIONS, "");
        String form = fileHead() + "abc\r\n" + modelPart("other") + "--" + BOUNDARY + "--\r\n";
        channel.writeInbound(head, new DefaultLastHttpContent(text(form)));
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.upload()).as("nothing follows: the body is complete").isNull();
            assertThat(r.route().name()).isEqualTo("other");
            assertThat(r.body().readableBytes()).isEqualTo(form.length());
        } finally {
            r.body().release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUploadThatIsNoFormIs400AndTheConnectionCloses() {
        HttpRequest head = open(HttpMethod.POST, "/v1/audio/transcriptions", Endpoint.AUDIO_TRANSCRIPTIONS, "");
        head.headers().set("content-type", "application/json");
        channel.writeInbound(head, new DefaultLastHttpContent(text("{}")));
        FullHttpResponse answer = channel.readOutbound();
        try {
            assertThat(answer.status().code()).isEqualTo(400);
            assertThat(answer.headers().get("connection")).isEqualTo("close");
            assertThat(answer.content().toString(StandardCharsets.UTF_8))
                    .contains("takes a multipart/form-data body with a boundary").contains("application/json");
        } finally {
            answer.release();
        }
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aFileCallWithoutBodyGoesToTheDefaultProviderWithItsMethodAndTail() {
        HttpRequest head = open(HttpMethod.GET, "/v1/files/file-1/content", Endpoint.FILES, "/file-1/content?a=b");
        channel.writeInbound(head, LastHttpContent.EMPTY_LAST_CONTENT);
        ClientRequest r = channel.readInbound();
        try {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.pathTail()).isEqualTo("/file-1/content?a=b");
            assertThat(r.route().name()).isEqualTo("up");
            assertThat(r.upload()).isNull();
        } finally {
            r.body().release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBatchCallWithoutDefaultProviderIs400NamingTheKey() {
        InboundRequest request = server.open(channel, true);
        request.routed(HttpRoute.proxied(Endpoint.BATCHES, HttpMethod.POST), "/v1/batches", "");
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/batches"),
                new DefaultLastHttpContent(text("{\"input_file_id\":\"f\"}")));
        FullHttpResponse answer = channel.readOutbound();
        try {
            assertThat(answer.status().code()).isEqualTo(400);
            assertThat(answer.content().toString(StandardCharsets.UTF_8)).contains("endpoints.batches")
                    .contains("\"param\":\"model\"");
        } finally {
            answer.release();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
