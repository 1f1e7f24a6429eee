package io.llmgateway.core.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 section 7.6.1) never do; client
 * credentials never reach a provider (the selected key's credential replaces them); framing and
 * encoding headers are recomputed by the gateway on each leg.
 */
final class HeaderFilter {

    /** Client request headers not forwarded upstream (compared case-insensitively). */
    private static final Set<AsciiString> NOT_TO_UPSTREAM = names(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authorization", "proxy-authenticate", "host", "content-length", "content-type",
            "accept-encoding", "expect", "authorization", "api-key", "x-api-key", "x-goog-api-key",
            "openai-organization", "openai-project", "cookie", "forwarded", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "x-real-ip");

    /** Upstream response headers not relayed to the client. */
    private static final Set<AsciiString> NOT_TO_CLIENT = names(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
            "proxy-authenticate", "content-length", "set-cookie", "alt-svc", "x-request-id", "openai-organization",
            "openai-project", "strict-transport-security", "server", "date", "via");

    private HeaderFilter() {
    }

    private static Set<AsciiString> names(String... names) {
        java.util.HashSet<AsciiString> out = new java.util.HashSet<>();
        for (String n : names) {
            out.add(AsciiString.of(n));
        }
        return Set.copyOf(out);
    }

    private static boolean contains(Set<AsciiString> set, CharSequence name) {
        // AsciiString's equals is case-sensitive; header names from the decoder keep the sender's case.
        return set.contains(name instanceof AsciiString a ? a.toLowerCase() : AsciiString.of(name).toLowerCase());
    }

    /** Copies the client's end-to-end headers that may go upstream into {@code to}. */
    static void copyToUpstream(HttpHeaders from, HttpHeaders to) {
        Set<AsciiString> connectionTokens = connectionTokens(from);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (contains(NOT_TO_UPSTREAM, name) || (connectionTokens != null && contains(connectionTokens, name))) {
                continue;
            }
            to.add(name, e.getValue());
        }
    }

    /** Copies the upstream's end-to-end response headers that may go to the client into {@code to}. */
    static void copyToClient(HttpHeaders from, HttpHeaders to) {
        Set<AsciiString> connectionTokens = connectionTokens(from);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (contains(NOT_TO_CLIENT, name) || (connectionTokens != null && contains(connectionTokens, name))) {
                continue;
            }
            to.add(name, e.getValue());
        }
    }

    /** Headers named by {@code Connection:} are hop-by-hop too. */
    private static Set<AsciiString> connectionTokens(HttpHeaders h) {
        String connection = h.get(HttpHeaderNames.CONNECTION);
        if (connection == null || connection.isEmpty()) {
            return null;
        }
        java.util.HashSet<AsciiString> out = new java.util.HashSet<>();
        for (String token : connection.split(",")) {
            String t = token.trim();
            if (!t.isEmpty()) {
                out.add(AsciiString.of(t).toLowerCase());
            }
        }
        return out;
    }
}
