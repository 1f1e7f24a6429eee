package io.llmgateway.core.snapshot;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Everything a request reads from the configuration, derived once per config load: the config, the
 * routing table and the pre-encoded {@code /v1/models} body. Immutable and shared by all event
 * loops; a reload publishes a new snapshot and requests in flight keep the one they started with.
 */
public final class GatewaySnapshot {

    private final GatewayConfig config;
    private final RoutingTable routing;
    private final Balancer balancer;
    private final ByteBuf modelsBody;
    private final byte[][] apiKeys;

    /**
     * @param registry the key state shared by every snapshot (usage windows, health, breakers
     *                 survive a reload)
     */
    public GatewaySnapshot(GatewayConfig config, long createdEpochSeconds, KeyStateRegistry registry) {
        this.config = config;
        this.routing = new RoutingTable(config);
        this.balancer = new Balancer(config, routing, registry);
        this.modelsBody = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(modelsJson(routing.catalogue(), createdEpochSeconds)).asReadOnly());
        List<String> keys = config.server().apiKeys();
        this.apiKeys = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            apiKeys[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public RoutingTable routing() {
        return routing;
    }

    /** Picks and reserves deployments under this snapshot's routes, limits and policy. */
    public Balancer balancer() {
        return balancer;
    }

    /** The {@code /v1/models} body; a shared read-only buffer: send {@code duplicate()}s of it. */
    public ByteBuf modelsBody() {
        return modelsBody;
    }

    /** Client keys ({@code server.api_keys}) as bytes, for constant-time comparison. */
    public byte[][] apiKeys() {
        return apiKeys;
    }

    private static byte[] modelsJson(List<RoutingTable.ModelEntry> models, long created) {
        io.netty.buffer.ByteBuf out = Unpooled.buffer(64 + models.size() * 80);
        try {
            out.writeCharSequence("{\"object\":\"list\",\"data\":[", StandardCharsets.US_ASCII);
            for (int i = 0; i < models.size(); i++) {
                RoutingTable.ModelEntry m = models.get(i);
                if (i > 0) {
                    out.writeByte(',');
                }
                out.writeCharSequence("{\"id\":", StandardCharsets.US_ASCII);
                OpenAiErrors.writeJsonString(out, m.id());
                out.writeCharSequence(",\"object\":\"model\",\"created\":" + created + ",\"owned_by\":",
                        StandardCharsets.US_ASCII);
                OpenAiErrors.writeJsonString(out, m.ownedBy());
                out.writeByte('}');
            }
            out.writeCharSequence("]}", StandardCharsets.US_ASCII);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }
}
