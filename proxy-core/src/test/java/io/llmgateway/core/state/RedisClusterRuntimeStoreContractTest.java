package io.llmgateway.core.state;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.state.redis.RedisRuntimeStore;
import io.llmgateway.core.testing.Await;
import io.llmgateway.core.testing.RedisServers;
import java.util.function.BooleanSupplier;

/** The contract on a three-node Redis Cluster (the shared one; each test under a key prefix of its own). */
class RedisClusterRuntimeStoreContractTest extends RuntimeStoreContract {

    private RuntimeStoreConfig config;

    @Override
    protected RuntimeStore newStore() {
        config = RedisStores.cluster(RedisServers.cluster(), RedisStores.freshPrefix());
        return new RedisRuntimeStore(config);
    }

    @Override
    protected RuntimeStore peer() {
        return new RedisRuntimeStore(config);
    }

    @Override
    protected RuntimeStore isolated() {
        return new RedisRuntimeStore(RedisStores.cluster(RedisServers.cluster(), RedisStores.freshPrefix()));
    }

    @Override
    protected long now() {
        return System.currentTimeMillis();
    }

    @Override
    protected void afterMillis(long millis, String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }
}
