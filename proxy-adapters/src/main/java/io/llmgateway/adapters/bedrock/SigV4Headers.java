package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.codec.spi.AwsCredentials;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds the SigV4 headers of one Bedrock request (reference 7.2) to its header list:
 * {@code x-amz-date}, {@code x-amz-content-sha256}, {@code x-amz-security-token} for temporary
 * credentials, and {@code authorization}. Signed: {@code host} (as the core sends it), and those
 * {@code x-amz-*} headers; the body as it will be written. Runs once per attempt on the event
 * loop: CPU only ({@link SigV4Signer}); stateless.
 */
final class SigV4Headers {

    /** Bedrock's signing name (botocore {@code signingName}), for the runtime and its OpenAI endpoint alike. */
    static final String SERVICE = "bedrock";

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4Headers() {
    }

    /**
     * Signs a request to {@code pathAndQuery} on {@code hostHeader} with {@code body} and adds the
     * headers to {@code out}.
     */
    static void sign(HeaderList out, AwsCredentials credentials, String region, String hostHeader, String method,
            String pathAndQuery, ByteBuf body, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String payloadHash = SigV4Signer.sha256Hex(body);
        List<Map.Entry<String, String>> signed = new ArrayList<>(4);
        signed.add(Map.entry("host", hostHeader));
        signed.add(Map.entry("x-amz-content-sha256", payloadHash));
        signed.add(Map.entry("x-amz-date", amzDate));
        if (credentials.sessionToken() != null) {
            signed.add(Map.entry("x-amz-security-token", credentials.sessionToken()));
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        String authorization = SigV4Signer.authorization(credentials, region, SERVICE, amzDate, method,
                SigV4Signer.canonicalUri(path), SigV4Signer.canonicalQuery(query), signed, payloadHash);
        for (int i = 1; i < signed.size(); i++) {
            out.add(signed.get(i).getKey(), signed.get(i).getValue());
        }
        out.add("authorization", authorization);
    }
}
