package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What every connection of one {@link MockUpstream} shares: settings, counters, recorder, protocol. */
final class MockContext {

    /** The request headers that carry a credential, in every protocol the mock speaks. */
    private static final String[] CREDENTIAL_HEADERS = {"authorization", "x-api-key", "api-key", "x-goog-api-key"};

    final MockOptions options;
    final MockCounters counters = new MockCounters();
    final RequestRecorder recorder;
    final MockProtocol protocol;

    /** Mock headers applied to every request presenting a credential: per-key behaviour for balancing tests. */
    final Map<String, Map<String, String>> credentialRules = new ConcurrentHashMap<>();

    MockContext(MockOptions options, MockProtocol protocol) {
        this.options = options;
        this.protocol = protocol;
        this.recorder = new RequestRecorder(options.maxRecordedRequests());
    }

    /** {@code headers} with the rules of the credential they present applied (mock headers set); unchanged without a rule. */
    HttpHeaders withCredentialRules(HttpHeaders headers) {
        if (credentialRules.isEmpty()) {
            return headers;
        }
        for (String name : CREDENTIAL_HEADERS) {
            String value = headers.get(name);
            Map<String, String> rule = value == null ? null : credentialRules.get(withoutBearer(value));
            if (rule != null) {
                HttpHeaders copy = new DefaultHttpHeaders().add(headers);
                rule.forEach(copy::set);
                return copy;
            }
        }
        return headers;
    }

    private static String withoutBearer(String value) {
        return value.startsWith("Bearer ") ? value.substring(7) : value;
    }

    /** The credential a request presents (without {@code Bearer }), or null when it has none. */
    static String credential(HttpHeaders headers) {
        for (String name : CREDENTIAL_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                return withoutBearer(value);
            }
        }
        return null;
    }
}
