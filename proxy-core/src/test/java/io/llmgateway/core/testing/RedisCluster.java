package io.llmgateway.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A private Redis Cluster of three masters and no replicas on free loopback ports, created with
 * {@code redis-cli --cluster create} and returned once every node says {@code cluster_state:ok}.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int NODES = 3;
    private static final long READY_DEADLINE_MS = 30_000;

    private final List<RedisNode> nodes;

    private RedisCluster(List<RedisNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static RedisCluster start() {
        List<RedisNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(RedisNode.startClusterNode("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes-" + i + ".conf", "--cluster-node-timeout", "5000"));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisNode::close);
            throw e;
        }
    }

    /** The nodes' {@code host:port}, as {@code storage.runtime.cluster} takes them. */
    public List<String> addrs() {
        return nodes.stream().map(RedisNode::addr).toList();
    }

    public List<RedisNode> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(RedisNode::close);
    }

    private void create() {
        List<String> cmd = new ArrayList<>(List.of(RedisExecutables.cli(), "--cluster", "create"));
        cmd.addAll(addrs());
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(READY_DEADLINE_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " failed; its output:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_DEADLINE_MS);
        for (RedisNode node : nodes) {
            String info = "";
            while (!info.contains("cluster_state:ok")) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("cluster " + addrs() + " not ok within " + READY_DEADLINE_MS
                            + " ms; node " + node.addr() + " says:\n" + info);
                }
                info = clusterInfo(node);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static String clusterInfo(RedisNode node) {
        try (Jedis jedis = new Jedis(node.host(), node.port(), 1_000)) {
            return jedis.clusterInfo();
        } catch (JedisException e) {
            return e.toString();
        }
    }
}
