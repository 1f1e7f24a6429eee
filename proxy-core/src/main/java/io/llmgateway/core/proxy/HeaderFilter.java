package io.llmgateway.core.proxy;

import io.llmgateway.core.secrets.SecretMatcher;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1) never do; client
 * credentials never reach a provider (the selected key's credential replaces them); a provider's
 * header whose value carries the key's secret, in any form {@link SecretMatcher} knows, never
 * reaches the client; framing and encoding headers are recomputed by the gateway on each leg.
 *
 * <p>Hot path: the name sets are {@link HttpHeaders} instances used for their case-insensitive
 * hashing, so a lookup allocates nothing whatever case the sender used; a header value shorter
 * than the secret costs the secret check one comparison.
 */
final class HeaderFilter {

    /** Name sets: no validation (a client's Connection tokens are only looked up, never sent). */
    private static final DefaultHttpHeadersFactory SETS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false).withValueValidation(false);

    /** Client request headers not forwarded upstream. */
    private static final HttpHeaders NOT_TO_UPSTREAM = names(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-authenticate", "host", "content-length", "content-type",
            "accept-encoding", "expect", "authorization", "api-key", "x-api-key", "x-goog-api-key",
            "openai-organization", "openai-project", "cookie", "forwarded", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "x-real-ip");

    /** Upstream response headers not relayed to the client. */
    private static final HttpHeaders NOT_TO_CLIENT = names(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authenticate", "content-length", "set-cookie", "alt-svc", "x-request-id", "openai-organization",
            "openai-project", "strict-transport-security", "server", "date", "via");

    private HeaderFilter() {
    }

    private static HttpHeaders names(String... names) {
        HttpHeaders set = SETS.newHeaders();
        for (String n : names) {
            set.add(n, "");
        }
        return set;
    }

    /** Copies the client's end-to-end headers that may go upstream into {@code to}. */
    static void copyToUpstream(HttpHeaders from, HttpHeaders to) {
        copy(from, to, NOT_TO_UPSTREAM, SecretMatcher.none());
    }

    /**
     * Copies the upstream's end-to-end response headers that may go to the client into {@code to},
     * except those whose value carries the secret {@code secret} recognises; returns how many of
     * those were dropped.
     */
    static int copyToClient(HttpHeaders from, HttpHeaders to, SecretMatcher secret) {
        return copy(from, to, NOT_TO_CLIENT, secret);
    }

    private static int copy(HttpHeaders from, HttpHeaders to, HttpHeaders excluded, SecretMatcher secret) {
        int dropped = 0;
        HttpHeaders connectionTokens = connectionTokens(from);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (excluded.contains(name) || (connectionTokens != null && connectionTokens.contains(name))) {
                continue;
            }
            CharSequence value = e.getValue();
            if (secret.foundIn(value)) {
                dropped++;
                continue;
            }
            to.add(name, value);
        }
        return dropped;
    }

    /**
     * Headers named by {@code Connection:} are hop-by-hop too. The usual values ({@code keep-alive},
     * {@code close}) name nothing else, and cost nothing.
     */
    private static HttpHeaders connectionTokens(HttpHeaders h) {
        String connection = h.get(HttpHeaderNames.CONNECTION);
        if (connection == null || connection.isEmpty() || connection.equalsIgnoreCase("keep-alive")
                || connection.equalsIgnoreCase("close")) {
            return null;
        }
        HttpHeaders out = SETS.newHeaders();
        for (String token : connection.split(",")) {
            String t = token.trim();
            if (!t.isEmpty()) {
                out.add(t, "");
            }
        }
        return out;
    }
}
