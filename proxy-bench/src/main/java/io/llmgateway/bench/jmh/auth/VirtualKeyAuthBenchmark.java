package io.llmgateway.bench.jmh.auth;

import io.llmgateway.core.auth.Admission;
import io.llmgateway.core.auth.ApiKeyAuthenticator;
import io.llmgateway.core.auth.AuthResult;
import io.llmgateway.core.auth.Budget;
import io.llmgateway.core.auth.BudgetPeriod;
import io.llmgateway.core.auth.ClientIdentity;
import io.llmgateway.core.auth.KeyHash;
import io.llmgateway.core.auth.SpendMeter;
import io.llmgateway.core.auth.TeamAccess;
import io.llmgateway.core.auth.TeamSpec;
import io.llmgateway.core.auth.VirtualKeyAccess;
import io.llmgateway.core.auth.VirtualKeyAuthenticator;
import io.llmgateway.core.auth.VirtualKeyAuthenticator.RequireKey;
import io.llmgateway.core.auth.VirtualKeyIndex;
import io.llmgateway.core.auth.VirtualKeyLease;
import io.llmgateway.core.auth.VirtualKeySpec;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * What a virtual key adds to a request on the event loop: {@code authenticate} (hash the bearer
 * token, look the hash up among {@code keys} keys, check revocation and expiry) and
 * {@code authenticateAndAdmit} (then admit under the key's model list, budget, requests and
 * tokens per minute and parallel limit, and its team's, and release). The key and its team have
 * limits high enough never to refuse, so every operation takes the admitted path. Target: well
 * under 1 µs, 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualKeyAuthBenchmark {

    @Param({"1", "1000"})
    public int keys;

    private VirtualKeyAuthenticator authenticator;
    private HttpHeaders headers;
    private final VirtualKeyLease lease = new VirtualKeyLease();
    private long nanos;

    @Setup
    public void setUp() {
        TeamSpec teamSpec = new TeamSpec("team", null, 0, 0, 0, new Budget(1e9, BudgetPeriod.MONTH), Map.of(),
                Instant.EPOCH, VirtualKeySpec.API);
        TeamAccess team = new TeamAccess(teamSpec, new ConcurrentKeyLimits(0, 0, 0), new SpendMeter());
        List<VirtualKeyAccess> all = new ArrayList<>();
        String used = null;
        for (int i = 0; i < keys; i++) {
            String key = KeyHash.generate();
            used = key;
            VirtualKeySpec s = new VirtualKeySpec("vk_" + i, null, KeyHash.hex(key), "team",
                    List.of("gpt-4o", "gpt-4o-mini"), 1_000_000_000L, 1_000_000_000_000L, 1_000_000,
                    new Budget(1e9, BudgetPeriod.DAY), null, Map.of(), Instant.EPOCH, false, VirtualKeySpec.API);
            all.add(new VirtualKeyAccess(s, new ConcurrentKeyLimits(s.rpm(), s.tpm(), s.maxParallel()),
                    new SpendMeter(), team));
        }
        VirtualKeyIndex index = new VirtualKeyIndex(all);
        authenticator = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(List.of()), false, () -> index,
                RequireKey.AUTO);
        headers = new DefaultHttpHeaders().set("authorization", "Bearer " + used);
    }

    @Benchmark
    public AuthResult authenticate() {
        return authenticator.authenticate(headers);
    }

    @Benchmark
    public Admission authenticateAndAdmit() {
        VirtualKeyAccess key = ((ClientIdentity) authenticator.authenticate(headers)).virtualKey();
        Admission a = key.admit("gpt-4o", 1_100, nanos += 1_000, System.currentTimeMillis(), lease);
        lease.release(1_000);
        return a;
    }
}
