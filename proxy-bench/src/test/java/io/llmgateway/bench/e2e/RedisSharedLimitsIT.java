package io.llmgateway.bench.e2e;

import io.llmgateway.core.testing.RedisNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SharedLimitsSuite} on one Redis node. */
class RedisSharedLimitsIT extends SharedLimitsSuite {

    private static RedisNode redis;
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisNode.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    String runtimeYaml() {
        return """
                type: redis
                addr: "%s"
                key_prefix: "%s"
                """.formatted(redis.addr(), prefix);
    }

    @Override
    void killRedis() {
        redis.kill();
    }

    @Override
    void restartRedis() {
        redis.restart();
    }
}
