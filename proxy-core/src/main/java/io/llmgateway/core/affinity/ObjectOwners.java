package io.llmgateway.core.affinity;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Which provider key created each stored object the gateway saw created: learnt when a create
 * answer passes through ({@code POST /v1/responses}, {@code /v1/files}, {@code /v1/batches}),
 * asked when a request names an object (a path id, {@code previous_response_id},
 * {@code input_file_id}), so that it goes back to the key that holds it.
 *
 * <p>Implementations are thread-safe; one serves every event loop of a gateway, across reloads.
 * Neither method blocks: the embedded table answers at once, a shared one answers from its local
 * copy or later, through the caller's loop.
 */
public interface ObjectOwners {

    /**
     * Looks {@code id} up; {@code found} gets its owner, or null when none is known (or the shared
     * store could not be reached). It runs on the caller's thread when the answer is at hand, else on
     * {@code loop}.
     */
    void lookup(String id, Executor loop, Consumer<ObjectOwner> found);

    /** Remembers that {@code owner} created {@code id}, for the table's time to live. */
    void learn(String id, ObjectOwner owner);
}
