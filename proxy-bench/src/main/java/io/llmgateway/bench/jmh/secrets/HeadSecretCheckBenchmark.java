package io.llmgateway.bench.jmh.secrets;

import io.llmgateway.core.secrets.SecretMatcher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the secret check adds to every relayed response head: {@link SecretMatcher#foundIn(CharSequence)}
 * over the values of a real OpenAI stream head (those the gateway relays), for a key of OpenAI's
 * length (51 characters: every value is shorter, one comparison each), a short 18-character key
 * (the longer values are scanned), and no key (the floor). One operation is the whole head.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeadSecretCheckBenchmark {

    /** The values of an OpenAI chat stream head that cross the gateway (hop-by-hop, cookies, server... do not). */
    private static final String[] HEAD = {
            "text/event-stream; charset=utf-8", "X-Request-ID", "312", "2020-10-01", "318", "10000", "30000000",
            "9999", "29999975", "6ms", "0s", "DYNAMIC", "nosniff", "8f1e2d3c4b5a6978-SJC",
            "req_6b9e1ad0e8a94c36b3a1f5e0c1d2e3f4"};

    @Param({"none", "sk-SECRET/xyz+789=", "sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn"})
    public String key;

    private SecretMatcher matcher;

    @Setup
    public void setUp() {
        matcher = SecretMatcher.of(key.equals("none") ? "" : key);
    }

    @Benchmark
    public int checkHead() {
        int found = 0;
        for (String value : HEAD) {
            if (matcher.foundIn(value)) {
                found++;
            }
        }
        return found;
    }
}
