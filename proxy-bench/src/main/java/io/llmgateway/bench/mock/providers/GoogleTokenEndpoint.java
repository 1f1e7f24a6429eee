package io.llmgateway.bench.mock.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.bench.mock.MockExchange;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Google's OAuth token endpoint for one service account ({@code POST /token}), as the signed-JWT
 * exchange meets it: the form must say {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer};
 * the assertion must be an RS256 JWT signed by the account's key (checked against its public key),
 * with {@code iss} the account, {@code aud} this endpoint's URI, the {@code cloud-platform} scope,
 * {@code iat} not in the future and {@code exp} after now and at most an hour after {@code iat}.
 * A valid assertion gets {@code {"access_token","expires_in","token_type":"Bearer"}}, with a token
 * that {@link #valid} accepts until it expires; anything else Google's {@code 400 invalid_grant}
 * (or {@code unsupported_grant_type}) with the reason in {@code error_description}.
 *
 * <pre>{@code
 * GoogleTokenEndpoint tokens = new GoogleTokenEndpoint(keyPair.getPublic(), "gw@p.iam.gserviceaccount.com", 3);
 * MockUpstream vertex = GeminiMock.builder().tokenEndpoint(tokens).start();  // token_uri: vertex.baseUrl() + "/token"
 * }</pre>
 *
 * <p>Thread-safe: the counters are atomics, the issued tokens a concurrent map.
 */
public final class GoogleTokenEndpoint {

    public static final String PATH = "/token";
    private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey publicKey;
    private final String clientEmail;
    private final long lifetimeSeconds;
    private final LongSupplier clockMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger expiredUses = new AtomicInteger();
    private volatile String audience;

    /**
     * @param publicKey       the account's public key, which every assertion's signature must verify with
     * @param clientEmail     the account ({@code iss})
     * @param lifetimeSeconds the {@code expires_in} of the tokens it issues
     */
    public GoogleTokenEndpoint(PublicKey publicKey, String clientEmail, long lifetimeSeconds) {
        this(publicKey, clientEmail, lifetimeSeconds, System::currentTimeMillis);
    }

    GoogleTokenEndpoint(PublicKey publicKey, String clientEmail, long lifetimeSeconds, LongSupplier clockMillis) {
        this.publicKey = requireNonNull(publicKey, "publicKey");
        this.clientEmail = requireNonNull(clientEmail, "clientEmail");
        this.lifetimeSeconds = lifetimeSeconds;
        this.clockMillis = clockMillis;
    }

    /** The {@code aud} assertions must carry: the token URI as the client knows it (set when the mock starts). */
    void audience(String audience) {
        this.audience = audience;
    }

    /** Exchanges answered with a token. */
    public int exchanges() {
        return exchanges.get();
    }

    /** Exchanges refused (bad signature, claims, grant type). */
    public int refusals() {
        return refusals.get();
    }

    /** Requests that came with a token this endpoint issued but that had expired. */
    public int expiredUses() {
        return expiredUses.get();
    }

    /** Every token issued, in order (for leak checks). */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    /** Whether {@code token} was issued here and has not expired; counts an expired one. */
    boolean valid(String token) {
        Long expiry = expiries.get(token);
        if (expiry == null) {
            return false;
        }
        if (clockMillis.getAsLong() >= expiry) {
            expiredUses.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Whether this request is for the token endpoint. */
    static boolean handles(FullHttpRequest request) {
        return new QueryStringDecoder(request.uri()).path().equals(PATH);
    }

    MockExchange exchange(FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.POST)) {
            return answer(405, "{\"error\":\"invalid_request\",\"error_description\":\"Method not allowed\"}");
        }
        Map<String, List<String>> form = new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8),
                false).parameters();
        String grant = first(form, "grant_type");
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grant)) {
            refusals.incrementAndGet();
            return answer(400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type: "
                    + (grant == null ? "" : grant.replace("\"", "")) + "\"}");
        }
        String problem = check(first(form, "assertion"));
        if (problem != null) {
            refusals.incrementAndGet();
            return answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
        }
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = "ya29.mock-sa-" + HexFormat.of().formatHex(b);
        expiries.put(token, clockMillis.getAsLong() + lifetimeSeconds * 1000);
        issued.add(token);
        exchanges.incrementAndGet();
        return answer(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeSeconds
                + ",\"token_type\":\"Bearer\"}");
    }

    /** What is wrong with the assertion, as Google words it; null when it is good. */
    private String check(String jwt) {
        if (jwt == null) {
            return "Missing required parameter: assertion";
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(d.decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "Invalid JWT: alg must be RS256";
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey);
            rsa.update((parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(d.decode(parts[2]))) {
                return "Invalid JWT Signature.";
            }
            JsonNode claims = JSON.readTree(d.decode(parts[1]));
            long now = clockMillis.getAsLong() / 1000;
            long iat = claims.path("iat").asLong(-1);
            long exp = claims.path("exp").asLong(-1);
            List<String> wrong = new ArrayList<>();
            if (!clientEmail.equals(claims.path("iss").asText())) {
                wrong.add("iss");
            }
            if (audience != null && !audience.equals(claims.path("aud").asText())) {
                wrong.add("aud");
            }
            if (!SCOPE.equals(claims.path("scope").asText())) {
                wrong.add("scope");
            }
            if (!wrong.isEmpty()) {
                return "Invalid JWT: claims " + String.join(", ", wrong) + " do not match the service account";
            }
            if (iat < 0 || exp < 0 || iat > now + 60 || exp <= now || exp - iat > 3600) {
                return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                        + "Check your iat and exp values in the JWT claim.";
            }
            return null;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "Invalid JWT: cannot be decoded";
        }
    }

    private static MockExchange answer(int status, String json) {
        return MockExchange.refusal(alloc -> ProviderHttp.json(status, ProviderHttp.JSON_UTF8, json, alloc));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
