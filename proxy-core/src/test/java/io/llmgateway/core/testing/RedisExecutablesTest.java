package io.llmgateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisExecutablesTest {

    @Test
    void aMissingRedisFailsSayingToRunScriptsTest() {
        assertThatThrownBy(() -> RedisExecutables.find("redis-server", "redis-server", "/nonexistent/bin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis-server is not on the PATH")
                .hasMessageContaining("scripts/test");
    }

    @Test
    void theInstalledOnesAreFound() {
        assertThat(RedisExecutables.server()).endsWith("/redis-server");
        assertThat(RedisExecutables.cli()).endsWith("/redis-cli");
    }
}
