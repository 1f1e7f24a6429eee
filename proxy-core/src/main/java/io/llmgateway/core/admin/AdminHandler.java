package io.llmgateway.core.admin;

/**
 * One admin route's work. Runs on the admin thread, never on an event loop, so it may block
 * briefly (a file written, a config validated); it must not wait on the network without a bound.
 */
@FunctionalInterface
public interface AdminHandler {

    /**
     * @return the answer; never null
     * @throws AdminException for a request the client got wrong (answered in OpenAI's error shape)
     */
    AdminResponse handle(AdminRequest request);
}
