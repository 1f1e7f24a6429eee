/**
 * The runtime store on Redis or Redis Cluster ({@code storage.runtime.type: redis}):
 * {@link io.llmgateway.core.state.redis.RedisRuntimeStore} and what it is made of — the connection
 * and its failures ({@code RedisClient}), key names ({@code RedisKeys}), value encodings
 * ({@code RedisValues}) and the Lua scripts beside them ({@code LuaScript}).
 *
 * <p>Everything here blocks on the network (bounded by {@code timeout_ms}): it runs on the state
 * thread, never on an event loop. The connection pools are thread-safe; the classes keep no other
 * mutable state but the client's lazily opened connection (guarded by its monitor) and its command
 * counter (a {@link java.util.concurrent.atomic.LongAdder}, read by metrics).
 */
package io.llmgateway.core.state.redis;
