package io.llmgateway.codec.json;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmgateway.codec.json.JsonSyntaxException.Kind;
import io.llmgateway.codec.json.JsonTokenizer.Token;
import io.llmgateway.codec.testing.TestBuffers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTokenizerTest {

    /** Every kind of token, escapes, 2-, 3- and 4-byte UTF-8, a byte order mark and whitespace. */
    private static final String RICH = "\ufeff { \"a\\u00e9\\\"\" : [ 0 , -0 , 12 , -3.5e+2 , 1E9 , true , false , null ,"
            + " \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\ud83d\\ude00\\uD800\" , \"\u00e9\u20ac\ud83d\ude00\" , [ ] , { } ] ,\r\n"
            + " \"b\" : { \"c\" : 9223372036854775807 , \"d\" : 9223372036854775808 } }\t";

    @Test
    void tokensWithTheirOffsetsAndDepths() throws Exception {
        assertThat(walk(List.of(utf8("{\"a\":[1,-2.5e3,\"s\",true,null,{}],\"b\":{}}")), 0)).containsExactly(
                "START_OBJECT 0-1 d1", "NAME 1-4 d1", "START_ARRAY 5-6 d2", "INTEGER 6-7 d2", "DECIMAL 8-14 d2",
                "STRING 15-18 d2", "TRUE 19-23 d2", "NULL 24-28 d2", "START_OBJECT 29-30 d3", "END_OBJECT 30-31 d2",
                "END_ARRAY 31-32 d1", "NAME 33-36 d1", "START_OBJECT 37-38 d2", "END_OBJECT 38-39 d1",
                "END_OBJECT 39-40 d0");
    }

    @Test
    void sameTokensWhereverTheDocumentIsCut() throws Exception {
        byte[] bytes = utf8(RICH);
        List<String> whole = walk(List.of(bytes), 1000);
        assertThat(whole).hasSize(26).contains("NAME 6-17 d1 'a\u00e9\"'", "STRING 113-124 d2 '\u00e9\u20ac\ud83d\ude00'",
                "STRING 74-110 d2 '\"\\/\b\f\n\r\t\ud83d\ude00\ud800'", "DECIMAL 36-43 d2 '-3.5e+2'",
                "INTEGER 157-176 d2 '9223372036854775807'", "INTEGER 185-204 d2 '9223372036854775808' overflow",
                "END_OBJECT 207-208 d0");
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(walk(TestBuffers.split(bytes, cut), 1000)).as("cut at %d", cut).isEqualTo(whole);
        }
        assertThat(walk(TestBuffers.chunks(bytes, 1), 1000)).isEqualTo(whole);
        assertThat(walk(TestBuffers.chunks(bytes, 7), 1000)).isEqualTo(whole);
    }

    @Test
    void directAndHeapBuffersReadAlike() throws Exception {
        byte[] bytes = utf8(RICH);
        JsonTokenizer tokens = new JsonTokenizer(512);
        List<String> seen = new ArrayList<>();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 10).position(5);
        direct.put(bytes).flip().position(5);
        drain(tokens, direct, 1000, seen);
        tokens.endOfInput();
        drain(tokens, null, 1000, seen);
        assertThat(seen).isEqualTo(walk(List.of(bytes), 1000));
        assertThat(direct.position()).as("position untouched").isEqualTo(5);
    }

    @Test
    void capturedTextIsUnescapedAndDecoded() throws Exception {
        assertThat(captured("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\u00e9\u20ac\ud83d\ude00 x\"", 100))
                .isEqualTo("\"\\/\b\f\n\r\t\u00e9\ud83d\ude00\u00e9\u20ac\ud83d\ude00 x");
        // Lone surrogates pass, as in jackson.
        assertThat(captured("\"\\udc00\\ud800\"", 100)).isEqualTo("\udc00\ud800");
        assertThat(captured("-12.5E+3", 100)).isEqualTo("-12.5E+3");
    }

    @Test
    void captureKeepsUpToItsCapAndCountsTheRest() throws Exception {
        JsonTokenizer tokens = tokenizer("[\"abcdefgh\",\"\u00e9\u00e9\u00e9\u00e9\u00e9\",\"\\u0041\\u0042\\u0043\",\"ab\"]");
        assertThat(tokens.next()).isEqualTo(Token.START_ARRAY);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.capture(3);
            assertThat(tokens.next()).isEqualTo(Token.STRING);
            texts.add(tokens.text() + "/" + tokens.text().length() + (tokens.text().truncated() ? " truncated" : ""));
        }
        assertThat(texts).containsExactly("abc/8 truncated", "\u00e9\u00e9\u00e9/5 truncated", "ABC/3", "ab/2");
        assertThat(tokens.text().is("ab")).isTrue();
        assertThat(tokens.text().is("abc")).isFalse();
    }

    @Test
    void tokensNotAskedForAreNotDecoded() throws Exception {
        JsonTokenizer tokens = tokenizer("[\"abc\",\"def\"]");
        tokens.next();
        tokens.capture(10);
        tokens.next();
        assertThat(tokens.text().toString()).isEqualTo("abc");
        tokens.next();
        assertThat(tokens.text().length()).isZero();
        assertThat(tokens.text().is("def")).isFalse();
    }

    @Test
    void integers() throws Exception {
        assertInteger("0", false, 0, false);
        assertInteger("-0", true, 0, false);
        assertInteger("7", false, 7, false);
        assertInteger("-42", true, 42, false);
        assertInteger("9223372036854775807", false, Long.MAX_VALUE, false);
        assertInteger("9223372036854775808", false, 0, true);
        assertInteger("-9223372036854775808", true, 0, true);
        assertInteger("99999999999999999999999", false, 0, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0", "-0.5", "1e5", "1E+5", "1e-5", "123.456e789", "-0E0"})
    void decimals(String number) throws Exception {
        JsonTokenizer tokens = tokenizer("[" + number + "]");
        tokens.next();
        assertThat(tokens.next()).isEqualTo(Token.DECIMAL);
        assertThat(tokens.tokenEnd() - tokens.tokenStart()).isEqualTo(number.length());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // document, kind, offset of the fault
                Arguments.of("[01]", Kind.MALFORMED, 2),
                Arguments.of("[-]", Kind.MALFORMED, 2),
                Arguments.of("[-a]", Kind.MALFORMED, 2),
                Arguments.of("[1.]", Kind.MALFORMED, 3),
                Arguments.of("[1.e5]", Kind.MALFORMED, 3),
                Arguments.of("[.5]", Kind.MALFORMED, 1),
                Arguments.of("[+1]", Kind.MALFORMED, 1),
                Arguments.of("[1e]", Kind.MALFORMED, 3),
                Arguments.of("[1e+]", Kind.MALFORMED, 4),
                Arguments.of("[--1]", Kind.MALFORMED, 2),
                Arguments.of("[1 2]", Kind.MALFORMED, 3),
                Arguments.of("[truex]", Kind.MALFORMED, 5),
                Arguments.of("[true1]", Kind.MALFORMED, 5),
                Arguments.of("[nul]", Kind.MALFORMED, 4),
                Arguments.of("[fals]", Kind.MALFORMED, 5),
                Arguments.of("[True]", Kind.MALFORMED, 1),
                Arguments.of("[\"a\u0001\"]", Kind.MALFORMED, 3),
                Arguments.of("[\"a\t\"]", Kind.MALFORMED, 3),
                Arguments.of("[\"\\x\"]", Kind.MALFORMED, 3),
                Arguments.of("[\"\\u12G4\"]", Kind.MALFORMED, 6),
                Arguments.of("[\"\\U1234\"]", Kind.MALFORMED, 3),
                Arguments.of("{\"a\"1}", Kind.MALFORMED, 4),
                Arguments.of("{\"a\":1,}", Kind.MALFORMED, 7),
                Arguments.of("{\"a\":1 \"b\":2}", Kind.MALFORMED, 7),
                Arguments.of("{'a':1}", Kind.MALFORMED, 1),
                Arguments.of("{a:1}", Kind.MALFORMED, 1),
                Arguments.of("[1,]", Kind.MALFORMED, 3),
                Arguments.of("[1}", Kind.MALFORMED, 2),
                Arguments.of("{\"a\":1]", Kind.MALFORMED, 6),
                Arguments.of("[\f]", Kind.MALFORMED, 1),
                Arguments.of("[/*c*/]", Kind.MALFORMED, 1),
                Arguments.of(" \ufeff{}", Kind.MALFORMED, 1),
                Arguments.of("{} x", Kind.TRAILING_DATA, 3),
                Arguments.of("{}{}", Kind.TRAILING_DATA, 2),
                Arguments.of("[]]", Kind.TRAILING_DATA, 2),
                Arguments.of("{\"a\":[", Kind.TRUNCATED, 6),
                Arguments.of("{\"a\":\"x", Kind.TRUNCATED, 7),
                Arguments.of("[tru", Kind.TRUNCATED, 4),
                Arguments.of("[1", Kind.TRUNCATED, 2),
                Arguments.of("-", Kind.TRUNCATED, 1),
                Arguments.of("\"\\u00", Kind.TRUNCATED, 5));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void faultsAreNamedWithTheirOffsetWhereverTheDocumentIsCut(String document, Kind kind, long offset) {
        byte[] bytes = utf8(document);
        JsonSyntaxException whole = catchThrowableOfType(JsonSyntaxException.class, () -> walk(List.of(bytes), 100));
        assertThat(whole).as(document).isNotNull();
        assertThat(whole.kind()).as("%s: %s", document, whole.getMessage()).isEqualTo(kind);
        assertThat(whole.offset()).as("%s: %s", document, whole.getMessage()).isEqualTo(offset);
        for (int cut = 0; cut <= bytes.length; cut++) {
            int at = cut;
            JsonSyntaxException cutOne = catchThrowableOfType(JsonSyntaxException.class,
                    () -> walk(TestBuffers.split(bytes, at), 100));
            assertThat(cutOne).as("%s cut at %d", document, cut).isNotNull();
            assertThat(cutOne.getMessage()).as("%s cut at %d", document, cut).isEqualTo(whole.getMessage());
            assertThat(cutOne.kind()).isEqualTo(kind);
        }
    }

    @Test
    void utf8AsJacksonReadsIt() throws Exception {
        // Lead bytes 0xC0-0xDF, 0xE0-0xEF, 0xF0-0xF7 with the right number of continuation bytes:
        // no check of overlong forms or encoded surrogates, and jackson's arithmetic to decode them.
        assertThat(captured(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'})).isEqualTo("/");
        assertThat(captured(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).isEqualTo("\ud800");
        assertThat(captured(new byte[] {'"', (byte) 0xF7, (byte) 0xBF, (byte) 0xBF, (byte) 0xBF, '"'}))
                .isEqualTo(String.valueOf(new char[] {(char) (0xD800 | (0x1FFFFF - 0x10000 >> 10)), (char) 0xDFFF}));
        for (int lead = 0x80; lead <= 0xFF; lead++) {
            int continuations = lead >= 0xC0 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2
                    : lead >= 0xF0 && lead <= 0xF7 ? 3 : -1;
            byte[] valid = new byte[] {'"', (byte) lead, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'};
            byte[] sequence = continuations < 0 ? valid : Arrays.copyOf(valid, 2 + continuations + 1);
            sequence[sequence.length - 1] = '"';
            for (int cut = 0; cut <= sequence.length; cut++) {
                int at = cut;
                if (continuations < 0) {
                    JsonSyntaxException e = catchThrowableOfType(JsonSyntaxException.class,
                            () -> walk(TestBuffers.split(sequence, at), 10));
                    assertThat(e).as("lead 0x%x", lead).isNotNull();
                    assertThat(e.offset()).isEqualTo(1);
                } else {
                    assertThat(walk(TestBuffers.split(sequence, at), 10)).as("lead 0x%x cut at %d", lead, cut).hasSize(1);
                }
            }
            if (continuations > 0) {
                byte[] cutShort = Arrays.copyOf(sequence, sequence.length);
                cutShort[1 + continuations] = 'x';
                JsonSyntaxException e = catchThrowableOfType(JsonSyntaxException.class, () -> walk(List.of(cutShort), 0));
                assertThat(e).as("lead 0x%x without its last continuation byte", lead).isNotNull();
                assertThat(e.offset()).isEqualTo(1 + continuations);
            }
        }
    }

    @Test
    void plainRunsStopAtEveryByteThatEndsThem() throws Exception {
        // Runs of every length around the 8-byte words read at once, with the special byte anywhere.
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                StringBuilder run = new StringBuilder("a".repeat(length));
                assertThat(captured("\"" + run.replace(at, at + 1, "\u00e9") + "\"", 100)).isEqualTo(run.toString());
                String escaped = "\"" + "a".repeat(at) + "\\n" + "a".repeat(length - at - 1) + "\"";
                assertThat(captured(escaped, 100)).isEqualTo("a".repeat(at) + "\n" + "a".repeat(length - at - 1));
                byte[] control = utf8("[\"" + "a".repeat(length) + "\"]");
                control[2 + at] = 0x1F;
                JsonSyntaxException e = catchThrowableOfType(JsonSyntaxException.class, () -> walk(List.of(control), 0));
                assertThat(e.offset()).as("length %d, control at %d", length, at).isEqualTo(2 + at);
                byte[] early = utf8("[\"" + "a".repeat(at) + "\"" + ",1".repeat(length) + "]");
                assertThat(walk(List.of(early), 100)).as("length %d, quote at %d", length, at)
                        .contains("STRING 1-" + (3 + at) + " d1 '" + "a".repeat(at) + "'");
            }
        }
    }

    @Test
    void keysAreLimitedTo50000BytesOnceUnescaped() throws Exception {
        assertThat(walk(List.of(utf8("{\"" + "k".repeat(50_000) + "\":1}")), 0)).hasSize(4);
        assertThat(walk(List.of(utf8("{\"" + "\\u20ac".repeat(16_666) + "kk\":1}")), 0)).hasSize(4);
        assertThat(walk(List.of(utf8("{\"" + "\u00e9".repeat(25_000) + "\":1}")), 0)).hasSize(4);
        assertThat(fault("{\"" + "k".repeat(50_001) + "\":1}").offset()).isEqualTo(50_002);
        assertThat(fault("{\"" + "\u00e9".repeat(25_000) + "k\":1}").offset()).isEqualTo(50_002);
        assertThat(fault("{\"" + "\\u20ac".repeat(16_667) + "\":1}").kind()).isEqualTo(Kind.MALFORMED);
        // Values have no such limit.
        assertThat(walk(List.of(utf8("[\"" + "v".repeat(100_000) + "\"]")), 0)).hasSize(3);
    }

    @Test
    void depthIsLimited() throws Exception {
        JsonTokenizer tokens = new JsonTokenizer(3);
        tokens.input(ByteBuffer.wrap(utf8("[{\"a\":[[]]}]")));
        assertThat(tokens.next()).isEqualTo(Token.START_ARRAY);
        assertThat(tokens.next()).isEqualTo(Token.START_OBJECT);
        assertThat(tokens.next()).isEqualTo(Token.NAME);
        assertThat(tokens.next()).isEqualTo(Token.START_ARRAY);
        JsonSyntaxException e = catchThrowableOfType(JsonSyntaxException.class, tokens::next);
        assertThat(e.kind()).isEqualTo(Kind.TOO_DEEP);
        assertThat(e.offset()).isEqualTo(7);
        assertThat(walkWith(new JsonTokenizer(70), "[".repeat(70) + "]".repeat(70))).hasSize(140);
        assertThatThrownBy(() -> walkWith(new JsonTokenizer(70), "[".repeat(71) + "]".repeat(71)))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("nested deeper than 70");
        assertThatThrownBy(() -> new JsonTokenizer(0)).hasMessage("maxDepth: 0 (expected: > 0)");
    }

    @Test
    void skippedContainersAreValidatedButTheirTokensNotReturned() throws Exception {
        byte[] bytes = utf8("{\"a\":[1,{\"b\":[\"c\",true]},[]],\"d\":{\"e\":{}},\"f\":2}");
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> seen = new ArrayList<>();
            JsonTokenizer tokens = new JsonTokenizer(512);
            for (byte[] piece : TestBuffers.split(bytes, cut)) {
                tokens.input(ByteBuffer.wrap(piece));
                for (Token t; (t = tokens.next()) != Token.NEED_INPUT; ) {
                    seen.add(t + " " + tokens.tokenStart());
                    if ((t == Token.START_ARRAY || t == Token.START_OBJECT) && tokens.depth() == 2) {
                        tokens.skipContainer();
                    }
                }
                tokens.detach();
            }
            tokens.endOfInput();
            assertThat(tokens.next()).isEqualTo(Token.END);
            assertThat(seen).as("cut at %d", cut).containsExactly("START_OBJECT 0", "NAME 1", "START_ARRAY 5",
                    "END_ARRAY 27", "NAME 29", "START_OBJECT 33", "END_OBJECT 40", "NAME 42", "INTEGER 46", "END_OBJECT 47");
        }
        JsonTokenizer faulty = tokenizer("[[1,{\"b\" 2}]]");
        faulty.next();
        faulty.next();
        faulty.skipContainer();
        assertThat(catchThrowableOfType(JsonSyntaxException.class, faulty::next).offset()).isEqualTo(9);
        JsonTokenizer truncated = tokenizer("{\"a\":[1,2");
        truncated.next();
        truncated.next();
        truncated.next();
        truncated.skipContainer();
        assertThat(truncated.next()).isEqualTo(Token.NEED_INPUT);
        truncated.detach();
        truncated.endOfInput();
        assertThat(catchThrowableOfType(JsonSyntaxException.class, truncated::next).kind()).isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void byteOrderMarkOnlyFirstAndCounted() throws Exception {
        assertThat(walk(List.of(utf8("\ufeff[\"x\"]")), 0)).containsExactly("START_ARRAY 3-4 d1", "STRING 4-7 d1",
                "END_ARRAY 7-8 d0");
        assertThat(fault(new byte[] {(byte) 0xEF, '{', '}'}).offset()).isEqualTo(1);
        assertThat(fault(new byte[] {(byte) 0xEF, (byte) 0xBB, '{', '}'}).offset()).isEqualTo(2);
    }

    @Test
    void rootValuesAndEmptyInput() throws Exception {
        assertThat(walk(List.of(utf8("42")), 0)).containsExactly("INTEGER 0-2 d0");
        assertThat(walk(List.of(utf8(" true ")), 0)).containsExactly("TRUE 1-5 d0");
        assertThat(walk(List.of(utf8("null")), 0)).containsExactly("NULL 0-4 d0");
        assertThat(walk(List.of(utf8("\"s\"")), 0)).containsExactly("STRING 0-3 d0");
        JsonTokenizer empty = new JsonTokenizer(4);
        empty.input(ByteBuffer.wrap(utf8(" \r\n\t ")));
        assertThat(empty.next()).isEqualTo(Token.NEED_INPUT);
        empty.detach();
        empty.endOfInput();
        assertThat(empty.next()).isEqualTo(Token.END);
        assertThat(empty.started()).isFalse();
        assertThat(empty.offset()).isEqualTo(5);
    }

    @Test
    void inputOnlyOnceTheViewIsConsumed() throws Exception {
        JsonTokenizer tokens = tokenizer("[1,2]");
        tokens.next();
        assertThatThrownBy(() -> tokens.input(ByteBuffer.wrap(utf8("]")))).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers

    private static void assertInteger(String number, boolean negative, long magnitude, boolean overflow) throws Exception {
        JsonTokenizer tokens = tokenizer("[" + number + "]");
        tokens.next();
        assertThat(tokens.next()).isEqualTo(Token.INTEGER);
        assertThat(tokens.number().negative()).as(number).isEqualTo(negative);
        assertThat(tokens.number().overflow()).as(number).isEqualTo(overflow);
        if (!overflow) {
            assertThat(tokens.number().magnitude()).as(number).isEqualTo(magnitude);
        }
    }

    private static JsonTokenizer tokenizer(String json) {
        JsonTokenizer tokens = new JsonTokenizer(512);
        tokens.input(ByteBuffer.wrap(utf8(json)));
        return tokens;
    }

    private static String captured(String json, int cap) throws Exception {
        return captured(utf8(json), cap);
    }

    private static String captured(byte[] json) throws Exception {
        return captured(json, 100);
    }

    private static String captured(byte[] json, int cap) throws Exception {
        JsonTokenizer tokens = new JsonTokenizer(512);
        tokens.capture(cap);
        tokens.input(ByteBuffer.wrap(json));
        Token token = tokens.next();
        if (token == Token.NEED_INPUT) {
            tokens.detach();
            tokens.endOfInput();
            token = tokens.next();
        }
        assertThat(token).isIn(Token.STRING, Token.INTEGER, Token.DECIMAL);
        return tokens.text().toString();
    }

    private static JsonSyntaxException fault(String json) {
        return fault(utf8(json));
    }

    private static JsonSyntaxException fault(byte[] json) {
        JsonSyntaxException e = catchThrowableOfType(JsonSyntaxException.class, () -> walk(List.of(json), 0));
        assertThat(e).as(new String(json, StandardCharsets.UTF_8)).isNotNull();
        return e;
    }

    private static List<String> walkWith(JsonTokenizer tokens, String json) throws JsonSyntaxException {
        List<String> seen = new ArrayList<>();
        drain(tokens, ByteBuffer.wrap(utf8(json)), 0, seen);
        tokens.endOfInput();
        drain(tokens, null, 0, seen);
        return seen;
    }

    /** Every token of the document fed in {@code pieces}, described; each captured up to {@code cap}. */
    private static List<String> walk(List<byte[]> pieces, int cap) throws JsonSyntaxException {
        JsonTokenizer tokens = new JsonTokenizer(512);
        List<String> seen = new ArrayList<>();
        tokens.capture(cap);
        for (byte[] piece : pieces) {
            drain(tokens, ByteBuffer.wrap(piece), cap, seen);
        }
        tokens.endOfInput();
        drain(tokens, null, cap, seen);
        return seen;
    }

    private static void drain(JsonTokenizer tokens, ByteBuffer view, int cap, List<String> seen) throws JsonSyntaxException {
        if (view != null) {
            tokens.input(view);
        }
        Token stop = view == null ? Token.END : Token.NEED_INPUT;
        for (Token t; (t = tokens.next()) != stop; ) {
            String text = "";
            if (cap > 0 && (t == Token.NAME || t == Token.STRING || t == Token.INTEGER || t == Token.DECIMAL)) {
                text = " '" + tokens.text() + "'" + (t == Token.INTEGER && tokens.number().overflow() ? " overflow" : "");
            }
            seen.add(t + " " + tokens.tokenStart() + "-" + tokens.tokenEnd() + " d" + tokens.depth() + text);
            tokens.capture(cap);
        }
        if (view != null) {
            tokens.detach();
        }
    }
}
