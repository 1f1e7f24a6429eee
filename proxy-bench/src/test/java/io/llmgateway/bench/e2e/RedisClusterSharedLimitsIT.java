package io.llmgateway.bench.e2e;

import io.llmgateway.core.testing.RedisCluster;
import io.llmgateway.core.testing.RedisNode;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SharedLimitsSuite} on a three-node Redis Cluster. */
class RedisClusterSharedLimitsIT extends SharedLimitsSuite {

    private static RedisCluster cluster;
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    String runtimeYaml() {
        return """
                type: redis
                cluster: [%s]
                key_prefix: "%s"
                """.formatted(cluster.addrs().stream().map(a -> '"' + a + '"').collect(Collectors.joining(", ")),
                prefix);
    }

    @Override
    void killRedis() {
        cluster.nodes().forEach(RedisNode::kill);
    }

    @Override
    void restartRedis() {
        // each node keeps its nodes-N.conf in its directory: the cluster forms again with its slots
        cluster.nodes().forEach(RedisNode::restart);
    }
}
