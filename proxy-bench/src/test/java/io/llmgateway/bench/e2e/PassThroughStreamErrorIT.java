package io.llmgateway.bench.e2e;

import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI-compatible upstream that reports an error inside a stream ({@code data: {"error":...}},
 * as OpenAI, vLLM and Azure do): the client must see that one error event and nothing after it —
 * not a second, gateway-made "stream ended without [DONE]" error.
 *
 * <p>Regression (found by testing as a user): the relay used to forward the upstream's error event,
 * then find no {@code [DONE]} and add its own {@code upstream_stream_truncated} error event
 * ({@code PassThroughStreamRelay}, proxy-core, now ends the stream after the upstream's event).
 */
class PassThroughStreamErrorIT {

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().chunks(4).build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void anUpstreamErrorEventIsTheOnlyErrorEvent() throws Exception {
        SdkCalls.assertFailedStream(SdkCalls.rawFailedStream(gateway, "gpt-4o",
                Map.of(MockHeaders.FAULT, "error-mid-stream")), MockContent.piece("gpt-4o-2024-08-06", 1));
    }
}
