package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTraceTest {

    @Test
    void aNewTraceIsSampledByItsIdAsOpenTelemetrysRatioSamplerDoes() {
        assertThat(RequestTrace.sampledByRatio(Long.MAX_VALUE, 1.0)).isTrue();
        assertThat(RequestTrace.sampledByRatio(0, 0.0)).isFalse();
        assertThat(RequestTrace.sampledByRatio(Long.MAX_VALUE / 4 - 1, 0.25)).isTrue();
        assertThat(RequestTrace.sampledByRatio(Long.MAX_VALUE / 4 + 1, 0.25)).isFalse();
        assertThat(RequestTrace.sampledByRatio(Long.MIN_VALUE | 5, 0.25)).as("the sign bit is ignored").isTrue();
    }

    @Test
    void theUpstreamTraceparentNamesTheAttemptAsParentAndKeepsTheSampledFlag() {
        RequestTrace sampled = new RequestTrace(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 7, 9, true);
        assertThat(sampled.traceparent(0xabcL)).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000abc-01");
        RequestTrace not = new RequestTrace(1, 2, 7, 9, false);
        assertThat(not.traceparent(3)).isEqualTo("00-00000000000000010000000000000002-0000000000000003-00");
        assertThat(RequestTrace.newSpanId()).isNotZero();
    }
}
