package io.llmgateway.bench.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.testing.RedisNode;
import io.llmgateway.core.testing.RedisServers;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * proxy-core's Redis harness (from its test-jar), as the end-to-end tests use it: the shared
 * servers answer, and a private node dies and comes back on the same port.
 */
class RedisHarnessTest {

    @Test
    void theSharedSingleNodeAnswers() {
        HostAndPort addr = HostAndPort.from(RedisServers.single());
        try (Jedis jedis = new Jedis(addr.getHost(), addr.getPort(), 2_000)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void theSharedClusterHasThreeMastersAndIsOk() {
        List<String> nodes = RedisServers.cluster();
        assertThat(nodes).hasSize(3);
        for (String node : nodes) {
            HostAndPort addr = HostAndPort.from(node);
            try (Jedis jedis = new Jedis(addr.getHost(), addr.getPort(), 2_000)) {
                assertThat(jedis.clusterInfo()).contains("cluster_state:ok").contains("cluster_known_nodes:3");
            }
        }
    }

    @Test
    void aPrivateNodeIsKilledAndRestartedOnItsPort() {
        try (RedisNode node = RedisNode.start()) {
            try (Jedis jedis = new Jedis(node.host(), node.port(), 2_000)) {
                jedis.set("k", "v");
            }
            node.kill();
            assertThat(node.running()).isFalse();
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis(node.host(), node.port(), 2_000)) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);

            node.restart();
            try (Jedis jedis = new Jedis(node.host(), node.port(), 2_000)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(jedis.get("k")).as("nothing was saved").isNull();
            }
        }
    }
}
