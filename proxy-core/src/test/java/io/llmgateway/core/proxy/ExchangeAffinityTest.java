package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.limits.ManualTicker;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RouteTarget;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeAffinityTest {

    private static final String YAML = """
            providers:
              - id: oai
                type: openai
                keys: [{id: org-a, secret: s}, {id: org-b, secret: s}, {id: off, secret: s, enabled: false}]
              - id: claude
                type: anthropic
                keys: [{id: c1, secret: s}]
            model_aliases:
              gpt: oai:gpt-4o
              sonnet: claude:claude-sonnet-4-5
            endpoints:
              files: oai
            """;

    private final GatewaySnapshot snapshot;
    private final ConcurrentObjectOwnerTable owners = new ConcurrentObjectOwnerTable(100, 60_000, new ManualTicker());

    ExchangeAffinityTest() throws Exception {
        snapshot = new GatewaySnapshot(new ConfigLoader(Map.<String, String>of()::get).parse(YAML, "t"), 0,
                new KeyStateRegistry());
    }

    private ClientRequest request(Endpoint endpoint, String method, String tail, RequestFields fields, Route route) {
        return new ClientRequest(snapshot, endpoint, new DefaultHttpHeaders(), Unpooled.EMPTY_BUFFER, fields, route,
                "rid", true, null, 0, null, method, tail, null);
    }

    private static RequestFields fields(String model, String storedObjectId, boolean storeFalse) {
        return new RequestFields(model, -1, -1, false, false, false, -1, -1, null, List.of(), storedObjectId,
                storeFalse);
    }

    private static final RequestFields NONE = fields(null, null, false);

    @Test
    void onlyTheOperationsOnStoredObjectsHaveOne() {
        Route gpt = snapshot.routing().resolve("gpt");
        assertThat(ExchangeAffinity.of(request(Endpoint.CHAT_COMPLETIONS, "POST", "", fields("gpt", "x", false), gpt),
                owners)).isNull();
        assertThat(ExchangeAffinity.of(request(Endpoint.FILES, "GET", "?limit=2", NONE, null), owners)).isNull();
        assertThat(ExchangeAffinity.of(request(Endpoint.RESPONSES, "POST", "", fields("gpt", null, true), gpt),
                owners)).as("store: false keeps nothing to learn").isNull();
        ExchangeAffinity create = ExchangeAffinity.of(request(Endpoint.RESPONSES, "POST", "", fields("gpt", null,
                false), gpt), owners);
        assertThat(create.namesObject()).isFalse();
        ExchangeAffinity items = ExchangeAffinity.of(request(Endpoint.RESPONSES, "GET", "/resp_1/input_items?limit=5",
                NONE, null), owners);
        assertThat(items.namesObject()).isTrue();
        assertThat(items.learns(deployment("oai", "org-a"))).isFalse();
    }

    @Test
    void aKnownObjectGoesToItsKeyAloneAndAnUnknownOneWhereItWould() {
        owners.learn("file-1", new ObjectOwner("oai", "org-b"));
        Route files = snapshot.routing().endpointDefault(Endpoint.FILES);
        ClientRequest get = request(Endpoint.FILES, "GET", "/file-1/content", NONE, files);
        ExchangeAffinity a = ExchangeAffinity.of(get, owners);
        ObjectOwner[] found = new ObjectOwner[1];
        a.lookup(Runnable::run, o -> found[0] = o);
        assertThat(found[0]).isEqualTo(new ObjectOwner("oai", "org-b"));
        Route pinned = a.route(found[0], get, files).route();
        assertThat(pinned.targets()).flatExtracting(RouteTarget::deployments).extracting(d -> d.key().id())
                .containsExactly("org-b");
        assertThat(a.route(null, get, files).route()).isSameAs(files);
    }

    @Test
    void refusalsNameTheIdAndWhy() {
        ClientRequest get = request(Endpoint.RESPONSES, "GET", "/resp_9", NONE, null);
        ExchangeAffinity a = ExchangeAffinity.of(get, owners);
        ExchangeAffinity.Refusal unknown = a.route(null, get, null).refusal();
        assertThat(unknown.error()).isEqualTo(GatewayError.NOT_FOUND);
        assertThat(unknown.message()).contains("'resp_9'").contains("endpoints.responses");
        ExchangeAffinity.Refusal disabled = a.route(new ObjectOwner("oai", "off"), get, null).refusal();
        assertThat(disabled.error()).isEqualTo(GatewayError.NO_AVAILABLE_DEPLOYMENT);
        assertThat(disabled.message()).contains("'resp_9'").contains("oai/off").contains("disabled");

        Route sonnet = snapshot.routing().resolve("sonnet");
        ClientRequest next = request(Endpoint.RESPONSES, "POST", "", fields("sonnet", "resp_9", false), sonnet);
        ExchangeAffinity.Refusal elsewhere = ExchangeAffinity.of(next, owners)
                .route(new ObjectOwner("oai", "org-a"), next, sonnet).refusal();
        assertThat(elsewhere.error()).isEqualTo(GatewayError.INVALID_REQUEST);
        assertThat(elsewhere.param()).isEqualTo("previous_response_id");
        assertThat(elsewhere.message()).contains("'resp_9'").contains("oai/org-a").contains("'sonnet'");
    }

    @Test
    void aCreateLearnsTheIdOfItsAnswerOnceAndOnlyFromAProviderThatStoresIt() {
        Route gpt = snapshot.routing().resolve("gpt");
        ExchangeAffinity create = ExchangeAffinity.of(request(Endpoint.RESPONSES, "POST", "",
                fields("gpt", null, false), gpt), owners);
        assertThat(create.learns(deployment("claude", "c1"))).isFalse();
        Deployment orgA = deployment("oai", "org-a");
        assertThat(create.learns(orgA)).isTrue();
        feed(create, "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_", orgA);
        assertThat(owners.get("resp_42")).isNull();
        feed(create, "42\",\"object\":\"response\"}}\n\n", orgA);
        assertThat(owners.get("resp_42")).isEqualTo(new ObjectOwner("oai", "org-a"));
        assertThat(create.learns(orgA)).as("nothing more is read").isFalse();
    }

    private static void feed(ExchangeAffinity a, String text, Deployment d) {
        ByteBuf b = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            a.answered(b, d);
            assertThat(b.readerIndex()).isZero();
        } finally {
            b.release();
        }
    }

    private Deployment deployment(String provider, String key) {
        for (Route r : snapshot.routing().routes()) {
            for (RouteTarget t : r.targets()) {
                for (Deployment d : t.deployments()) {
                    if (d.provider().id().equals(provider) && d.key().id().equals(key)) {
                        return d;
                    }
                }
            }
        }
        throw new AssertionError("no deployment " + provider + "/" + key);
    }
}
