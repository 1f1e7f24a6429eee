package io.llmgateway.bench.jmh.adapters;

import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The set-up the stream-event benchmarks share: a translator prepared for one request, events
 * fed to it as the core feeds them (a pooled direct buffer, borrowed), and its output drained —
 * released, its size consumed — after each operation. One per benchmark state (not thread-safe).
 */
final class StreamEventFixture {

    private final List<ByteBuf> out = new ArrayList<>(4);

    /** The translator of {@code requestBody} sent to {@code endpoint} of {@code provider}. */
    static ResponseTranslator translator(ProviderAdapter adapter, Endpoint endpoint, ProviderSettings provider,
            String requestBody) throws Exception {
        ByteBuf b = AdapterFixtures.direct(requestBody);
        try {
            UpstreamCall call = adapter.prepare(new OutboundRequest(endpoint, provider, "model-x", "secret", b,
                    RequestFieldScanner.scan(b), ByteBufAllocator.DEFAULT));
            call.release();
            return call.translator();
        } finally {
            b.release();
        }
    }

    /** Translates {@code events} (set-up, not measured) and drops what they make. */
    void feed(ResponseTranslator t, String... events) throws Exception {
        for (String event : events) {
            ByteBuf e = AdapterFixtures.direct(event);
            try {
                t.translateEvent(e, ByteBufAllocator.DEFAULT, out);
            } finally {
                e.release();
            }
            drain(null);
        }
    }

    /** One measured operation: {@code event} translated, the output released; its size in bytes. */
    int translate(ResponseTranslator t, ByteBuf event, Blackhole bh) throws Exception {
        t.translateEvent(event, ByteBufAllocator.DEFAULT, out);
        return drain(bh);
    }

    private int drain(Blackhole bh) {
        int bytes = 0;
        for (int i = 0; i < out.size(); i++) {
            ByteBuf b = out.get(i);
            bytes += b.readableBytes();
            b.release();
        }
        out.clear();
        if (bh != null) {
            bh.consume(bytes);
        }
        return bytes;
    }
}
