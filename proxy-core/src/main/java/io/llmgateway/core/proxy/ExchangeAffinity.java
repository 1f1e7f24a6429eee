package io.llmgateway.core.proxy;

import io.llmgateway.adapters.responses.ResponsesOverChat;
import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.LeadingIdScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.affinity.ObjectOwners;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The exchange's side of object affinity ({@link ObjectOwners}): a stored response, file or batch
 * goes back to the provider key that created it, since another key (another organisation, another
 * Azure resource) cannot read it.
 *
 * <pre>
 *   names an object ─lookup─> owner known ─> the route narrowed to its key (limits apply; no fallback)
 *     (path id, previous_response_id,   └──> unknown ─> the route as it was (endpoints: default), or 404
 *      input_file_id)
 *   creates one (POST /v1/responses unless store:false, /v1/files, /v1/batches)
 *     ─> the first bytes of its 2xx answer give the id ─> learnt with the deployment's key
 * </pre>
 *
 * <p>Made only for the operations on stored objects: chat and the others never have one. Confined
 * to the exchange's event loop; reads the answer's first bytes in place ({@link LeadingIdScanner}),
 * never copies nor retains them.
 */
final class ExchangeAffinity {

    /** How far into a create answer its id may be: the first event of a stream, the first members of a body. */
    static final int SCAN_BYTES = 4096;

    private final ObjectOwners owners;
    private final Endpoint endpoint;
    /** Null when the request names no object. */
    private final String namedId;
    /** The body field that named it; null for a path id. */
    private final String param;
    /** Null when the request creates no object, or once the answer's id was found or given up on. */
    private LeadingIdScanner scanner;

    private ExchangeAffinity(ObjectOwners owners, Endpoint endpoint, String namedId, String param, boolean creates) {
        this.owners = owners;
        this.endpoint = endpoint;
        this.namedId = namedId;
        this.param = param;
        this.scanner = creates ? new LeadingIdScanner(SCAN_BYTES) : null;
    }

    /** The affinity side of {@code request}; null when it neither names nor creates a stored object. */
    static ExchangeAffinity of(ClientRequest request, ObjectOwners owners) {
        Endpoint e = request.endpoint();
        if (e != Endpoint.RESPONSES && e != Endpoint.FILES && e != Endpoint.BATCHES) {
            return null;
        }
        String pathId = pathId(request.pathTail());
        boolean post = "POST".equals(request.method());
        boolean creates = post && pathId == null && !(e == Endpoint.RESPONSES && request.fields().storeFalse());
        String bodyId = post && pathId == null && e != Endpoint.FILES ? request.fields().storedObjectId() : null;
        if (pathId == null && bodyId == null && !creates) {
            return null;
        }
        String param = bodyId == null ? null : e == Endpoint.RESPONSES ? "previous_response_id" : "input_file_id";
        return new ExchangeAffinity(owners, e, pathId != null ? pathId : bodyId, param, creates);
    }

    /** The id of {@code /{id}...} (already checked by routing); null for a tail without one. */
    private static String pathId(String tail) {
        if (tail.isEmpty() || tail.charAt(0) != '/') {
            return null;
        }
        int end = 1;
        while (end < tail.length() && tail.charAt(end) != '/' && tail.charAt(end) != '?') {
            end++;
        }
        return end > 1 ? tail.substring(1, end) : null;
    }

    /** Whether the request names an object, to look up before routing. */
    boolean namesObject() {
        return namedId != null;
    }

    void lookup(Executor loop, Consumer<ObjectOwner> found) {
        owners.lookup(namedId, loop, found);
    }

    /**
     * Where a request for an object of {@code owner} (null: unknown) goes: {@code route} narrowed to
     * the owner's key, or {@code route} itself for an unknown id ({@code route} null: the request
     * named no model and no default provider serves it); or why it cannot go anywhere.
     */
    Decision route(ObjectOwner owner, ClientRequest request, Route route) {
        if (owner == null) {
            return route != null ? new Decision(route, null) : refused(GatewayError.NOT_FOUND, quoted()
                    + " is not known to the gateway (it keeps which key created each object it relayed), "
                    + "and no provider serves /v1" + request.endpoint().suffix() + " by default (endpoints."
                    + request.endpoint().configName() + " in the config)");
        }
        Route pinned = request.snapshot().routing().pinned(route, owner.provider(), owner.key());
        if (pinned != null) {
            return new Decision(pinned, null);
        }
        ProviderConfig p = request.snapshot().config().provider(owner.provider());
        boolean keyEnabled = p != null && p.enabledKeys().stream().anyMatch(k -> k.id().equals(owner.key()));
        if (!keyEnabled) {
            return refused(GatewayError.NO_AVAILABLE_DEPLOYMENT, quoted() + " was created with provider key "
                    + owner.label() + ", which is disabled or no longer configured; no other key can read it");
        }
        return refused(GatewayError.INVALID_REQUEST, quoted() + " was created with provider key " + owner.label()
                + ", which model '" + request.fields().model() + "' does not route to");
    }

    private Decision refused(GatewayError error, String message) {
        return new Decision(null, new Refusal(error, message, param));
    }

    private String quoted() {
        return (param == null ? "object" : param) + " '" + namedId + "'";
    }

    /** Why a request for an object cannot be served. */
    record Refusal(GatewayError error, String message, String param) {
    }

    /** The route of a request for an object, or (route null) why it has none. */
    record Decision(Route route, Refusal refusal) {
    }

    /**
     * Whether the answer of {@code deployment} is to be read for the id of the object it created:
     * a Responses answer only from a provider that stores it (a translated one's id is the gateway's own).
     */
    boolean learns(Deployment deployment) {
        return scanner != null && (endpoint != Endpoint.RESPONSES || ResponsesOverChat.isNative(
                deployment.provider().type()));
    }

    /**
     * A piece of a successful answer of {@code deployment}, in order (read in place, not retained):
     * once the id is found it is learnt with the deployment's key, and nothing more is read.
     */
    void answered(ByteBuf piece, Deployment deployment) {
        LeadingIdScanner s = scanner;
        if (s == null || !s.feed(piece)) {
            return;
        }
        scanner = null;
        if (s.id() != null) {
            owners.learn(s.id(), new ObjectOwner(deployment.provider().id(), deployment.key().id()));
        }
    }
}
