package io.llmgateway.codec.json;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmgateway.codec.testing.TestBuffers;
import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestFieldScannerTest {

    /** providers.md 1.2's canonical request, with multi-byte text, escapes and decoy keys before the model. */
    static final String REPRESENTATIVE = """
            {
              "messages": [
                {"role": "system", "content": "Tu es un robot météo 🌦️ \\"précis\\" \\u00e9\\ud83d\\ude00", "model": "decoy", "stream": "decoy"},
                {"role": "user", "content": [
                  {"type": "text", "text": "What is the weather in Paris? Here is a photo."},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"}}]},
                {"role": "assistant", "content": null, "tool_calls": [{"id": "call_abc123", "type": "function",
                  "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
                {"role": "tool", "tool_call_id": "call_abc123", "content": "{\\"temp_c\\":18,\\"sky\\":\\"cloudy\\"}"}
              ],
              "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Get current weather",
                "parameters": {"type": "object", "properties": {"model": {"type": "string"}, "stream": {"type": "boolean"}},
                "required": ["city"]}}}],
              "metadata": {"stream_options": {"include_usage": false}, "max_tokens": "x"},
              "model" :\t"gpt\\u002d4o-ünï",
              "tool_choice": "auto", "temperature": 0.2, "top_p": 0.9, "stop": ["END"],
              "max_completion_tokens": 512,
              "max_tokens": null,
              "stream": true,
              "stream_options": {"include_obfuscation": false, "include_usage": true, "nested": {"include_usage": false}},
              "user": "user-1234 \\u2603"
            }
            """;

    @Test
    void readsCanonicalRequest() throws Exception {
        RequestFields fields = scan(REPRESENTATIVE);

        assertThat(fields.model()).isEqualTo("gpt-4o-ünï");
        assertThat(fields.stream()).isTrue();
        assertThat(fields.includeUsage()).isTrue();
        assertThat(fields.maxTokens()).isEqualTo(-1);
        assertThat(fields.maxCompletionTokens()).isEqualTo(512);
        assertThat(fields.outputTokenLimit()).isEqualTo(512);
        assertThat(fields.user()).isEqualTo("user-1234 ☃");
        assertThat(rawModel(REPRESENTATIVE, fields)).isEqualTo("\"gpt\\u002d4o-ünï\"");
    }

    @Test
    void minimalBodies() throws Exception {
        assertThat(scan("{}")).isEqualTo(new RequestFields(null, -1, -1, false, false, -1, -1, null));
        assertThat(scan("{\"model\":\"gpt-4o\"}"))
                .isEqualTo(new RequestFields("gpt-4o", 9, 17, false, false, -1, -1, null));
        assertThat(scan(" \r\n\t{ \"model\" : \"\" } \n"))
                .isEqualTo(new RequestFields("", 16, 18, false, false, -1, -1, null));
    }

    static Stream<List<String>> fieldOrders() {
        List<String> members = List.of("\"model\":\"m-1\"", "\"stream\":true", "\"stream_options\":{\"include_usage\":true}",
                "\"max_tokens\":7", "\"max_completion_tokens\":9", "\"user\":\"u\"", "\"messages\":[{\"model\":\"no\"}]");
        List<List<String>> orders = new ArrayList<>();
        for (int rotate = 0; rotate < members.size(); rotate++) {
            List<String> order = new ArrayList<>(members);
            java.util.Collections.rotate(order, rotate);
            orders.add(order);
            List<String> reversed = new ArrayList<>(order);
            java.util.Collections.reverse(reversed);
            orders.add(reversed);
        }
        return orders.stream();
    }

    @ParameterizedTest
    @MethodSource("fieldOrders")
    void fieldsInAnyOrder(List<String> members) throws Exception {
        String body = "{" + String.join(",", members) + "}";
        RequestFields fields = scan(body);

        assertThat(fields).isEqualTo(new RequestFields("m-1", body.indexOf("\"m-1\""), body.indexOf("\"m-1\"") + 5,
                true, true, 7, 9, "u"));
    }

    @Test
    void theResponsesApisOutputLimitIsTheOutputLimit() throws Exception {
        RequestFields fields = scan("{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_output_tokens\":300,\"stream\":true}");

        assertThat(fields.outputTokenLimit()).isEqualTo(300);
        assertThat(fields.stream()).isTrue();
        assertThat(fields.model()).isEqualTo("gpt-4o");
    }

    @Test
    void ignoresRoutingKeysBelowTopLevel() throws Exception {
        String body = """
                {"messages":[{"model":"a","stream":true,"max_tokens":"x","user":1},["model","stream"]],
                 "metadata":{"model":{"stream":1},"stream_options":{"include_usage":true}},
                 "include_usage":true,
                 "response_format":{"json_schema":{"schema":{"properties":{"model":{"stream":[1,{"model":2}]}}}}},
                 "model":"real"}""";
        RequestFields fields = scan(body);

        assertThat(fields.model()).isEqualTo("real");
        assertThat(fields.stream()).isFalse();
        assertThat(fields.includeUsage()).isFalse();
        assertThat(fields.hasStreamOptions()).isFalse();
        assertThat(fields.maxTokens()).isEqualTo(-1);
        assertThat(fields.user()).isNull();
    }

    @Test
    void nullsMeanAbsent() throws Exception {
        RequestFields fields = scan("{\"model\":\"m\",\"stream\":null,\"stream_options\":null,\"max_tokens\":null,"
                + "\"max_completion_tokens\":null,\"user\":null}");

        assertThat(fields).as("a null stream_options is still a key the body has")
                .isEqualTo(new RequestFields("m", 9, 12, false, false, true, -1, -1, null, List.of()));
    }

    @Test
    void streamOptionsIsKnownPresentWhateverItHolds() throws Exception {
        assertThat(scan("{\"model\":\"m\",\"stream\":true}").hasStreamOptions()).isFalse();
        assertThat(scan("{\"model\":\"m\",\"stream\":true,\"stream_options\":{}}").hasStreamOptions()).isTrue();
        assertThat(scan("{\"stream_options\":{\"include_usage\":false},\"model\":\"m\"}").hasStreamOptions()).isTrue();
        assertThat(scan("{\"model\":\"m\",\"stream_options\":{\"include_usage\":true}}").includeUsage()).isTrue();
    }

    @Test
    void lastDuplicateWinsExceptForModel() throws Exception {
        RequestFields fields = scan("{\"stream\":true,\"stream\":false,\"max_tokens\":1,\"max_tokens\":2,\"user\":\"a\",\"user\":\"b\","
                + "\"stream_options\":{\"include_usage\":false,\"include_usage\":true}}");

        assertThat(fields.stream()).isFalse();
        assertThat(fields.maxTokens()).isEqualTo(2);
        assertThat(fields.user()).isEqualTo("b");
        assertThat(fields.includeUsage()).isTrue();
    }

    @Test
    void escapedKeyNamesAreTheKeysTheUpstreamSees() throws Exception {
        String body = "{\"mod\\u0065l\":\"x\",\"str\\u0065am\":true}";
        RequestFields fields = scan(body);

        assertThat(fields.model()).isEqualTo("x");
        assertThat(fields.stream()).isTrue();
        assertThatThrownBy(() -> scan("{\"model\":\"a\",\"mod\\u0065l\":\"b\"}"))
                .isInstanceOf(InvalidRequestBodyException.class)
                .hasMessageContaining("Duplicate key 'model'");
    }

    @Test
    void offsetsCountBytesNotChars() throws Exception {
        // 2-, 3- and 4-byte UTF-8 sequences and escapes before the value, escapes and multi-byte inside it.
        String body = "{\"x\":\"é€😀\\\"\\\\\\n\",\"y\":[\"\\ud83d\\ude00\"],\"model\":\"\\\"q\\\"\\u00e9é😀\"}";
        RequestFields fields = scan(body);

        assertThat(fields.model()).isEqualTo("\"q\"ééé😀".replaceFirst("éé", "é"));
        assertThat(rawModel(body, fields)).isEqualTo("\"\\\"q\\\"\\u00e9é😀\"");
    }

    @Test
    void largeBodyIsSkipped() throws Exception {
        StringBuilder sb = new StringBuilder(5_300_000).append("{\"messages\":[");
        String message = "{\"role\":\"user\",\"content\":\"" + "lorem ipsum dolor sit amet, é ".repeat(30) + "\"},";
        while (sb.length() < 5_000_000) {
            sb.append(message);
        }
        sb.append("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,")
                .append("A".repeat(200_000)).append("\"}}]}],\"model\":\"big\",\"stream\":true}");
        String body = sb.toString();
        byte[] bytes = utf8(body);
        assertThat(bytes.length).isGreaterThan(5_000_000);

        for (Layout layout : Layout.values()) {
            RequestFields fields = scan(layout, bytes);
            assertThat(fields.model()).isEqualTo("big");
            assertThat(fields.stream()).isTrue();
            assertThat(new String(bytes, fields.modelStart(), fields.modelEnd() - fields.modelStart(), StandardCharsets.UTF_8))
                    .isEqualTo("\"big\"");
        }
        // Fed as a socket would deliver it.
        assertThat(scanChunked(bytes, 8192)).isEqualTo(scan(Layout.HEAP, bytes));
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void everyLayoutGivesTheSameFields(Layout layout) throws Exception {
        byte[] bytes = utf8(REPRESENTATIVE);
        assertThat(scan(layout, bytes)).isEqualTo(scan(REPRESENTATIVE));
    }

    @Test
    void splitIntoTwoBuffersAtEveryByte() throws Exception {
        byte[] bytes = utf8(REPRESENTATIVE);
        RequestFields expected = scan(REPRESENTATIVE);
        Layout[] layouts = Layout.values();

        for (int cut = 0; cut <= bytes.length; cut++) {
            Layout first = layouts[cut % layouts.length];
            Layout second = layouts[(cut / layouts.length) % layouts.length];
            try (RequestFieldScanner scanner = new RequestFieldScanner()) {
                feed(scanner, first, TestBuffers.slice(bytes, 0, cut));
                feed(scanner, second, TestBuffers.slice(bytes, cut, bytes.length));
                assertThat(scanner.finish()).as("cut at %d", cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void splitIntoOneByteBuffers() throws Exception {
        byte[] bytes = utf8(REPRESENTATIVE);
        assertThat(scanChunked(bytes, 1)).isEqualTo(scan(REPRESENTATIVE));
    }

    @Test
    void compositeOfOneByteComponents() throws Exception {
        byte[] bytes = utf8(REPRESENTATIVE);
        ByteBuf body = TestBuffers.composite(PooledByteBufAllocator.DEFAULT, TestBuffers.chunks(bytes, 1));
        try {
            assertThat(RequestFieldScanner.scan(body)).isEqualTo(scan(REPRESENTATIVE));
        } finally {
            body.release();
        }
    }

    @Test
    void leavesTheCallersBufferAlone() throws Exception {
        ByteBuf body = Layout.OFFSET.of(REPRESENTATIVE);
        try {
            int reader = body.readerIndex();
            int writer = body.writerIndex();
            RequestFieldScanner.scan(body);
            assertThat(body.readerIndex()).isEqualTo(reader);
            assertThat(body.writerIndex()).isEqualTo(writer);
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            body.release();
        }
    }

    @Test
    void emptyBuffersAreHarmless() throws Exception {
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            feed(scanner, Layout.DIRECT, new byte[0]);
            feed(scanner, Layout.HEAP, utf8("{\"model\":"));
            feed(scanner, Layout.COMPOSITE, new byte[0]);
            feed(scanner, Layout.HEAP, utf8("\"m\"}"));
            assertThat(scanner.finish().model()).isEqualTo("m");
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // body, expected message fragment, expected param
                Arguments.of("", "the body is empty", null),
                Arguments.of(" \r\n\t ", "the body is empty", null),
                Arguments.of("{\"model\":\"a\",}", "at byte offset 13", null),
                Arguments.of("{\"model\":\"a\", \n}", "at byte offset 15", null),
                Arguments.of("{\"a\":{\"b\":[1],}}", "could not parse", null),
                Arguments.of("{\"model\":\"a\"", "unexpected end of input at byte offset 12", null),
                Arguments.of("{\"messages\":[{\"a\":1}]", "unexpected end of input at byte offset 21", null),
                Arguments.of("{\"model\":\"a", "could not parse", null),
                Arguments.of("{\"model\":\"a\"}x", "unexpected data after the JSON object at byte offset 13", null),
                Arguments.of("{\"model\":\"a\"} {}", "unexpected data after the JSON object at byte offset 14", null),
                Arguments.of("{} []", "unexpected data after the JSON object at byte offset 3", null),
                Arguments.of("{}\n\"x\"", "unexpected data after the JSON object at byte offset 3", null),
                Arguments.of("{}}", "unexpected data after the JSON object", null),
                Arguments.of("[]", "must be a JSON object, but got an array", null),
                Arguments.of("\"model\"", "must be a JSON object, but got a string", null),
                Arguments.of("42", "must be a JSON object, but got an integer", null),
                Arguments.of("null", "must be a JSON object, but got null", null),
                Arguments.of("{\"a\":tru}", "could not parse", null),
                Arguments.of("{\"a\":\"\\x\"}", "could not parse", null),
                Arguments.of("{\"a\":\"\u0001\"}", "could not parse", null),
                Arguments.of("{'a':1}", "at byte offset 1", null),
                Arguments.of("{\"a\":01}", "could not parse", null),
                Arguments.of("{\"a\" 1}", "could not parse", null),
                Arguments.of("{\"a\":[1,]}", "could not parse", null),
                Arguments.of("{\"model\":1}", "Invalid type for 'model': expected a string, but got an integer", "model"),
                Arguments.of("{\"model\":null}", "Invalid type for 'model': expected a string, but got null", "model"),
                Arguments.of("{\"model\":[\"a\"]}", "but got an array", "model"),
                Arguments.of("{\"model\":{}}", "but got an object", "model"),
                Arguments.of("{\"model\":true}", "but got a boolean", "model"),
                Arguments.of("{\"model\":\"a\",\"model\":\"a\"}", "Duplicate key 'model'", "model"),
                Arguments.of("{\"stream\":\"true\"}", "Invalid type for 'stream': expected a boolean, but got a string", "stream"),
                Arguments.of("{\"stream\":1}", "expected a boolean", "stream"),
                Arguments.of("{\"stream\":{}}", "expected a boolean", "stream"),
                Arguments.of("{\"stream_options\":true}", "expected an object", "stream_options"),
                Arguments.of("{\"stream_options\":[]}", "expected an object", "stream_options"),
                Arguments.of("{\"stream_options\":{\"include_usage\":1}}", "expected a boolean", "stream_options.include_usage"),
                Arguments.of("{\"stream_options\":{\"include_usage\":[]}}", "expected a boolean", "stream_options.include_usage"),
                Arguments.of("{\"max_tokens\":1.5}", "Invalid type for 'max_tokens': expected an integer, but got a decimal", "max_tokens"),
                Arguments.of("{\"max_tokens\":\"5\"}", "expected an integer", "max_tokens"),
                Arguments.of("{\"max_tokens\":[]}", "expected an integer", "max_tokens"),
                Arguments.of("{\"max_tokens\":-3}", "Expected a value >= 0, but got -3 instead", "max_tokens"),
                Arguments.of("{\"max_completion_tokens\":1e3}", "expected an integer", "max_completion_tokens"),
                Arguments.of("{\"max_completion_tokens\":99999999999999999999}", "integer above maximum value",
                        "max_completion_tokens"),
                Arguments.of("{\"max_output_tokens\":\"5\"}", "expected an integer", "max_output_tokens"),
                Arguments.of("{\"user\":5}", "Invalid type for 'user'", "user"),
                Arguments.of("{\"messages\":" + "[".repeat(600) + "]".repeat(600) + "}", "nested deeper than 512", null));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedBodies(String body, String message, String param) {
        for (Layout layout : Layout.values()) {
            InvalidRequestBodyException e = catchThrowableOfType(InvalidRequestBodyException.class,
                    () -> scan(layout, utf8(body)));
            assertThat(e).as("%s as %s", body, layout).isNotNull();
            assertThat(e.getMessage()).contains(message);
            assertThat(e.param()).isEqualTo(param);
        }
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedBodiesFedByteByByte(String body, String message, String param) {
        InvalidRequestBodyException e = catchThrowableOfType(InvalidRequestBodyException.class,
                () -> scanChunked(utf8(body), 1));
        assertThat(e).as(body).isNotNull();
        assertThat(e.getMessage()).contains(message);
        assertThat(e.param()).isEqualTo(param);
    }

    @Test
    void trailingCommaIsRejectedWhereverTheBodyIsCut() {
        // jackson alone accepts it when a buffer ends between the comma and the brace.
        byte[] body = utf8("{\"model\":\"a\",\"s\":{\"b\":1 , \r\n} }");
        for (int cut = 1; cut < body.length; cut++) {
            int at = cut;
            assertThatThrownBy(() -> scanPieces(TestBuffers.split(body, at)))
                    .as("cut at %d", cut)
                    .isInstanceOf(InvalidRequestBodyException.class)
                    .hasMessageContaining("at byte offset 28");
        }
        assertThatThrownBy(() -> scanPieces(TestBuffers.split(body, 25, 26, 27, 28)))
                .hasMessageContaining("at byte offset 28");
    }

    /** Every one-byte deletion or insertion into a valid body: the verdict must not depend on the cut. */
    @Test
    void verdictDoesNotDependOnWhereTheBodyIsCut() {
        String valid = "{\"model\":\"m\",\"a\":[1,true,null,\"s\",{\"b\":-2.5e3}],\"c\":{},\"stream\":false}";
        List<String> variants = new ArrayList<>();
        for (int i = 0; i <= valid.length(); i++) {
            if (i < valid.length()) {
                variants.add(valid.substring(0, i) + valid.substring(i + 1));
            }
            for (char c : ",:{}[]\" 1".toCharArray()) {
                variants.add(valid.substring(0, i) + c + valid.substring(i));
            }
        }
        for (String variant : variants) {
            byte[] bytes = utf8(variant);
            String whole = verdict(List.of(bytes));
            for (int cut = 1; cut < bytes.length; cut++) {
                assertThat(verdict(TestBuffers.split(bytes, cut))).as("%s cut at %d", variant, cut).isEqualTo(whole);
            }
        }
    }

    private static String verdict(List<byte[]> pieces) {
        try {
            return scanPieces(pieces).toString();
        } catch (InvalidRequestBodyException e) {
            // jackson words the same fault differently depending on where it stopped.
            java.util.regex.Matcher offset = java.util.regex.Pattern.compile("byte offset (\\d+)").matcher(e.getMessage());
            return "rejected " + e.param() + (offset.find() ? " at " + offset.group(1) : "");
        }
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> scan(Layout.DIRECT, body))
                .isInstanceOf(InvalidRequestBodyException.class)
                .hasMessageContaining("byte offset");
    }

    @Test
    void syntaxErrorNamesTheOffendingByte() {
        String prefix = "{\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}],\"model\":";
        String body = prefix + "gpt}";
        int offset = utf8(prefix).length;
        for (int chunk : new int[] {1, 3, 1000}) {
            assertThatThrownBy(() -> scanChunked(utf8(body), chunk))
                    .hasMessageStartingWith("We could not parse the JSON body of your request: ")
                    .hasMessageContaining("at byte offset " + offset + ")");
        }
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int inner = RequestFieldScanner.MAX_NESTING_DEPTH - 1; // the top-level object is level 1
        String body = "{\"a\":" + "[".repeat(inner) + "]".repeat(inner) + ",\"model\":\"m\"}";
        assertThat(scan(body).model()).isEqualTo("m");

        String deeper = "{\"a\":" + "[".repeat(inner + 1) + "]".repeat(inner + 1) + "}";
        assertThatThrownBy(() -> scan(deeper)).hasMessageContaining("nested deeper than 512");
    }

    @Test
    void errorIsRaisedAsSoonAsTheBytesProveIt() throws Exception {
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            InvalidRequestBodyException first = catchThrowableOfType(InvalidRequestBodyException.class,
                    () -> feed(scanner, Layout.DIRECT, utf8("{\"stream\":\"yes\",")));
            assertThat(first.param()).isEqualTo("stream");
            // Sticky: the body stays rejected, whatever follows.
            assertThatThrownBy(() -> feed(scanner, Layout.DIRECT, utf8("\"model\":\"m\"}"))).isSameAs(first);
            assertThatThrownBy(scanner::finish).isSameAs(first);
            scanner.close();
            scanner.close();
        }
    }

    @Test
    void lifecycle() throws Exception {
        RequestFieldScanner scanner = new RequestFieldScanner();
        feed(scanner, Layout.HEAP, utf8("{\"model\":\"m\"}"));
        RequestFields fields = scanner.finish();
        assertThat(scanner.finish()).isSameAs(fields);
        assertThatThrownBy(() -> feed(scanner, Layout.HEAP, utf8(" "))).isInstanceOf(IllegalStateException.class);
        scanner.close();
        scanner.close();
        assertThat(scanner.finish()).isSameAs(fields);

        RequestFieldScanner closed = new RequestFieldScanner();
        closed.close();
        assertThatThrownBy(closed::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> feed(closed, Layout.HEAP, utf8("{}"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void routingStringsAreDecodedUpToALimitAndRefusedBeyond() throws Exception {
        String longest = "m".repeat(RequestFieldScanner.MAX_ID_CHARS);
        assertThat(scan("{\"model\":\"" + longest + "\",\"user\":\"" + longest + "\"}").model()).isEqualTo(longest);
        InvalidRequestBodyException model = catchThrowableOfType(InvalidRequestBodyException.class,
                () -> scan("{\"model\":\"" + "\\u00e9".repeat(257) + "\"}"));
        assertThat(model.getMessage()).isEqualTo("Invalid 'model': string too long. Expected a string with maximum length 256, "
                + "but got a string with length 257 instead.");
        assertThat(model.param()).isEqualTo("model");
        assertThatThrownBy(() -> scan("{\"user\":\"" + "\ud83d\ude00".repeat(129) + "\"}"))
                .hasMessageContaining("got a string with length 258 instead")
                .extracting("param").isEqualTo("user");
        // A long value of any other field, or a long key, is only skipped.
        assertThat(scan("{\"input\":\"" + "x".repeat(100_000) + "\",\"" + "k".repeat(1000) + "\":1,\"model\":\"m\"}").model())
                .isEqualTo("m");
    }

    @Test
    void tagsLongerThanOpenAiAllowsForAMetadataValueAreRefused() throws Exception {
        String longest = "t,".repeat(RequestFieldScanner.MAX_TAG_CHARS / 2);
        assertThat(scan("{\"metadata\":{\"tags\":\"" + longest + "\"}}").tags()).hasSize(RequestFieldScanner.MAX_TAGS);
        assertThatThrownBy(() -> scan("{\"metadata\":{\"tags\":\"" + longest + "x\"}}"))
                .hasMessageContaining("maximum length 512, but got a string with length 513")
                .extracting("param").isEqualTo("metadata.tags");
        assertThatThrownBy(() -> scan("{\"metadata\":{\"tags\":[\"eu\",\"" + "x".repeat(513) + "\"]}}"))
                .extracting("param").isEqualTo("metadata.tags");
        // Tags past the 32 kept are not even decoded: their length does not matter.
        String full = "\"t\",".repeat(RequestFieldScanner.MAX_TAGS);
        assertThat(scan("{\"metadata\":{\"tags\":[" + full + "\"" + "x".repeat(10_000) + "\"]}}").tags())
                .hasSize(RequestFieldScanner.MAX_TAGS);
    }

    @Test
    void byteOrderMarkCountsInTheModelRange() throws Exception {
        String body = "\ufeff{\"model\":\"m\"}";
        RequestFields fields = scan(body);
        // jackson's non-blocking parser did not count the mark, which shifted the splice by 3 bytes.
        assertThat(fields.modelStart()).isEqualTo(12);
        assertThat(rawModel(body, fields)).isEqualTo("\"m\"");
    }

    @Test
    void tokenLimitsBeyondALongAreNamedForTheirSign() {
        assertThatThrownBy(() -> scan("{\"max_tokens\":-99999999999999999999}"))
                .hasMessage("Invalid 'max_tokens': integer below minimum value. Expected a value >= 0, "
                        + "but got -99999999999999999999 instead.");
        assertThatThrownBy(() -> scan("{\"max_completion_tokens\":" + "1".repeat(100) + "}"))
                .hasMessage("Invalid 'max_completion_tokens': integer above maximum value. Expected a value <= "
                        + Long.MAX_VALUE + ", but got " + "1".repeat(64) + "... (100 characters) instead.");
    }

    @Test
    void invalidUtf8InAKeyIsRefusedEvenWhereJacksonReadItAsModel() {
        // jackson pads a key's last 4-byte group with 0xFF: after "model" it read "mode\xFFl" as "model".
        byte[] body = {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', 'a', '"', ',',
            '"', 'm', 'o', 'd', 'e', (byte) 0xFF, 'l', '"', ':', '"', 'b', '"', '}'};
        for (Layout layout : Layout.values()) {
            assertThatThrownBy(() -> scan(layout, body))
                    .hasMessage("We could not parse the JSON body of your request: invalid UTF-8 start byte 0xff "
                            + "(at byte offset 18).")
                    .extracting("param").isNull();
        }
    }

    // ---- helpers

    @Test
    void metadataTagsAsAnArrayOrACommaSeparatedString() throws Exception {
        assertThat(scan("{\"model\":\"m\",\"metadata\":{\"user\":\"u\",\"tags\":[\"eu\", \" fast \",\"\",7]}}").tags())
                .containsExactly("eu", "fast");
        assertThat(scan("{\"metadata\":{\"tags\":\"eu, cheap\"},\"model\":\"m\"}").tags())
                .containsExactly("eu", "cheap");
        assertThat(scan("{\"model\":\"m\",\"metadata\":{\"other\":[\"x\"],\"nested\":{\"tags\":[\"no\"]}}}").tags())
                .isEmpty();
        assertThat(scan("{\"model\":\"m\",\"messages\":[{\"metadata\":{\"tags\":[\"no\"]}}]}").tags()).isEmpty();
        assertThat(scan("{\"model\":\"m\",\"metadata\":null}").tags()).isEmpty();
        StringBuilder many = new StringBuilder("{\"metadata\":{\"tags\":[");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertThat(scan(many.append("]}}").toString()).tags()).hasSize(RequestFieldScanner.MAX_TAGS);
    }

    @Test
    void readsTheStoredObjectARequestBuildsOnAndStoreFalse() throws Exception {
        RequestFields r = scan("{\"model\":\"m\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\",\"store\":false}");
        assertThat(r.storedObjectId()).isEqualTo("resp_1");
        assertThat(r.storeFalse()).isTrue();
        RequestFields batch = scan("{\"input_file_id\":\"file-9\",\"endpoint\":\"/v1/chat/completions\"}");
        assertThat(batch.storedObjectId()).isEqualTo("file-9");
        assertThat(batch.storeFalse()).isFalse();
        RequestFields plain = scan("{\"model\":\"m\",\"store\":true,\"previous_response_id\":null,"
                + "\"meta\":{\"previous_response_id\":\"nested\"}}");
        assertThat(plain.storedObjectId()).isNull();
        assertThat(plain.storeFalse()).isFalse();
        assertThat(plain.model()).isEqualTo("m");
    }

    private static RequestFields scan(String body) throws InvalidRequestBodyException {
        return scan(Layout.HEAP, utf8(body));
    }

    private static RequestFields scan(Layout layout, byte[] bytes) throws InvalidRequestBodyException {
        ByteBuf body = layout.of(bytes);
        try {
            return RequestFieldScanner.scan(body);
        } finally {
            body.release();
        }
    }

    private static RequestFields scanChunked(byte[] bytes, int size) throws InvalidRequestBodyException {
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            int i = 0;
            for (byte[] piece : TestBuffers.chunks(bytes, size)) {
                feed(scanner, Layout.values()[i++ % Layout.values().length], piece);
            }
            return scanner.finish();
        }
    }

    private static RequestFields scanPieces(List<byte[]> pieces) throws InvalidRequestBodyException {
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            for (byte[] piece : pieces) {
                feed(scanner, Layout.DIRECT, piece);
            }
            return scanner.finish();
        }
    }

    private static void feed(RequestFieldScanner scanner, Layout layout, byte[] piece) throws InvalidRequestBodyException {
        ByteBuf buf = layout.of(piece);
        try {
            scanner.feed(buf);
        } finally {
            buf.release();
        }
    }

    private static String rawModel(String body, RequestFields fields) {
        byte[] bytes = utf8(body);
        return new String(bytes, fields.modelStart(), fields.modelEnd() - fields.modelStart(), StandardCharsets.UTF_8);
    }
}
