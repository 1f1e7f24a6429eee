package io.llmgateway.core.state.redis;

/**
 * The names of every key the Redis store writes, all under {@code storage.runtime.key_prefix} (see
 * {@link RedisRuntimeStore} for their types and lifetimes). The two keys of one window scope share
 * the hash tag {@code {<scope>}}, so that the lease script, which touches both, runs on one cluster
 * slot; every other command touches one key, so any key may live on any node.
 */
final class RedisKeys {

    private final String prefix;
    private final String instances;
    private final String flags;
    private final String quotas;
    private final String version;

    RedisKeys(String prefix) {
        this.prefix = prefix;
        this.instances = prefix + "instances";
        this.flags = prefix + "flags";
        this.quotas = prefix + "quotas";
        this.version = prefix + "version";
    }

    /** {@code <prefix>{<scope>}:req}: the request buckets of a window. */
    String requests(String scope) {
        return prefix + '{' + scope + "}:req";
    }

    /** {@code <prefix>{<scope>}:tok}: the token buckets of a window. */
    String tokens(String scope) {
        return prefix + '{' + scope + "}:tok";
    }

    /** {@code <prefix>cache:<sha-256 hex>}: an answer of the response cache. */
    String cachedAnswer(String hex) {
        return prefix + "cache:" + hex;
    }

    /** {@code <prefix>owner:<id>}: the provider key that created a stored object (a response, a file, a batch). */
    String objectOwner(String id) {
        return prefix + "owner:" + id;
    }

    /** {@code <prefix>spend:<scope>}: the spend of a virtual key or team. */
    String spend(String scope) {
        return prefix + "spend:" + scope;
    }

    /** {@code <prefix>entries:<collection>}: the documents of a collection (e.g. virtual keys) by id. */
    String entries(String collection) {
        return prefix + "entries:" + collection;
    }

    String instances() {
        return instances;
    }

    String flags() {
        return flags;
    }

    String quotas() {
        return quotas;
    }

    String version() {
        return version;
    }
}
