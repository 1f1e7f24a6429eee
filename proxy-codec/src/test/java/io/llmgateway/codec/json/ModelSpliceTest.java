package io.llmgateway.codec.json;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ModelSpliceTest {

    static final List<String> BODIES = List.of(
            // model first, in the middle, last; whitespace around; escapes and multi-byte before and inside
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 é 😀\",\"model\":\"x\"}],\"model\":\"gpt-4o\",\"stream\":true}",
            " \r\n{ \"stream\" : true , \"model\"\t:\n\"gpt\\u002d4o\" }\n",
            "{\"messages\":[],\"model\":\"\"}",
            "{\"model\":\"\\\"quoted\\\" \\\\ ünï 模型\"}");

    static final List<String> NEW_MODELS = List.of(
            "m", "", "gpt-4o-2024-08-06", "a-much-longer-deployment-name/with/slashes:and-colons@v2",
            "quote\" backslash\\ newline\n tab\t ctrl\u0001 sep\u2028 é 模型 😀");

    static Stream<Arguments> cases() {
        return BODIES.stream().flatMap(body -> NEW_MODELS.stream().flatMap(model ->
                Stream.of(Layout.values()).map(layout -> Arguments.of(body, model, layout))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void replacesOnlyTheModelValue(String json, String newModel, Layout layout) throws Exception {
        byte[] original = utf8(json);
        ByteBuf body = layout.of(original);
        ByteBuf spliced = null;
        try {
            RequestFields fields = RequestFieldScanner.scan(body);
            spliced = ModelSplice.replaceModel(body, fields, newModel, PooledByteBufAllocator.DEFAULT);

            assertThat(spliced).isInstanceOf(CompositeByteBuf.class);
            assertThat(body.readerIndex()).isEqualTo(layout == Layout.OFFSET ? 7 : 0);
            assertThat(body.readableBytes()).isEqualTo(original.length);

            // The result parses, carries the new model, and every other byte is the client's.
            RequestFields after = RequestFieldScanner.scan(spliced);
            assertThat(after.model()).isEqualTo(newModel);
            assertThat(after.stream()).isEqualTo(fields.stream());
            byte[] out = ByteBufUtil.getBytes(spliced);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(original, 0, fields.modelStart());
            expected.write(out, after.modelStart(), after.modelEnd() - after.modelStart());
            expected.write(original, fields.modelEnd(), original.length - fields.modelEnd());
            assertThat(out).isEqualTo(expected.toByteArray());
            assertThat(after.modelStart()).isEqualTo(fields.modelStart());
            assertThat(out.length - after.modelEnd()).isEqualTo(original.length - fields.modelEnd());
        } finally {
            body.release();
            if (spliced != null) {
                spliced.release();
            }
        }
    }

    @Test
    void modelAtEveryMemberPosition() throws Exception {
        List<String> members = List.of("\"a\":1", "\"b\":[2,{\"model\":\"no\"}]", "\"c\":{\"d\":\"é\"}", "\"e\":null");
        for (int at = 0; at <= members.size(); at++) {
            List<String> withModel = new java.util.ArrayList<>(members);
            withModel.add(at, "\"model\":\"alias\"");
            String json = "{" + String.join(",", withModel) + "}";
            for (String newModel : NEW_MODELS) {
                ByteBuf body = Layout.DIRECT.of(json);
                ByteBuf spliced = ModelSplice.replaceModel(body, RequestFieldScanner.scan(body), newModel,
                        PooledByteBufAllocator.DEFAULT);
                body.release();
                try {
                    String quoted = new String(ByteBufUtil.getBytes(spliced), StandardCharsets.UTF_8);
                    assertThat(RequestFieldScanner.scan(spliced).model()).isEqualTo(newModel);
                    assertThat(quoted).startsWith(json.substring(0, json.indexOf("\"alias\"")))
                            .endsWith(json.substring(json.indexOf("\"alias\"") + 7));
                } finally {
                    spliced.release();
                }
            }
        }
    }

    @Test
    void escapesTheNewValueAsJson() throws Exception {
        ByteBuf body = Layout.HEAP.of("{\"model\":\"a\"}");
        ByteBuf spliced = ModelSplice.replaceModel(body, RequestFieldScanner.scan(body),
                "q\"b\\n\nc\u0001\u2028é", UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(spliced.toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"model\":\"q\\\"b\\\\n\\nc\\u0001\\u2028é\"}");
        } finally {
            body.release();
            spliced.release();
        }
    }

    @Test
    void resultOutlivesTheCallersReference() throws Exception {
        ByteBuf body = Layout.DIRECT.of("{\"model\":\"alias\",\"messages\":[]}");
        RequestFields fields = RequestFieldScanner.scan(body);
        ByteBuf spliced = ModelSplice.replaceModel(body, fields, "upstream", PooledByteBufAllocator.DEFAULT);

        assertThat(body.refCnt()).as("the slices hold their own references").isGreaterThan(1);
        body.release();
        try {
            assertThat(spliced.toString(StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"upstream\",\"messages\":[]}");
        } finally {
            assertThat(spliced.release()).isTrue();
        }
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void canSpliceTwiceForARetry() throws Exception {
        ByteBuf body = Layout.COMPOSITE.of("{\"messages\":[],\"model\":\"alias\"}");
        try {
            RequestFields fields = RequestFieldScanner.scan(body);
            ByteBuf first = ModelSplice.replaceModel(body, fields, "one", PooledByteBufAllocator.DEFAULT);
            ByteBuf second = ModelSplice.replaceModel(body, fields, "second-deployment", PooledByteBufAllocator.DEFAULT);
            first.release();
            try {
                assertThat(second.toString(StandardCharsets.UTF_8))
                        .isEqualTo("{\"messages\":[],\"model\":\"second-deployment\"}");
            } finally {
                second.release();
            }
        } finally {
            body.release();
        }
    }

    @Test
    void rejectsFieldsThatDoNotDescribeTheBody() throws Exception {
        ByteBuf body = Layout.HEAP.of("{\"model\":\"a\",\"x\":1}");
        try {
            RequestFields noModel = new RequestFields(null, -1, -1, false, false, -1, -1, null);
            assertThatThrownBy(() -> ModelSplice.replaceModel(body, noModel, "m", PooledByteBufAllocator.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no model");
            RequestFields shifted = new RequestFields("a", 10, 13, false, false, -1, -1, null);
            assertThatThrownBy(() -> ModelSplice.replaceModel(body, shifted, "m", PooledByteBufAllocator.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[10, 13)");
            RequestFields beyond = new RequestFields("a", 9, 40, false, false, -1, -1, null);
            assertThatThrownBy(() -> ModelSplice.replaceModel(body, beyond, "m", PooledByteBufAllocator.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            body.release();
        }
    }
}
