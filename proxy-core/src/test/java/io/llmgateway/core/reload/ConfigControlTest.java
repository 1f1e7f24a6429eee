package io.llmgateway.core.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.balance.KeyStateView;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigStoreConfig;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigControlTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final List<GatewayConfig> published = Collections.synchronizedList(new ArrayList<>());

    private ConfigControl open(Path file) throws Exception {
        ConfigControl control = ConfigControl.open(new FileConfigStore(file, ConfigStoreConfig.DEFAULT), Configs.loader(),
                CLOCK);
        control.publishTo(control.running().config(), published::add);
        return control;
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theFirstConfigIsVersionOneAndEachReloadPublishesTheNext() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = open(f);
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(control.running().loadedAt()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(published).isEmpty();

        Files.writeString(f, Configs.valid("k1", "k2"));
        ConfigControl.Applied applied = control.reload("test");

        assertThat(applied.version()).isEqualTo(2);
        assertThat(applied.source()).isEqualTo(f.toString());
        assertThat(control.running().version()).isEqualTo(2);
        assertThat(control.running().text()).isEqualTo(Configs.valid("k1", "k2"));
        assertThat(published).singleElement().satisfies(c -> assertThat(c.provider("p").keys()).hasSize(2));
    }

    @Test
    void aBadConfigIsRejectedWithItsProblemsAndTheRunningOneStays() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = open(f);
        GatewayConfig before = control.running().config();
        Files.writeString(f, Configs.invalid());

        assertThatThrownBy(() -> control.reload("test")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement()
                        .asString().startsWith("model_aliases.broken"));
        assertThat(control.running().config()).isSameAs(before);
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void validateReportsProblemsAndWarningsWithoutChangingAnything() throws Exception {
        ConfigControl control = open(file(Configs.valid("k1")));

        ConfigControl.Validation bad = control.validate(Configs.invalid());
        ConfigControl.Validation warned = control.validate(Configs.valid("k1").replace("\"sk-k1\"", "\"\""));

        assertThat(bad.valid()).isFalse();
        assertThat(bad.problems()).singleElement().asString().contains("model_aliases.broken", "unknown provider");
        assertThat(warned.valid()).isTrue();
        assertThat(warned.problems()).isEmpty();
        assertThat(warned.warnings()).singleElement().asString().contains("keys[0].secret");
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void applyWritesTheFileAtomicallyKeepingItsPermissionsThenPublishes() throws Exception {
        Path f = file(Configs.valid("k1"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        ConfigControl control = open(f);

        ConfigControl.Applied applied = control.apply(Configs.valid("k1", "k2"), "test");

        assertThat(applied.version()).isEqualTo(2);
        assertThat(Files.readString(f)).isEqualTo(Configs.valid("k1", "k2"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left behind").containsExactly(f);
        }
        assertThat(published).hasSize(1);
    }

    @Test
    void anInvalidDocumentIsNeitherWrittenNorPublished() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = open(f);

        assertThatThrownBy(() -> control.apply(Configs.invalid(), "test")).isInstanceOf(ConfigException.class);

        assertThat(Files.readString(f)).isEqualTo(Configs.valid("k1"));
        assertThat(control.running().version()).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void applyThroughASymbolicLinkWritesTheFileItNamesAndKeepsTheLink() throws Exception {
        Path real = dir.resolve("real.yaml");
        Files.writeString(real, Configs.valid("k1"));
        Path link = Files.createSymbolicLink(dir.resolve("gateway.yaml"), real);
        ConfigControl control = open(link);

        control.apply(Configs.valid("k2"), "test");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo(Configs.valid("k2"));
    }

    @Test
    void aBuiltInTextCannotBeWritten() throws Exception {
        ConfigControl control = ConfigControl.open(new TextConfigStore("demo config", Configs.valid("k1")),
                Configs.loader(), CLOCK);

        assertThatThrownBy(() -> control.apply(Configs.valid("k2"), "test")).isInstanceOf(IllegalStateException.class);
        assertThat(control.reload("test").version()).isEqualTo(2);
    }

    @Test
    void theStateOfKeysThatSurviveCarriesOverAndRemovedKeysLoseTheirs() throws Exception {
        Path f = file(Configs.valid("k1", "k2"));
        KeyStateRegistry registry = new KeyStateRegistry();
        ConfigControl control = ConfigControl.open(new FileConfigStore(f, ConfigStoreConfig.DEFAULT), Configs.loader(),
                CLOCK);
        GatewaySnapshot[] current = {new GatewaySnapshot(control.running().config(), 0, registry)};
        control.publishTo(control.running().config(), c -> current[0] = new GatewaySnapshot(c, 0, registry));
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Lease lease = current[0].balancer().acquire(current[0].routing().resolve("m"),
                    new RequestInfo(10, 10, false, List.of()), Set.of());
            assertThat(lease.outcome()).isEqualTo(Lease.Outcome.ACQUIRED);
            leases.add(lease);
        }
        KeyStateView k1Before = view(registry, "k1");
        assertThat(k1Before.rpmUsed()).isPositive();

        Files.writeString(f, Configs.valid("k1", "k3"));
        control.reload("test");

        KeyStateView k1After = view(registry, "k1");
        assertThat(k1After.rpmUsed()).isEqualTo(k1Before.rpmUsed());
        assertThat(k1After.inFlight()).isEqualTo(k1Before.inFlight());
        assertThat(registry.snapshot()).extracting(KeyStateView::keyId).containsExactlyInAnyOrder("k1", "k3");
        assertThat(view(registry, "k3").rpmUsed()).isZero();
        for (Lease lease : leases) {
            lease.release(io.llmgateway.core.balance.Result.CANCELLED);
        }
    }

    private static KeyStateView view(KeyStateRegistry registry, String keyId) {
        return registry.snapshot().stream().filter(v -> v.keyId().equals(keyId)).findFirst().orElseThrow();
    }

    @Test
    void reloadsFromManyThreadsRunOneAtATimeAndPublishInVersionOrder() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = ConfigControl.open(new FileConfigStore(f, ConfigStoreConfig.DEFAULT), Configs.loader(),
                CLOCK);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> versionsSeen = Collections.synchronizedList(new ArrayList<>());
        control.publishTo(control.running().config(), c -> {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            versionsSeen.add(control.running().version()); // the version before this publish
            Thread.yield();
            inside.decrementAndGet();
        });
        int threads = 8;
        int each = 25;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        if (n % 2 == 0) {
                            control.reload("thread " + n);
                        } else {
                            control.apply(Configs.valid("k1", "t" + n + "i" + i), "thread " + n);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(overlaps).hasValue(0);
        assertThat(control.running().version()).isEqualTo(1 + threads * each);
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= threads * each; v++) {
            expected.add(v);
        }
        assertThat(versionsSeen).containsExactlyElementsOf(expected);
        assertThat(control.validate(Files.readString(f, StandardCharsets.UTF_8)).valid()).isTrue();
    }

    @Test
    void reloadIfChangedPublishesOnlyANewDocumentAndRejectsTheSameBadOneOnce() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = open(f);

        assertThat(control.reloadIfChanged("test")).as("unchanged").isNull();

        Files.writeString(f, Configs.invalid());
        assertThatThrownBy(() -> control.reloadIfChanged("test")).isInstanceOf(ConfigException.class);
        assertThat(control.reloadIfChanged("test")).as("the same bad document again").isNull();

        Files.writeString(f, Configs.valid("k1", "k2"));
        assertThat(control.reloadIfChanged("test").version()).isEqualTo(2);
        assertThat(published).hasSize(1);
    }

    @Test
    void aReloadAcceptedBeforeThePublisherIsSetIsPublishedWhenItIs() throws Exception {
        Path f = file(Configs.valid("k1"));
        ConfigControl control = ConfigControl.open(new FileConfigStore(f, ConfigStoreConfig.DEFAULT), Configs.loader(),
                CLOCK);
        GatewayConfig serving = control.running().config();
        Files.writeString(f, Configs.valid("k1", "k2"));
        control.reload("test");

        control.publishTo(serving, published::add);

        assertThat(published).singleElement().isSameAs(control.running().config());
    }
}
