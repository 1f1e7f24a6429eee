package io.llmgateway.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form of a secret the matcher must see through, in bodies split anywhere and in header values. */
class SecretMatcherTest {

    private static final String SECRET = "sk-SECRET/xyz+789=";
    private static final SecretMatcher MATCHER = SecretMatcher.of(SECRET);

    private static boolean inBody(String text) {
        ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            return MATCHER.foundIn(body);
        } finally {
            body.release();
        }
    }

    private static String errorBody(String quoted) {
        return "{\"error\":{\"message\":\"Incorrect API key provided: " + quoted + ".\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
    }

    /** Every character as {@code \}{@code uXXXX}. */
    private static String unicodeEscaped(String s, boolean upper) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            String hex = String.format("%04x", (int) c);
            sb.append("\\u").append(upper ? hex.toUpperCase() : hex);
        }
        return sb.toString();
    }

    /** Every byte as {@code %XX}. */
    private static String percentEncodedEveryByte(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append('%').append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }

    @Test
    void theSecretAsIs() {
        assertThat(inBody(errorBody(SECRET))).isTrue();
        assertThat(MATCHER.foundIn("Bearer " + SECRET)).isTrue();
    }

    @Test
    void jsonEscapedSlash() {
        assertThat(inBody(errorBody("sk-SECRET\\/xyz+789="))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyCharacterAsAUnicodeEscape(boolean upperCaseHex) {
        assertThat(inBody(errorBody(unicodeEscaped(SECRET, upperCaseHex)))).isTrue();
    }

    @Test
    void escapesOfEveryKindMixed() {
        assertThat(inBody(errorBody("\\u0073k-S\\u0045CRET\\/xyz%2B789\\u003d"))).isTrue();
        assertThat(inBody(errorBody("sk-SECRET\\u002fxyz+78\\u0039="))).isTrue();
    }

    @Test
    void percentEncoded() {
        assertThat(inBody(errorBody(URLEncoder.encode(SECRET, StandardCharsets.UTF_8)))).isTrue();
        assertThat(inBody(errorBody(percentEncodedEveryByte(SECRET)))).isTrue();
        assertThat(inBody("https://example.test/v1?key=" + percentEncodedEveryByte(SECRET).toLowerCase())).isTrue();
    }

    @Test
    void escapesNestedInEscapes() {
        assertThat(inBody(errorBody("sk-SECRET\\\\\\/xyz+789="))).as("a JSON string quoted in a JSON string").isTrue();
        assertThat(inBody(errorBody("sk-SECRET%5Cu002Fxyz+789="))).as("a percent-encoded JSON escape").isTrue();
        assertThat(inBody(errorBody("sk-SECRET\\u0025\\u0032\\u0046xyz+789="))).as("a JSON-escaped percent escape")
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u:", "us:", "usr:", "user:", "Bearer:", "x"})
    void base64AtEveryOffsetWhateverSurroundsIt(String prefix) {
        for (String suffix : new String[] {"", ":", ":x", "\n"}) {
            byte[] pair = (prefix + SECRET + suffix).getBytes(StandardCharsets.UTF_8);
            String standard = Base64.getEncoder().encodeToString(pair);
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(pair);
            assertThat(inBody(errorBody(standard))).as("standard: %s", standard).isTrue();
            assertThat(inBody(errorBody(standard.replace("/", "\\/")))).as("standard, JSON-escaped").isTrue();
            assertThat(inBody(errorBody(url))).as("URL alphabet: %s", url).isTrue();
            assertThat(MATCHER.foundIn("Basic " + standard)).as("header: %s", standard).isTrue();
        }
    }

    @Test
    void aSecretSplitAcrossTheComponentsOfAComposite() {
        String text = errorBody("sk-SEC\\u0052ET\\/xyz+789=");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int start = text.indexOf("sk-");
        for (int cut = start; cut < start + 25; cut++) {
            CompositeByteBuf composite = Unpooled.compositeBuffer();
            composite.addComponent(true, Unpooled.copiedBuffer(bytes, 0, cut));
            composite.addComponent(true, Unpooled.copiedBuffer(bytes, cut, 3));
            composite.addComponent(true, Unpooled.copiedBuffer(bytes, cut + 3, bytes.length - cut - 3));
            try {
                assertThat(MATCHER.foundIn(composite)).as("cut at %d", cut).isTrue();
                assertThat(composite.toString(StandardCharsets.UTF_8)).as("the body is left as it was").isEqualTo(text);
            } finally {
                composite.release();
            }
        }
    }

    @Test
    void aReadIndexIsHonoured() {
        ByteBuf body = Unpooled.copiedBuffer("sk-SECRET/xyz+789= and then the body", StandardCharsets.UTF_8);
        try {
            body.skipBytes(1);
            assertThat(MATCHER.foundIn(body)).isFalse();
            assertThat(body.readerIndex()).isEqualTo(1);
        } finally {
            body.release();
        }
    }

    @Test
    void nearMissesAreNotTheSecret() {
        assertThat(inBody(errorBody("sk-SECRET/xyz+788="))).isFalse();
        assertThat(inBody(errorBody("sk-SECRET\\/xyz+789"))).as("one character short").isFalse();
        assertThat(inBody(errorBody("sk-SECR***789="))).as("a provider's masked excerpt").isFalse();
        assertThat(inBody(errorBody(Base64.getEncoder().encodeToString("sk-SECRET/xyz+788=".getBytes(
                StandardCharsets.UTF_8))))).isFalse();
        assertThat(inBody("%%%\\\\\\u12%zz\\uD800\\uDC00\\u")).as("broken escapes").isFalse();
    }

    @Test
    void headerValuesShorterThanAnyFormCostOneComparison() {
        assertThat(MATCHER.foundIn(AsciiString.of("req_1234"))).isFalse();
        assertThat(MATCHER.foundIn("")).isFalse();
        assertThat(MATCHER.foundIn(AsciiString.of("key=" + SECRET))).isTrue();
        assertThat(MATCHER.foundIn(AsciiString.of("key=sk-SECRET%2Fxyz%2B789%3D"))).isTrue();
        assertThat(MATCHER.foundIn("{\"key\":\"sk-SECRET\\/xyz+789=\"}")).isTrue();
    }

    @Test
    void aSecretOutsideAsciiInEachForm() {
        String secret = "sk-ünï-cödé-42";
        SecretMatcher m = SecretMatcher.of(secret);
        assertThat(m.foundIn("message: " + secret)).as("as Java text").isTrue();
        assertThat(m.foundIn("message: " + unicodeEscaped(secret, false))).isTrue();
        assertThat(m.foundIn("message: " + percentEncodedEveryByte(secret))).isTrue();
        String asOctets = new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(m.foundIn(AsciiString.of("x " + asOctets))).as("as header octets").isTrue();
        ByteBuf body = Unpooled.copiedBuffer("{\"m\":\"" + unicodeEscaped(secret, true) + "\"}", StandardCharsets.UTF_8);
        try {
            assertThat(m.foundIn(body)).isTrue();
        } finally {
            body.release();
        }
        String astral = "sk-\uD83D\uDD11-key-0042";
        assertThat(SecretMatcher.of(astral).foundIn("{\"m\":\"sk-\\ud83d\\udd11-key-0042\"}")).as("a surrogate pair")
                .isTrue();
    }

    @Test
    void secretsShorterThanEightCharactersAreNotSearched() {
        SecretMatcher shortOne = SecretMatcher.of("sk-1234");
        assertThat(shortOne.searched()).isFalse();
        assertThat(shortOne.foundIn("sk-1234")).isFalse();
        assertThat(SecretMatcher.of("").searched()).isFalse();
        assertThat(SecretMatcher.of("sk-12345").searched()).isTrue();
        assertThat(SecretMatcher.of("sk-12345").foundIn("x sk-12345 y")).isTrue();
    }

    @Test
    void itsStringFormNeverShowsTheSecret() {
        assertThat(MATCHER.toString()).doesNotContain("SECRET").doesNotContain(
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)).substring(0, 8));
    }

    @Test
    void anyOfFindsWhatEachFindsInEveryForm() {
        SecretMatcher both = SecretMatcher.anyOf(SecretMatcher.of("first-secret-1"), SecretMatcher.of("second/secret+2"),
                SecretMatcher.none());
        assertThat(both.searched()).isTrue();
        assertThat(both.foundIn("x first-secret-1 y")).isTrue();
        assertThat(both.foundIn("{\"m\":\"second\\/secret+2\"}")).isTrue();
        assertThat(both.foundIn(java.util.Base64.getEncoder().encodeToString("u:first-secret-1".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)))).isTrue();
        assertThat(both.foundIn("neither of them here")).isFalse();
        assertThat(SecretMatcher.anyOf(SecretMatcher.none(), SecretMatcher.of("short")).searched()).isFalse();
    }
}
