package io.llmgateway.bench.e2e;

import io.llmgateway.bench.mock.MockUpstream;

/** Gateway configs for end-to-end tests, pointing at mock upstreams on loopback. */
final class GatewayConfigs {

    private GatewayConfigs() {
    }

    /**
     * One OpenAI-compatible provider {@code mock} on {@code upstream} with keys {@code k1} and
     * {@code k2}; aliases {@code gpt-4o} (renamed upstream) and {@code embed}; two io threads.
     */
    static String openAiCompatible(MockUpstream upstream, String extraServer, String extraUpstream) {
        return openAiCompatible(upstream, extraServer, extraUpstream, "");
    }

    /**
     * As above, plus provider {@code faulty} (keys {@code f1}, {@code f2}, same mock) behind alias
     * {@code faulty}: tests that make the upstream fail use it, so that the cooldowns and breakers
     * their failures cause do not touch the keys other tests use. {@code extraTop} is appended at
     * the top level (e.g. a {@code policy:} section).
     */
    static String openAiCompatible(MockUpstream upstream, String extraServer, String extraUpstream, String extraTop) {
        return head(extraServer, extraUpstream) + extraTop.strip() + "\n" + """
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: k1
                        secret: "sk-upstream-one"
                      - id: k2
                        secret: "sk-upstream-two"
                  - id: faulty
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: f1
                        secret: "sk-faulty-one"
                      - id: f2
                        secret: "sk-faulty-two"
                  - id: dead
                    type: openai-compatible
                    base_url: "http://127.0.0.1:1/v1"
                    keys:
                      - id: d1
                        secret: "sk-dead"
                  - id: nokey
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - id: n1
                        secret: "${UNSET_SECRET_FOR_TEST}"
                model_aliases:
                  gpt-4o: mock:gpt-4o-2024-08-06
                  gpt-4o-mini: mock:gpt-4o-mini
                  embed: mock:text-embedding-3-small
                  legacy: mock:gpt-3.5-turbo-instruct
                  dead-model: dead:whatever
                  keyless: nokey:whatever
                  faulty: faulty:gpt-4o
                """.formatted(upstream.baseUrl(), upstream.baseUrl(), upstream.baseUrl());
    }

    static String openAiCompatible(MockUpstream upstream) {
        return openAiCompatible(upstream, "", "");
    }

    /**
     * A gateway on loopback (two io threads) with {@code providers} (the items of the
     * {@code providers:} list, unindented) and {@code aliases} (lines of {@code model_aliases:}).
     */
    static String withProviders(String providers, String aliases) {
        return withProviders(providers, aliases, "");
    }

    /** As {@link #withProviders(String, String)}, with {@code extraServer} lines in the {@code server:} section. */
    static String withProviders(String providers, String aliases, String extraServer) {
        // Translation tests: one attempt per request, and failures do not move later requests.
        return head(extraServer, "") + INERT_POLICY + "  retries: 0\n" + """
                providers:
                %s
                model_aliases:
                %s
                """.formatted(indent(providers), indent(aliases));
    }

    /**
     * A policy under which failures do not change where later requests go (no cooldown streaks,
     * no breaker): for tests of what one failing request looks like.
     */
    static final String INERT_POLICY = """
            policy:
              failure_threshold: 1000000
              auth_failure_threshold: 1000000
              cooldown_ms: 1
              breaker:
                min_requests: 1000000
            """;

    /**
     * The {@code server} and {@code upstream} sections: loopback, two io threads, a short connect
     * timeout, a shutdown grace of 10 s and no drain delay (no load balancer watches a test's
     * gateway), each unless {@code extraServer} sets it.
     */
    private static String head(String extraServer, String extraUpstream) {
        String drain = (extraServer.contains("shutdown_grace_ms:") ? "" : "shutdown_grace_ms: 10000\n")
                + (extraServer.contains("drain_delay_ms:") ? "" : "drain_delay_ms: 0");
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                %s
                %s
                upstream:
                  connect_timeout_ms: 2000
                %s
                """.formatted(indent(drain), indent(extraServer), indent(extraUpstream));
    }

    private static String indent(String lines) {
        if (lines.isBlank()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines.strip().split("\n")) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
