/**
 * Object affinity: a stored object (a response, a file, a batch) goes back to the provider key
 * that created it. {@link io.llmgateway.core.affinity.ObjectOwners} is learnt from create answers
 * and asked by requests that name an object; {@link io.llmgateway.core.affinity.ConcurrentObjectOwnerTable}
 * holds it in memory, and the Redis runtime store shares it between instances
 * ({@code io.llmgateway.core.state.redis.RedisObjectOwners}).
 *
 * <p>Concurrency: every class here is called from every event loop; the table is lock-free
 * ({@link java.util.concurrent.ConcurrentHashMap} and {@link java.util.concurrent.ConcurrentLinkedQueue}),
 * and nothing here blocks or does I/O on the caller's thread.
 */
package io.llmgateway.core.affinity;
