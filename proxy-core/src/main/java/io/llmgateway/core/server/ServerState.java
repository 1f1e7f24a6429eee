package io.llmgateway.core.server;

import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwners;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.cache.ConcurrentMemoryResponseStore;
import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.config.StorageConfig;
import io.llmgateway.core.config.ServerConfig;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.observe.Observability;
import io.llmgateway.core.proxy.ProxyServices;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.state.redis.RedisObjectOwners;
import io.llmgateway.core.state.redis.RedisResponseStore;
import io.llmgateway.core.state.redis.RedisRuntimeStore;
import io.llmgateway.core.upstream.UpstreamClient;
import io.llmgateway.core.vkeys.VirtualKeys;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every client connection of one running gateway shares: the current config snapshot, the
 * upstream client, the in-flight count, the draining flag, the memory budget for buffered
 * messages and the admission of connections. Thread-safe: read by every event loop; the snapshot
 * is swapped atomically on reload. The budget and the connection limits are built once from the
 * config the server starts with.
 */
public final class ServerState {

    private final AtomicReference<GatewaySnapshot> snapshot;
    private final UpstreamClient upstream;
    private final KeyStateRegistry keys;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentMemoryBudget memoryBudget;
    private final ConnectionAdmission admission;
    private volatile boolean draining;
    /** What every exchange shares: the upstream client, the memory budget, and where outcomes go. */
    private final ProxyServices proxyServices;
    /** The response cache's answers, kept across reloads ({@code cache.max_bytes} is read at start). */
    private final ResponseStore responseCache;
    /** Redis commands of the response cache in flight at once, and waiting at most. */
    private static final int REDIS_CACHE_THREADS = 2;
    private static final int REDIS_CACHE_QUEUE = 1024;
    /** Which key created each stored object, kept across reloads. */
    private final ObjectOwners objectOwners;
    private static final int REDIS_OWNER_THREADS = 2;
    private static final int REDIS_OWNER_QUEUE = 1024;
    private final Observability observability;
    private final AccessTokens accessTokens;
    /** Null in tests that run without virtual keys. */
    private final VirtualKeys virtualKeys;

    ServerState(GatewaySnapshot snapshot, UpstreamClient upstream, KeyStateRegistry keys, Observability observability) {
        this(snapshot, upstream, keys, observability, null, AccessTokens.NONE);
    }

    ServerState(GatewaySnapshot snapshot, UpstreamClient upstream, KeyStateRegistry keys, Observability observability,
            VirtualKeys virtualKeys, AccessTokens accessTokens) {
        this.virtualKeys = virtualKeys;
        this.snapshot = new AtomicReference<>(snapshot);
        this.upstream = upstream;
        this.keys = keys;
        ServerConfig server = snapshot.config().server();
        this.memoryBudget = new ConcurrentMemoryBudget(server.maxBufferedBytes() > 0
                ? server.maxBufferedBytes()
                : ConcurrentMemoryBudget.derivedLimit());
        this.admission = new ConnectionAdmission(server, Ticker.system());
        this.observability = observability;
        this.accessTokens = accessTokens;
        this.responseCache = responseStore(snapshot.config());
        observability.metrics().watch(responseCache);
        this.objectOwners = objectOwners(snapshot.config());
        this.proxyServices = ProxyServices.of(upstream, observability.queue(), memoryBudget, accessTokens,
                responseCache, objectOwners);
    }

    /** The access tokens of the configured service accounts, kept across reloads. */
    public AccessTokens accessTokens() {
        return accessTokens;
    }

    /**
     * The response cache's store, read at start: Redis, shared by every instance, when the runtime
     * store is Redis; otherwise in memory within {@code cache.max_bytes}.
     */
    private static ResponseStore responseStore(GatewayConfig config) {
        RuntimeStoreConfig runtime = config.storage().runtime();
        if (runtime.redis()) {
            // a pool of its own: cache lookups never queue behind the state thread's leases, nor it behind them
            RedisRuntimeStore connection = new RedisRuntimeStore(runtime);
            return new RedisResponseStore(connection, REDIS_CACHE_THREADS, REDIS_CACHE_QUEUE, connection::close);
        }
        return new ConcurrentMemoryResponseStore(config.cache().maxBytes(), config.cache().maxEntryBytes(),
                Ticker.system());
    }

    /**
     * Which key created each stored object: shared through Redis when the runtime store is Redis
     * (with a local copy), otherwise in memory; within {@code storage.object_owners}, as the
     * configuration read at start says.
     */
    private static ObjectOwners objectOwners(GatewayConfig config) {
        StorageConfig.ObjectOwnerLimits limits = config.storage().objectOwners();
        ConcurrentObjectOwnerTable local = new ConcurrentObjectOwnerTable(limits.maxEntries(), limits.ttlMs(),
                Ticker.system());
        RuntimeStoreConfig runtime = config.storage().runtime();
        if (!runtime.redis()) {
            return local;
        }
        // a pool of its own, like the cache's: lookups never queue behind the state thread's leases
        RedisRuntimeStore connection = new RedisRuntimeStore(runtime);
        return new RedisObjectOwners(connection, local, limits.ttlMs(), REDIS_OWNER_THREADS,
                REDIS_OWNER_QUEUE, connection::close);
    }

    /** The response cache's store. */
    public ResponseStore responseCache() {
        return responseCache;
    }

    /** Stops the response cache's own threads (a Redis store has some); after the event loops. */
    void closeResponseCache() {
        if (responseCache instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the response cache's store failed", e);
            }
        }
        if (objectOwners instanceof RedisObjectOwners r) {
            r.close();
        }
    }

    /** Virtual keys, teams and spend, kept across reloads; null when the server was built without them (tests). */
    public VirtualKeys virtualKeys() {
        return virtualKeys;
    }

    /** The observation queue every exchange's outcome goes to, and its consumers. */
    public Observability observability() {
        return observability;
    }

    /**
     * The bytes the gateway may hold for messages it buffers ({@code server.max_buffered_bytes}):
     * request bodies being received reserve here; so will the responses the proxy buffers.
     */
    public ConcurrentMemoryBudget memoryBudget() {
        return memoryBudget;
    }

    ConnectionAdmission admission() {
        return admission;
    }

    /** The live state of every provider key (usage, health, cooldowns), kept across reloads. */
    public KeyStateRegistry keys() {
        return keys;
    }

    /** What every exchange shares: connections, the memory budget, where its outcome record goes. */
    public ProxyServices proxyServices() {
        return proxyServices;
    }

    public GatewaySnapshot snapshot() {
        return snapshot.get();
    }

    void publish(GatewaySnapshot next) {
        snapshot.set(next);
    }

    public UpstreamClient upstream() {
        return upstream;
    }

    /** Requests being proxied right now. */
    public int inFlight() {
        return inFlight.get();
    }

    void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    /** True once shutdown began: new requests get {@code Connection: close}, readiness fails. */
    public boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
