package io.llmgateway.codec.json;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.json.JacksonRequestOracle.Expected;
import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scanner against jackson-core's blocking parser ({@link JacksonRequestOracle}) over random
 * request bodies and random mutations of them, each fed in random pieces of random buffer
 * layouts: a body is accepted exactly when jackson finds it valid JSON and the routing fields
 * well-typed, with the same fields, the same byte range for {@code model}, and, for a valid JSON
 * body that is refused, the same field named.
 */
class RequestFieldScannerDifferentialTest {

    private static final long SEED = Long.getLong("differential.seed", 20_261_207L);
    private static final int BODIES = Integer.getInteger("differential.bodies", 3_000);
    private static final int MUTATIONS = 6;

    @Test
    void agreesWithJacksonOnRandomBodiesAndMutations() throws Exception {
        RandomJson random = new RandomJson(SEED);
        int valid = 0;
        int invalidJson = 0;
        int refusedFields = 0;
        for (int i = 0; i < BODIES; i++) {
            byte[] body = random.request();
            for (int m = 0; m <= MUTATIONS; m++) {
                byte[] candidate = m == 0 ? body : random.mutate(body);
                Expected expected = JacksonRequestOracle.expect(candidate);
                check(candidate, expected, random, "body " + i + " mutation " + m);
                if (!expected.rejected()) {
                    valid++;
                } else if (!expected.validJson()) {
                    invalidJson++;
                } else {
                    refusedFields++;
                }
            }
        }
        // The generator must exercise all three outcomes, or the comparison proves little.
        assertThat(valid).as("valid bodies").isGreaterThan(BODIES);
        assertThat(invalidJson).as("invalid JSON").isGreaterThan(BODIES);
        assertThat(refusedFields).as("valid JSON refused for a field").isGreaterThan(BODIES / 10);
    }

    /** Documents the generator rarely produces, each one checked the same way. */
    @Test
    void agreesWithJacksonOnEdgeCases() throws Exception {
        RandomJson random = new RandomJson(SEED);
        List<String> bodies = List.of(
                "{}", " {} ", "\ufeff{\"model\":\"m\"}", "{\"model\":\"\\ud800\"}", "{\"model\":\"\\uDBFF\\uDFFF\"}",
                "{\"a\":-0.0e-0}", "{\"a\":1E+9}", "{\"a\":[[],[{}],{\"b\":[null]}]}", "{\"max_tokens\":-0}",
                "{\"max_tokens\":9223372036854775807}", "{\"max_tokens\":9223372036854775808}",
                "{\"max_tokens\":-9223372036854775808}", "{\"max_tokens\":-99999999999999999999}",
                "{\"model\":\"" + "m".repeat(256) + "\"}", "{\"model\":\"" + "m".repeat(257) + "\"}",
                "{\"user\":\"" + "\u00e9".repeat(256) + "\"}", "{\"user\":\"" + "\\u00e9".repeat(257) + "\"}",
                "{\"metadata\":{\"tags\":\"" + "t,".repeat(256) + "\"}}", "{\"metadata\":{\"tags\":\"" + "t".repeat(513) + "\"}}",
                "{\"metadata\":{\"tags\":[" + "\"t\",".repeat(32) + "\"" + "x".repeat(600) + "\"]}}",
                "{\"" + "k".repeat(50_000) + "\":1}", "{\"" + "k".repeat(50_001) + "\":1}",
                "{\"" + "\u00e9".repeat(25_000) + "\":1}", "{\"" + "\u00e9".repeat(25_000) + "k\":1}",
                "{\"a\":\"" + "x".repeat(100_000) + "\"}", "{\"a\":" + "[".repeat(511) + "]".repeat(511) + "}",
                "{\"a\":" + "[".repeat(512) + "]".repeat(512) + "}", "{\"stream\":true1}", "{\"model\":null:}",
                "{\"a\":\"\u007f\"}", "{\"a\":\"\\u00\"}", "{\"a\":0.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":01}");
        for (String body : bodies) {
            byte[] bytes = utf8(body);
            check(bytes, JacksonRequestOracle.expect(bytes), random, body.length() > 80 ? body.substring(0, 80) : body);
        }
        for (int lead = 0x80; lead <= 0xFF; lead++) {
            for (int continuation : new int[] {0x41, 0x80, 0xBF, 0xC0}) {
                byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) lead, (byte) continuation, (byte) 0x80, (byte) 0x80,
                    '"', ',', '"', 'k', (byte) lead, (byte) continuation, (byte) 0x80, (byte) 0x80, '"', ':', '1', '}'};
                check(bytes, JacksonRequestOracle.expect(bytes), random, HexFormat.of().formatHex(bytes));
            }
        }
    }

    private static void check(byte[] body, Expected expected, RandomJson random, String what) throws Exception {
        String description = what + ": " + printable(body);
        List<byte[]> pieces = random.pieces(body);
        Layout[] layouts = Layout.values();
        RequestFields fields;
        InvalidRequestBodyException refusal = null;
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            // Tracking every buffer at PARANOID costs a stack trace: past a few pieces, unpooled heap wrappers.
            boolean many = pieces.size() > 16;
            for (byte[] piece : pieces) {
                ByteBuf buf = many ? Unpooled.wrappedBuffer(piece) : layouts[random.nextInt(layouts.length)].of(piece);
                try {
                    scanner.feed(buf);
                } finally {
                    buf.release();
                }
            }
            fields = scanner.finish();
        } catch (InvalidRequestBodyException e) {
            fields = null;
            refusal = e;
        }
        if (!expected.rejected()) {
            assertThat(refusal).as("refused a valid body, %s", description).isNull();
            assertThat(fields).as(description).isEqualTo(expected.fields());
            return;
        }
        assertThat(refusal).as("accepted a body jackson %s, %s",
                expected.validJson() ? "refuses for " + expected.param() : "cannot parse", description).isNotNull();
        if (expected.validJson()) {
            assertThat(refusal.param()).as("%s: %s", description, refusal.getMessage()).isEqualTo(expected.param());
        }
    }

    private static String printable(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 400 ? s.substring(0, 400) + "... (" + body.length + " bytes)" : s;
    }
}
