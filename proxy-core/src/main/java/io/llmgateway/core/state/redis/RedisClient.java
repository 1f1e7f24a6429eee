package io.llmgateway.core.state.redis;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.state.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The connection to Redis of a {@link RedisRuntimeStore}: a bounded pool to one node, or a
 * {@link JedisCluster} that follows the cluster's slots. Every command goes through {@link #call}
 * or {@link #run}, which count it and turn any Jedis failure into a
 * {@link StoreUnavailableException} naming the address and the cause, never the password.
 *
 * <p>Nothing connects in the constructor: a cluster's slot map is read at the first command, so a
 * gateway starts while Redis is down (its first commands then fail, as later ones would).
 * Thread-safe (the pools are); the store's callers are the state thread and tests.
 */
final class RedisClient implements AutoCloseable {

    /** Connections per node: the state thread needs one; admin reads and tests may add a few. */
    static final int POOL_SIZE = 8;
    /** Tries of a cluster command (a MOVED redirect or a dead node's replacement costs one). */
    static final int CLUSTER_ATTEMPTS = 3;

    private final RuntimeStoreConfig config;
    private final String where;
    private final String password;
    private final LongAdder commands = new LongAdder();
    private UnifiedJedis jedis;
    private boolean closed;

    RedisClient(RuntimeStoreConfig config) {
        this.config = config;
        this.where = "redis " + (config.cluster().isEmpty() ? config.addr() : "cluster " + config.cluster());
        this.password = config.password();
    }

    /** Sends one command: {@code command} must send exactly one. */
    <T> T call(String what, Function<UnifiedJedis, T> command) {
        UnifiedJedis j = connection(what);
        commands.increment();
        try {
            return command.apply(j);
        } catch (JedisException e) {
            throw unavailable(what, e);
        }
    }

    /** Runs {@code script} by {@code EVALSHA}, by {@code EVAL} when Redis does not hold it yet. */
    Object run(LuaScript script, List<String> keys, List<String> args) {
        UnifiedJedis j = connection(script.name());
        commands.increment();
        try {
            try {
                return j.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                commands.increment();
                return j.eval(script.text(), keys, args);
            }
        } catch (JedisException e) {
            throw unavailable(script.name(), e);
        }
    }

    /** Commands sent since this client was made (a script's fallback to EVAL counts two). */
    long commandsSent() {
        return commands.sum();
    }

    String where() {
        return where;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                // closing releases sockets; a failure to do so leaves nothing for the caller to do
            }
            jedis = null;
        }
    }

    private synchronized UnifiedJedis connection(String what) {
        if (closed) {
            throw new IllegalStateException(where + ": " + what + " after close");
        }
        if (jedis == null) {
            try {
                jedis = open();
            } catch (JedisException e) {
                throw unavailable(what, e);
            }
        }
        return jedis;
    }

    private UnifiedJedis open() {
        int timeout = config.timeoutMs();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .clientName("llm-gateway")
                .password(password.isEmpty() ? null : password)
                .ssl(config.tls());
        if (config.tls()) {
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host dialled
            client.sslParameters(tls);
            if (config.tlsCaFile() != null) {
                client.sslSocketFactory(RedisTrust.socketFactory(Path.of(config.tlsCaFile())));
            }
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(timeout));
        if (config.cluster().isEmpty()) {
            JedisClientConfig c = client.database(config.db()).build();
            return new JedisPooled(pool, HostAndPort.from(config.addr()), c);
        }
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        config.cluster().forEach(node -> seeds.add(HostAndPort.from(node)));
        return new JedisCluster(seeds, client.build(), CLUSTER_ATTEMPTS,
                Duration.ofMillis((long) timeout * CLUSTER_ATTEMPTS), pool);
    }

    private StoreUnavailableException unavailable(String what, JedisException e) {
        StringBuilder causes = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++) {
            causes.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                causes.append(": ").append(t.getMessage());
            }
            for (Throwable s : t.getSuppressed()) {
                causes.append("; after ").append(s.getClass().getSimpleName()).append(": ").append(s.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String text = password.isEmpty() ? causes.toString() : causes.toString().replace(password, "****");
        // a cause whose text holds the password would carry it into logs: it is left out then
        return new StoreUnavailableException(where + ": " + what + " failed: " + text, mentionsPassword(e, 0) ? null : e);
    }

    private boolean mentionsPassword(Throwable t, int depth) {
        if (password.isEmpty() || t == null || depth > 16) {
            return false;
        }
        if (String.valueOf(t.getMessage()).contains(password)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (mentionsPassword(s, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && mentionsPassword(t.getCause(), depth + 1);
    }
}
