package io.llmgateway.core.vkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.admin.AdminJson;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.auth.BudgetPeriod;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.state.MemoryRuntimeStore;
import io.llmgateway.core.state.StateKeeper;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances' virtual keys on one runtime store: keys and budgets are the same on both. */
class VirtualKeySharingTest {

    private static final RuntimeStoreConfig STORE = new RuntimeStoreConfig("redis", "localhost:6379", "", 0, false, null,
            "t:", List.of(), 200, 0.05, 20, 5_000);

    @TempDir
    Path dirOne;
    @TempDir
    Path dirTwo;

    private final MemoryRuntimeStore store = new MemoryRuntimeStore();
    private final List<StateKeeper> keepers = new ArrayList<>();

    @AfterEach
    void close() {
        keepers.forEach(StateKeeper::close);
    }

    private VirtualKeys instance(Path dir) throws Exception {
        return instance(dir, store);
    }

    private VirtualKeys instance(Path dir, io.llmgateway.core.state.RuntimeStore shared) throws Exception {
        GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("""
                storage:
                  data_dir: "%s"
                providers:
                  - id: p
                    type: openai
                    base_url: "http://h/v1"
                    keys:
                      - secret: "sk-p"
                model_aliases:
                  m: p:model
                """.formatted(dir), "test");
        StateKeeper k = new StateKeeper(shared, STORE, Ticker.system()).start();
        keepers.add(k);
        return VirtualKeys.open(config, k, shared);
    }

    private static AdminResponse call(VirtualKeys vk, HttpMethod method, String path, String body) {
        AdminRoutes routes = new AdminRoutes();
        vk.adminModule().register(routes);
        AdminRoutes.Lookup l = routes.find(method, path);
        return l.handler().handle(new AdminRequest(method, path, l.pathParams(), Map.of(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "admin", "req-1"));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aKeyCreatedOnOneInstanceWorksOnTheOtherUntilRevokedThere() throws Exception {
        VirtualKeys one = instance(dirOne);
        VirtualKeys two = instance(dirTwo);
        AdminResponse created = call(one, HttpMethod.POST, "/virtual-keys", "{\"name\":\"ci\",\"rpm\":30}");
        assertThat(created.status()).isEqualTo(201);
        String id = (String) AdminJson.parseObject(created.body()).get("id");
        await(() -> two.registry().key(id) != null, "the key on instance two");
        assertThat(two.registry().key(id).spec().rpm()).isEqualTo(30);
        assertThat(two.registry().key(id).shared()).as("its window is shared").isNotNull();

        assertThat(call(two, HttpMethod.DELETE, "/virtual-keys/" + id, null).status()).isEqualTo(200);
        await(() -> one.registry().key(id).revoked(), "revoked on instance one");
    }

    @Test
    void spendOnBothInstancesAddsUpAgainstOneBudget() throws Exception {
        VirtualKeys one = instance(dirOne);
        VirtualKeys two = instance(dirTwo);
        AdminResponse created = call(one, HttpMethod.POST, "/virtual-keys",
                "{\"name\":\"b\",\"budget\":{\"usd\":1.0,\"period\":\"day\"}}");
        String id = (String) AdminJson.parseObject(created.body()).get("id");
        await(() -> two.registry().key(id) != null, "the key on instance two");
        long now = System.currentTimeMillis();
        one.sharing.spent(VirtualKeySharing.keyScope(id), 0.6, now);
        two.sharing.spent(VirtualKeySharing.keyScope(id), 0.5, now);
        await(() -> one.registry().keyMeter(id).spent(BudgetPeriod.DAY, System.currentTimeMillis()) > 1.09
                && two.registry().keyMeter(id).spent(BudgetPeriod.DAY, System.currentTimeMillis()) > 1.09,
                "both instances see 1.1 USD spent");
        assertThat(two.registry().keyMeter(id).total()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void spendMadeWhileTheStoreIsDownIsPushedWhenItIsBack() throws Exception {
        io.llmgateway.core.state.FlakyStore flaky = new io.llmgateway.core.state.FlakyStore();
        VirtualKeys one = instance(dirOne, flaky);
        AdminResponse created = call(one, HttpMethod.POST, "/virtual-keys", "{\"name\":\"o\"}");
        String id = (String) AdminJson.parseObject(created.body()).get("id");
        flaky.down = true;
        one.sharing.spent(VirtualKeySharing.keyScope(id), 0.25, System.currentTimeMillis());
        one.sharing.spent(VirtualKeySharing.keyScope(id), 0.5, System.currentTimeMillis());
        await(() -> !keepers.get(0).up(), "the keeper sees the store down");
        assertThat(flaky.delegate.spend(VirtualKeySharing.keyScope(id)).totalUsd()).isZero();
        flaky.down = false;
        await(() -> flaky.delegate.spend(VirtualKeySharing.keyScope(id)).totalUsd() > 0.74,
                "the outage's spend pushed");
        assertThat(flaky.delegate.spend(VirtualKeySharing.keyScope(id)).totalUsd())
                .isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    }
}
