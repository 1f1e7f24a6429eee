package io.llmgateway.core.state;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link MemoryRuntimeStore} that can be taken down (every call throws) and brought back, counting calls. */
public final class FlakyStore implements RuntimeStore {

    public final MemoryRuntimeStore delegate = new MemoryRuntimeStore();
    public final AtomicInteger leases = new AtomicInteger();
    public volatile boolean down;

    private void check() {
        if (down) {
            throw new StoreUnavailableException("test store is down", null);
        }
    }

    @Override
    public Grant lease(String scope, long rpm, long tpm, long wantRequests, long wantTokens, long debtTokens) {
        check();
        leases.incrementAndGet();
        Grant g = delegate.lease(scope, rpm, tpm, wantRequests, wantTokens, debtTokens);
        return g;
    }

    @Override
    public void giveBack(String scope, long requests, long tokens, long grantedAtSecond) {
        check();
        delegate.giveBack(scope, requests, tokens, grantedAtSecond);
    }

    @Override
    public int heartbeat(String instanceId, long ttlMillis) {
        check();
        return delegate.heartbeat(instanceId, ttlMillis);
    }

    @Override
    public void putFlag(SharedFlag flag) {
        check();
        delegate.putFlag(flag);
    }

    @Override
    public void removeFlag(SharedFlag.Kind kind, String id) {
        check();
        delegate.removeFlag(kind, id);
    }

    @Override
    public List<SharedFlag> flags() {
        check();
        return delegate.flags();
    }

    @Override
    public void putQuota(String keyLabel, QuotaReading reading) {
        check();
        delegate.putQuota(keyLabel, reading);
    }

    @Override
    public Map<String, QuotaReading> quotas() {
        check();
        return delegate.quotas();
    }

    @Override
    public long version() {
        check();
        return delegate.version();
    }

    @Override
    public long bumpVersion() {
        check();
        return delegate.bumpVersion();
    }

    @Override
    public SpendTotals addSpend(String scope, double usd, long atMillis) {
        check();
        return delegate.addSpend(scope, usd, atMillis);
    }

    @Override
    public SpendTotals spend(String scope) {
        check();
        return delegate.spend(scope);
    }

    @Override
    public Map<String, String> entries(String collection) {
        check();
        return delegate.entries(collection);
    }

    @Override
    public void putEntry(String collection, String id, String document) {
        check();
        delegate.putEntry(collection, id, document);
    }

    @Override
    public void removeEntry(String collection, String id) {
        check();
        delegate.removeEntry(collection, id);
    }

    @Override
    public void ping() {
        check();
    }

    @Override
    public void close() {
    }
}
