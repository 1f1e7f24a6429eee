package io.llmgateway.core.reload;

import io.llmgateway.core.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Config documents and waiting helpers for the reload tests. */
final class Configs {

    private Configs() {
    }

    /** A valid document: provider {@code p} with keys {@code keyIds} (secrets {@code sk-<id>}), alias {@code m}. */
    static String valid(String... keyIds) {
        StringBuilder keys = new StringBuilder();
        for (String id : keyIds) {
            keys.append("      - id: ").append(id).append("\n        secret: \"sk-").append(id).append("\"\n");
        }
        return """
                providers:
                  - id: p
                    type: openai
                    base_url: "http://127.0.0.1:1/v1"
                    keys:
                %smodel_aliases:
                  m: p:model
                """.formatted(keys);
    }

    /** A document with one problem: an alias that names an unknown provider. */
    static String invalid() {
        return valid("k1") + "  broken: nowhere:model\n";
    }

    static ConfigLoader loader() {
        return new ConfigLoader(Map.<String, String>of()::get);
    }

    /** Waits for {@code condition} with a deadline; fails the test when it passes. */
    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after 10 s waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
