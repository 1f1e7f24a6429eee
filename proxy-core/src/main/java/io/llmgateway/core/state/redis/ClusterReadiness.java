package io.llmgateway.core.state.redis;

import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterException;

/**
 * Whether a Redis Cluster serves every slot: each node the client knows is asked
 * {@code CLUSTER INFO}, and each must say {@code cluster_state:ok}. The probe of an outage asks
 * this before the store counts as back (a cluster whose nodes restart answers {@code PING} on the
 * first one up long before its slots are all served). Stateless; one command per node.
 */
final class ClusterReadiness {

    private ClusterReadiness() {
    }

    /** {@code "OK"} when every node says the cluster is ok; else a Jedis exception naming the first that does not. */
    static String check(JedisCluster cluster) {
        Map<String, ConnectionPool> nodes = cluster.getClusterNodes();
        if (nodes.isEmpty()) {
            throw new JedisClusterException("no cluster node is known yet");
        }
        for (Map.Entry<String, ConnectionPool> node : nodes.entrySet()) {
            try (Connection c = node.getValue().getResource()) {
                String info = new Jedis(c).clusterInfo();
                if (!info.contains("cluster_state:ok")) {
                    throw new JedisClusterException("CLUSTERDOWN: node " + node.getKey()
                            + " reports cluster_state:fail");
                }
            }
        }
        return "OK";
    }
}
