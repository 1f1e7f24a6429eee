package io.llmgateway.core.observe.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogRingTest {

    private static RequestLogEntry entry(String id, String provider, int status, String key, String client) {
        return new RequestLogEntry(provider, status, key, client, "{\"request_id\":\"" + id + "\"}");
    }

    private static List<String> ids(List<RequestLogEntry> entries) {
        return entries.stream().map(e -> e.json().substring(15, e.json().length() - 2)).toList();
    }

    @Test
    void keepsTheLastNNewestFirst() {
        RequestLogRing ring = new RequestLogRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(entry("r" + i, "p", 200, "k", null));
        }

        assertThat(ids(ring.read(RequestLogRing.Filter.newest(10)))).containsExactly("r5", "r4", "r3");
        assertThat(ids(ring.read(RequestLogRing.Filter.newest(2)))).containsExactly("r5", "r4");
        assertThat(ring.read(RequestLogRing.Filter.newest(0))).isEmpty();
    }

    @Test
    void filtersByProviderStatusAndEitherKey() {
        RequestLogRing ring = new RequestLogRing(10);
        ring.add(entry("r1", "openai", 200, "k1", "app-a"));
        ring.add(entry("r2", "anthropic", 429, "k2", "app-b"));
        ring.add(entry("r3", "openai", 500, "k2", "app-a"));
        ring.add(entry("r4", null, 401, null, null));

        assertThat(ids(ring.read(new RequestLogRing.Filter(10, "openai", 0, null)))).containsExactly("r3", "r1");
        assertThat(ids(ring.read(new RequestLogRing.Filter(10, null, 429, null)))).containsExactly("r2");
        assertThat(ids(ring.read(new RequestLogRing.Filter(10, null, 0, "k2")))).containsExactly("r3", "r2");
        assertThat(ids(ring.read(new RequestLogRing.Filter(10, null, 0, "app-a")))).containsExactly("r3", "r1");
        assertThat(ids(ring.read(new RequestLogRing.Filter(1, "openai", 0, "k2")))).containsExactly("r3");
        assertThat(ids(ring.read(new RequestLogRing.Filter(10, "gemini", 0, null)))).isEmpty();
    }

    @Test
    void aRingOfZeroKeepsNothingAndAResizedRingKeepsTheNewest() {
        RequestLogRing none = new RequestLogRing(0);
        none.add(entry("r1", "p", 200, "k", null));
        assertThat(none.read(RequestLogRing.Filter.newest(5))).isEmpty();

        RequestLogRing old = new RequestLogRing(4);
        for (int i = 1; i <= 4; i++) {
            old.add(entry("r" + i, "p", 200, "k", null));
        }
        RequestLogRing smaller = new RequestLogRing(2);
        smaller.copyFrom(old);
        assertThat(ids(smaller.read(RequestLogRing.Filter.newest(5)))).containsExactly("r4", "r3");
    }

    @Test
    void aNegativeLimitIsRefusedWithItsValue() {
        assertThatThrownBy(() -> new RequestLogRing.Filter(-1, null, 0, null))
                .hasMessage("limit: -1 (expected: >= 0)");
    }
}
