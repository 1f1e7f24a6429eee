package io.llmgateway.core.state;

import io.llmgateway.core.config.RuntimeStoreConfig;
import java.util.List;
import java.util.UUID;

/** Configs of Redis stores for the tests: each test gets a key prefix of its own. */
final class RedisStores {

    /** Generous: the machine that runs the tests also builds; outage tests set their own. */
    static final int TIMEOUT_MS = 2_000;

    private RedisStores() {
    }

    static String freshPrefix() {
        return "test-" + UUID.randomUUID() + ":";
    }

    static RuntimeStoreConfig single(String addr, String prefix) {
        return single(addr, "", prefix, TIMEOUT_MS);
    }

    static RuntimeStoreConfig single(String addr, String password, String prefix, int timeoutMs) {
        return new RuntimeStoreConfig("redis", addr, password, 0, false, null, prefix, List.of(), timeoutMs, 0.05, 500,
                5_000);
    }

    static RuntimeStoreConfig cluster(List<String> nodes, String prefix) {
        return cluster(nodes, "", prefix, TIMEOUT_MS);
    }

    static RuntimeStoreConfig cluster(List<String> nodes, String password, String prefix, int timeoutMs) {
        return new RuntimeStoreConfig("redis", "localhost:6379", password, 0, false, null, prefix, nodes, timeoutMs, 0.05,
                500, 5_000);
    }
}
