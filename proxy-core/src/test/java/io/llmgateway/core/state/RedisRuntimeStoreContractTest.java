package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.state.redis.RedisRuntimeStore;
import io.llmgateway.core.testing.Await;
import io.llmgateway.core.testing.RedisServers;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The contract on one Redis node (the shared one; each test under a key prefix of its own). */
class RedisRuntimeStoreContractTest extends RuntimeStoreContract {

    private RuntimeStoreConfig config;

    @Override
    protected RuntimeStore newStore() {
        config = RedisStores.single(RedisServers.single(), RedisStores.freshPrefix());
        return new RedisRuntimeStore(config);
    }

    @Override
    protected RuntimeStore peer() {
        return new RedisRuntimeStore(config);
    }

    @Override
    protected RuntimeStore isolated() {
        return new RedisRuntimeStore(RedisStores.single(RedisServers.single(), RedisStores.freshPrefix()));
    }

    @Override
    protected long now() {
        return System.currentTimeMillis();
    }

    @Override
    protected void afterMillis(long millis, String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    @Test
    void storesOfAnotherDatabaseShareNothing() {
        RuntimeStoreConfig db3 = new RuntimeStoreConfig("redis", config.addr(), "", 3, false, null, config.keyPrefix(),
                List.of(), RedisStores.TIMEOUT_MS, 0.05, 500, 5_000);
        try (RedisRuntimeStore other = new RedisRuntimeStore(db3);
                RedisRuntimeStore peer = new RedisRuntimeStore(config)) {
            store.lease("key:p/k", 2, 0, 2, 0, 0);
            store.bumpVersion();
            assertThat(other.lease("key:p/k", 2, 0, 2, 0, 0).requests()).isEqualTo(2);
            assertThat(other.version()).isZero();
            assertThat(peer.version()).isEqualTo(1);
        }
    }
}
