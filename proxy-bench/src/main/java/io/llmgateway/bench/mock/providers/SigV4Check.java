package io.llmgateway.bench.mock.providers;

import io.llmgateway.adapters.bedrock.SigV4Signer;
import io.llmgateway.codec.spi.AwsCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a SigV4-signed request as AWS does: the credential scope names the known access key, the
 * region and service {@code bedrock}; {@code x-amz-date} is within 15 minutes; the body hashes to
 * {@code x-amz-content-sha256}; the session token matches; and the signature recomputed with the
 * known secret over the request as received (its path, query and the headers it says it signed)
 * equals the one sent. Refusals are AWS's exceptions and messages. Stateless.
 */
final class SigV4Check {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?"
                    + "Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4Check() {
    }

    /** Throws the AWS refusal of {@code request}, or returns when its signature holds. */
    static void verify(FullHttpRequest request, AwsCredentials known, String region) throws AwsRefusal {
        HttpHeaders h = request.headers();
        Matcher m = AUTHORIZATION.matcher(h.get("authorization", ""));
        if (!m.matches()) {
            throw new AwsRefusal(400, "IncompleteSignatureException", "Authorization header requires 'Credential', "
                    + "'SignedHeaders' and 'Signature' parameters.");
        }
        if (!m.group(1).equals(known.accessKeyId())) {
            throw new AwsRefusal(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!m.group(3).equals(region) || !m.group(4).equals("bedrock")) {
            throw new AwsRefusal(403, "InvalidSignatureException", "Credential should be scoped to a valid region and "
                    + "service 'bedrock'.");
        }
        String amzDate = h.get("x-amz-date", "");
        Instant at;
        try {
            at = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new AwsRefusal(400, "IncompleteSignatureException", "x-amz-date '" + amzDate + "' is not a date");
        }
        if (Duration.between(at, Instant.now()).abs().toMinutes() >= 15 || !amzDate.startsWith(m.group(2))) {
            throw new AwsRefusal(403, "InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier "
                    + "than or later than the allowed 15 minutes.");
        }
        String token = h.get("x-amz-security-token");
        if (known.sessionToken() != null ? !known.sessionToken().equals(token) : token != null) {
            throw new AwsRefusal(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        ByteBuf body = request.content();
        String payloadHash = SigV4Signer.sha256Hex(body);
        if (!payloadHash.equals(h.get("x-amz-content-sha256", payloadHash))) {
            throw new AwsRefusal(400, "InvalidSignatureException", "The provided 'x-amz-content-sha256' header does "
                    + "not match what was computed.");
        }
        List<Map.Entry<String, String>> signed = new ArrayList<>();
        for (String name : m.group(5).split(";")) {
            String value = h.get(name);
            if (value == null) {
                throw new AwsRefusal(403, "InvalidSignatureException", "The request signature we calculated does not "
                        + "match the signature you provided: signed header " + name + " is missing.");
            }
            signed.add(Map.entry(name, value));
        }
        if (signed.stream().noneMatch(e -> e.getKey().equals("host"))) {
            throw new AwsRefusal(403, "InvalidSignatureException", "'Host' must be a signed header.");
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String expected = SigV4Signer.authorization(known, region, "bedrock", amzDate, request.method().name(),
                SigV4Signer.canonicalUri(q < 0 ? uri : uri.substring(0, q)),
                SigV4Signer.canonicalQuery(q < 0 ? null : uri.substring(q + 1)), signed, payloadHash);
        if (!expected.endsWith("Signature=" + m.group(6))) {
            throw new AwsRefusal(403, "InvalidSignatureException", "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method. Consult "
                    + "the service documentation for details.");
        }
    }

    /** An AWS refusal: status, exception name and message. */
    static final class AwsRefusal extends Exception {

        private static final long serialVersionUID = 1L;

        final int status;
        final String type;

        AwsRefusal(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }
}
