package io.llmgateway.codec.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

    private static final String W3C_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsTheIdsAndTheSampledFlagOfTheSpecificationsExample() {
        assertThat(TraceParent.isValid(W3C_EXAMPLE)).isTrue();
        assertThat(TraceParent.traceIdHigh(W3C_EXAMPLE)).isEqualTo(0x4bf92f3577b34da6L);
        assertThat(TraceParent.traceIdLow(W3C_EXAMPLE)).isEqualTo(0xa3ce929d0e0e4736L);
        assertThat(TraceParent.parentId(W3C_EXAMPLE)).isEqualTo(0x00f067aa0ba902b7L);
        assertThat(TraceParent.sampled(W3C_EXAMPLE)).isTrue();
        assertThat(TraceParent.sampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isFalse();
    }

    @Test
    void formatsWhatItReads() {
        assertThat(TraceParent.format(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, true))
                .isEqualTo(W3C_EXAMPLE);
        assertThat(TraceParent.format(-1L, 1L, Long.MIN_VALUE, false))
                .isEqualTo("00-ffffffffffffffff0000000000000001-8000000000000000-00");
        assertThat(TraceParent.hex(0xabcL)).isEqualTo("0000000000000abc");
        assertThat(TraceParent.hex(1L, 2L)).isEqualTo("00000000000000010000000000000002");
    }

    @Test
    void aLaterVersionIsReadAsVersion00WhateverFollows() {
        String v = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds";
        assertThat(TraceParent.isValid(v)).isTrue();
        assertThat(TraceParent.parentId(v)).isEqualTo(0x00f067aa0ba902b7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
    })
    void refusesWhatTheSpecificationRefuses(String v) {
        assertThat(TraceParent.isValid(v)).as(v).isFalse();
    }
}
