package io.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final String YAML = """
            providers:
              - id: p
                type: openai
                base_url: "http://h/v1"
                keys: [{id: k1, secret: s}, {id: k2, secret: s, weight: 3}, {id: off, secret: s, enabled: false}]
            model_aliases:
              gpt:
                targets:
                  - {target: "p:gpt-4o", weight: 2, tags: [eu]}
                  - p:gpt-4o-mini
                fallbacks: [mini, local]
                context_window_fallbacks: [long, longer]
                context_window: 8000
              mini:
                targets: [p:gpt-4o-mini]
                fallbacks: [cheap]
              cheap: p:cheap
              local: p:llama
              long:
                targets: [p:gpt-long]
                context_window: 32000
              longer:
                targets: [p:gpt-longer]
            """;

    private static RoutingTable table() throws Exception {
        GatewayConfig cfg = new ConfigLoader(Map.<String, String>of()::get).parse(YAML, "t");
        return new RoutingTable(cfg);
    }

    @Test
    void targetsCarryWeightsTagsAndOneDeploymentPerEnabledKey() throws Exception {
        Route gpt = table().resolve("gpt");
        assertThat(gpt.targets()).hasSize(2);
        RouteTarget first = gpt.targets().get(0);
        assertThat(first.weight()).isEqualTo(2.0);
        assertThat(first.tags()).containsExactly("eu");
        assertThat(first.deployments()).extracting(d -> d.key().id()).containsExactly("k1", "k2");
    }

    @Test
    void fallbacksAreResolvedInOrderThenTransitively() throws Exception {
        RoutingTable t = table();
        assertThat(t.fallbacks(t.resolve("gpt"))).extracting(Route::name).containsExactly("mini", "local", "cheap");
        assertThat(t.fallbacks(t.resolve("cheap"))).isEmpty();
        assertThat(t.resolve("gpt").strategy()).isNull();
    }

    @Test
    void theContextWindowPicksTheFirstRouteThatFits() throws Exception {
        RoutingTable t = table();
        Route gpt = t.resolve("gpt");
        assertThat(t.fitContextWindow(gpt, 4_000, Set.of())).isSameAs(gpt);
        assertThat(t.fitContextWindow(gpt, 20_000, Set.of()).name()).isEqualTo("long");
        assertThat(t.fitContextWindow(gpt, 50_000, Set.of()).name()).as("unknown window: try it").isEqualTo("longer");
        assertThat(t.fitContextWindow(gpt, 4_000, Set.of(gpt)).name())
                .as("after the provider said 'too long'").isEqualTo("long");
        assertThat(t.fitContextWindow(gpt, 4_000, Set.of(gpt, t.resolve("long"), t.resolve("longer")))).isNull();
    }

    @Test
    void deploymentsAreEqualAcrossSnapshotsByProviderKeyAndModel() throws Exception {
        Deployment a = table().resolve("gpt").targets().get(0).deployments().get(0);
        Deployment b = table().resolve("gpt").targets().get(0).deployments().get(0);
        assertThat(a).isNotSameAs(b).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(table().resolve("gpt").targets().get(1).deployments().get(0));
    }

    @Test
    void aRoutePinnedToAKeyKeepsOnlyThatKeyAndNoFallbacks() throws Exception {
        RoutingTable t = table();
        Route pinned = t.pinned(t.resolve("gpt"), "p", "k2");
        assertThat(pinned.name()).isEqualTo("gpt");
        assertThat(pinned.targets()).hasSize(2);
        assertThat(pinned.targets()).flatExtracting(RouteTarget::deployments).extracting(d -> d.key().id())
                .containsOnly("k2");
        assertThat(pinned.targets().get(0).upstreamModel()).isEqualTo("gpt-4o");
        assertThat(t.fallbacks(pinned)).isEmpty();
        assertThat(t.pinned(t.resolve("gpt"), "p", "k2")).as("made once").isSameAs(pinned);
        assertThat(t.pinned(t.resolve("gpt"), "p", "off")).as("a disabled key").isNull();
        assertThat(t.pinned(t.resolve("gpt"), "other", "k1")).as("a provider the model does not route to").isNull();
    }

    @Test
    void aRequestWithoutModelIsPinnedToTheKeyAlone() throws Exception {
        RoutingTable t = table();
        Route owner = t.pinned(null, "p", "k1");
        assertThat(owner.targets()).singleElement().satisfies(target -> {
            assertThat(target.upstreamModel()).isEmpty();
            assertThat(target.deployments()).extracting(d -> d.key().id()).containsExactly("k1");
        });
        assertThat(t.ownerRoutes()).contains(owner).hasSize(2);
        assertThat(t.pinned(null, "p", "off")).isNull();
        assertThat(t.pinned(null, "p", "gone")).isNull();
    }
}
