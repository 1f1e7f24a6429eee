package io.llmgateway.bench.suite;

/**
 * One thing the load is aimed at: {@code direct} (the mock itself), {@code gateway} or
 * {@code nginx}, on loopback. {@link #process()} is the proxy whose CPU, memory and descriptors
 * are measured; {@code null} for {@code direct}.
 */
record Target(String name, int port, ChildProcess process) {

    static final String DIRECT = "direct";
    static final String GATEWAY = "gateway";
    static final String NGINX = "nginx";
    static final String HOST = "127.0.0.1";

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://" + HOST + ':' + port + path;
    }

    /** The chat completions URL every scenario drives. */
    String chatUrl() {
        return url("/v1/chat/completions");
    }

    boolean isProxy() {
        return process != null;
    }
}
