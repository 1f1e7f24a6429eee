package io.llmgateway.core.snapshot;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.core.auth.ApiKeyAuthenticator;
import io.llmgateway.core.auth.Authenticator;
import io.llmgateway.core.auth.VirtualKeyAuthenticator;
import io.llmgateway.core.auth.VirtualKeySource;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a request reads from the configuration, derived once per config load: the config, the
 * routing table, the client authenticator and the pre-encoded {@code /v1/models} bodies (the list,
 * and each model's object for {@code /v1/models/{id}}), so that no JSON is built per request.
 * Immutable and shared by all event loops; a reload publishes a new snapshot and requests in
 * flight keep the one they started with.
 */
public final class GatewaySnapshot {

    private final GatewayConfig config;
    private final RoutingTable routing;
    private final Balancer balancer;
    private final Authenticator authenticator;
    private final ByteBuf modelsBody;
    private final Map<String, ByteBuf> modelBodies;

    /**
     * @param registry the key state shared by every snapshot (usage windows, health, breakers
     *                 survive a reload)
     */
    public GatewaySnapshot(GatewayConfig config, long createdEpochSeconds, KeyStateRegistry registry) {
        this(config, createdEpochSeconds, registry, VirtualKeySource.NONE);
    }

    /**
     * @param registry    the key state shared by every snapshot
     * @param virtualKeys where the authenticator finds the virtual keys of the moment (they change
     *                    through the admin API between snapshots)
     */
    public GatewaySnapshot(GatewayConfig config, long createdEpochSeconds, KeyStateRegistry registry,
            VirtualKeySource virtualKeys) {
        this.config = config;
        this.routing = new RoutingTable(config);
        this.balancer = new Balancer(config, routing, registry);
        this.authenticator = new VirtualKeyAuthenticator(new ApiKeyAuthenticator(config.server().apiKeys()),
                !config.server().apiKeys().isEmpty(), virtualKeys, config.auth().requireKey());
        List<RoutingTable.ModelEntry> models = routing.catalogue();
        Map<String, ByteBuf> bodies = new HashMap<>();
        ByteBuf list = Unpooled.buffer(64 + models.size() * 80);
        list.writeCharSequence("{\"object\":\"list\",\"data\":[", StandardCharsets.US_ASCII);
        for (int i = 0; i < models.size(); i++) {
            RoutingTable.ModelEntry m = models.get(i);
            byte[] json = modelJson(m, createdEpochSeconds);
            bodies.put(m.id(), shared(json));
            if (i > 0) {
                list.writeByte(',');
            }
            list.writeBytes(json);
        }
        list.writeCharSequence("]}", StandardCharsets.US_ASCII);
        this.modelsBody = shared(bytesOf(list));
        this.modelBodies = Map.copyOf(bodies);
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

    /** Who a client is: a virtual key, or one of this snapshot's {@code server.api_keys}. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** The {@code /v1/models} body; a shared read-only buffer: send {@code duplicate()}s of it. */
    public ByteBuf modelsBody() {
        return modelsBody;
    }

    /**
     * The {@code /v1/models/{id}} body of the model a client may name {@code id} (an alias or a
     * {@code provider/model}), the same object as its entry in {@link #modelsBody()}; null when the
     * name is unknown. A shared read-only buffer: send {@code duplicate()}s of it.
     */
    public ByteBuf modelBody(String id) {
        return modelBodies.get(id);
    }

    private static ByteBuf shared(byte[] json) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(json).asReadOnly());
    }

    private static byte[] modelJson(RoutingTable.ModelEntry m, long created) {
        ByteBuf out = Unpooled.buffer(80);
        try {
            out.writeCharSequence("{\"id\":", StandardCharsets.US_ASCII);
            OpenAiErrors.writeJsonString(out, m.id());
            out.writeCharSequence(",\"object\":\"model\",\"created\":" + created + ",\"owned_by\":",
                    StandardCharsets.US_ASCII);
            OpenAiErrors.writeJsonString(out, m.ownedBy());
            out.writeByte('}');
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return bytesOf(out);
    }

    /** The readable bytes of {@code buf}, which is released. */
    private static byte[] bytesOf(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
