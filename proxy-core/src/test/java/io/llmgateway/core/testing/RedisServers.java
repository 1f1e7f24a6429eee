package io.llmgateway.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis servers of the tests. A test that only needs a server to talk to uses the shared ones:
 * those {@code scripts/test} started ({@code LLM_TEST_REDIS=host:port},
 * {@code LLM_TEST_REDIS_CLUSTER=host:port,host:port,...}), otherwise private ones started at the
 * first call and stopped when the JVM exits. Tests sharing a server keep apart by key prefix. A test
 * that kills or reconfigures Redis starts its own ({@link RedisNode#start}, {@link RedisCluster#start}).
 *
 * <p>Without {@code redis-server} on the PATH every call fails, saying to run {@code scripts/test}.
 */
public final class RedisServers {

    public static final String SINGLE_ENV = "LLM_TEST_REDIS";
    public static final String CLUSTER_ENV = "LLM_TEST_REDIS_CLUSTER";

    private static final List<RedisNode> RUNNING = new ArrayList<>();
    private static String single;
    private static List<String> cluster;
    private static boolean hookAdded;

    private RedisServers() {
    }

    /** {@code host:port} of a single Redis shared by the tests. */
    public static synchronized String single() {
        if (single == null) {
            String env = System.getenv(SINGLE_ENV);
            single = env != null && !env.isBlank() ? env.trim() : RedisNode.start().addr();
        }
        return single;
    }

    /** The nodes ({@code host:port} each) of a Redis Cluster shared by the tests. */
    public static synchronized List<String> cluster() {
        if (cluster == null) {
            String env = System.getenv(CLUSTER_ENV);
            cluster = env != null && !env.isBlank()
                    ? Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                    : RedisCluster.start().addrs();
        }
        return cluster;
    }

    /** Kills {@code node} when the JVM exits, if it still runs then. */
    static synchronized void stopAtExit(RedisNode node) {
        if (!RUNNING.contains(node)) {
            RUNNING.add(node);
        }
        if (!hookAdded) {
            hookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(RedisServers::stopAll, "redis-servers-stop"));
        }
    }

    private static void stopAll() {
        List<RedisNode> nodes;
        synchronized (RedisServers.class) {
            nodes = List.copyOf(RUNNING);
        }
        nodes.forEach(RedisNode::close);
    }
}
