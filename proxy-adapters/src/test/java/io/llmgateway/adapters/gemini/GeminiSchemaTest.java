package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tool parameter schemas as pydantic 2.13 ({@code model_json_schema()}), zod 4 ({@code z.toJSONSchema})
 * and zod-to-json-schema 3 (what OpenAI's Node SDK helpers use) really emit them: the fixtures under
 * {@code fixtures/gemini/schemas} are their verbatim output.
 */
class GeminiSchemaTest {

    private final GeminiAdapter adapter = new GeminiAdapter();

    private JsonNode translate(String toolName, String schema, String responseSchema) throws RequestRejectedException {
        String body = "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + toolName + "\",\"parameters\":" + schema
                + "}}]" + (responseSchema == null ? "" : ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"r\",\"schema\":" + responseSchema + "}}") + "}";
        ByteBuf b = buf(body);
        try {
            UpstreamCall call = adapter.prepare(request(Endpoint.CHAT_COMPLETIONS,
                    settings("gemini", "gemini", "generativelanguage.googleapis.com", ""), "gemini-2.5-flash", "k", b));
            return tree(drain(call.body()));
        } finally {
            b.release();
        }
    }

    private JsonNode parameters(String toolName, String schema) throws RequestRejectedException {
        return translate(toolName, schema, null).at("/tools/0/functionDeclarations/0/parameters");
    }

    private static final String LOCATION = "{\"type\":\"object\",\"title\":\"Location\",\"required\":[\"city\"],"
            + "\"properties\":{\"city\":{\"description\":\"City name\",\"title\":\"City\",\"type\":\"string\"},"
            + "\"country\":{\"type\":\"string\",\"nullable\":true,\"default\":null,\"title\":\"Country\"}}}";

    @Test
    void pydanticModelWithDefsOptionalsEnumsAndConstraints() throws Exception {
        JsonNode p = parameters("get_weather", resource("gemini/schemas/pydantic_weather.json"));
        assertJsonEquals(p.toString(), "{\"type\":\"object\",\"title\":\"WeatherQuery\",\"required\":[\"location\"],"
                + "\"properties\":{"
                + "\"location\":" + LOCATION.replace("\"title\":\"Location\",", "\"title\":\"Location\",\"description\":\"Where\",") + ","
                + "\"unit\":{\"enum\":[\"celsius\",\"fahrenheit\"],\"title\":\"Unit\",\"type\":\"string\",\"default\":\"celsius\"},"
                + "\"days\":{\"default\":1,\"minimum\":0,\"maximum\":14,\"title\":\"Days\",\"type\":\"integer\"},"
                + "\"alternates\":{\"default\":[],\"items\":" + LOCATION + ",\"title\":\"Alternates\",\"type\":\"array\"},"
                + "\"source\":{\"type\":\"string\",\"minLength\":1,\"nullable\":true,\"default\":null,\"title\":\"Source\"},"
                + "\"mode\":{\"default\":\"fast\",\"enum\":[\"fast\",\"accurate\"],\"title\":\"Mode\",\"type\":\"string\"}}}");
        assertOnlyGeminiKeywords(p);
    }

    @Test
    void zod4SchemaWithReusedRefsLiteralsAndStrictObjects() throws Exception {
        JsonNode p = parameters("plan", resource("gemini/schemas/zod4_query.json"));
        String location = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"},"
                + "\"country\":{\"type\":\"string\",\"nullable\":true}},\"required\":[\"city\"]}";
        assertJsonEquals(p.at("/properties/location").toString(), location);
        assertJsonEquals(p.at("/properties/alternates").toString(), "{\"type\":\"array\",\"items\":" + location + "}");
        assertJsonEquals(p.at("/properties/kind").toString(), "{\"type\":\"string\",\"enum\":[\"weather\"]}");
        assertJsonEquals(p.at("/properties/days").toString(), "{\"type\":\"integer\",\"minimum\":0,\"maximum\":14}");
        assertThat(p.at("/properties/email/format").isMissingNode()).isTrue();
        assertThat(p.at("/properties/email/pattern").asText()).startsWith("^(?:[A-Za-z0-9_'+\\-]+");
        assertThat(p.at("/required").toString()).isEqualTo("[\"location\",\"alternates\",\"unit\",\"kind\",\"days\"]");
        assertOnlyGeminiKeywords(p);
    }

    @Test
    void zodToJsonSchemaRootRefIntoDefinitionsAndPointerRefs() throws Exception {
        JsonNode p = parameters("trip", resource("gemini/schemas/zod3_trip.json"));
        String place = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"country\":{\"type\":\"string\",\"nullable\":true}},\"required\":[\"city\",\"country\"]}";
        assertJsonEquals(p.at("/properties/from").toString(), place);
        assertJsonEquals(p.at("/properties/to").toString(), place);
        assertJsonEquals(p.at("/properties/when").toString(), "{\"type\":\"string\",\"format\":\"date-time\"}");
        assertThat(p.at("/type").asText()).isEqualTo("object");
        assertOnlyGeminiKeywords(p);
    }

    @Test
    void recursivePydanticModelIsA400NamingTheTool() {
        assertThatThrownBy(() -> parameters("build_tree", resource("gemini/schemas/pydantic_tree.json")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("tool 'build_tree'")
                .hasMessageContaining("$ref '#/$defs/Node'")
                .hasMessageContaining("recursive")
                .satisfies(e -> assertThat(((RequestRejectedException) e).param())
                        .isEqualTo("tools[0].function.parameters"));
    }

    @Test
    void recursiveZodSchemaThroughTheRootIsA400NamingTheTool() {
        assertThatThrownBy(() -> parameters("categorise", resource("gemini/schemas/zod4_category.json")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("tool 'categorise'")
                .hasMessageContaining("$ref '#'");
    }

    @Test
    void externalAndDanglingRefsAre400s() {
        assertThatThrownBy(() -> parameters("f", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://x/s.json\"}}}"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("tools[0].function.parameters: tool 'f': $ref 'https://x/s.json' is not a local reference "
                        + "(expected: #/$defs/...)");
        assertThatThrownBy(() -> parameters("f", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/Nope\"}}}"))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("tools[0].function.parameters: tool 'f': $ref '#/$defs/Nope' points to nothing in the schema");
    }

    @Test
    void exponentialReferencesAreBounded() {
        StringBuilder defs = new StringBuilder("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/D0\"}},\"$defs\":{");
        for (int i = 0; i < 20; i++) {
            defs.append("\"D").append(i).append("\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/D")
                    .append(i + 1).append("\"},\"b\":{\"$ref\":\"#/$defs/D").append(i + 1).append("\"}}},");
        }
        defs.append("\"D20\":{\"type\":\"string\"}}}");
        assertThatThrownBy(() -> parameters("f", defs.toString()))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("more than " + SchemaRefs.MAX_NODES + " schema objects");
    }

    @Test
    void allOfWrappersAreMergedAndTypeListsBecomeNullableOrAnyOf() throws Exception {
        JsonNode p = parameters("f", "{\"type\":\"object\",\"definitions\":{\"P\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}},\"properties\":{"
                + "\"w\":{\"allOf\":[{\"$ref\":\"#/definitions/P\"}],\"description\":\"wrapped\"},"
                + "\"n\":{\"type\":[\"integer\",\"null\"]},\"u\":{\"type\":[\"string\",\"number\"]},"
                + "\"o\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"not\":{\"type\":\"null\"},"
                + "\"$comment\":\"c\",\"examples\":[\"e1\",\"e2\"]}}}");
        assertJsonEquals(p.at("/properties/w").toString(), "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
                + "\"required\":[\"a\"],\"description\":\"wrapped\"}");
        assertJsonEquals(p.at("/properties/n").toString(), "{\"type\":\"integer\",\"nullable\":true}");
        assertJsonEquals(p.at("/properties/u").toString(), "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}");
        assertJsonEquals(p.at("/properties/o").toString(), "{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}],"
                + "\"example\":\"e1\"}");
    }

    @Test
    void aPropertyNamedLikeAKeywordOrRefKeepsItsName() throws Exception {
        JsonNode p = parameters("f", "{\"type\":\"object\",\"properties\":{\"$ref\":{\"type\":\"string\"},"
                + "\"definitions\":{\"type\":\"string\"},\"format\":{\"type\":\"string\",\"enum\":[\"$ref\"]}}}");
        assertThat(p.at("/properties").size()).isEqualTo(3);
        assertThat(p.at("/properties/format/enum/0").asText()).isEqualTo("$ref");
    }

    @Test
    void responseFormatSchemaHasItsRefsInlinedButKeepsJsonSchemaKeywords() throws Exception {
        JsonNode t = translate("f", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
                resource("gemini/schemas/zod4_query.json"));
        JsonNode s = t.at("/generationConfig/responseJsonSchema");
        assertThat(s.toString()).doesNotContain("$ref").doesNotContain("$defs");
        assertThat(s.at("/properties/location/properties/city/type").asText()).isEqualTo("string");
        assertThat(s.at("/additionalProperties").asBoolean(true)).isFalse(); // JSON Schema is what this field takes

        JsonNode recursive = translate("f", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
                resource("gemini/schemas/pydantic_tree.json")).at("/generationConfig/responseJsonSchema");
        assertJsonEquals(recursive.toString(), resource("gemini/schemas/pydantic_tree.json"));
    }

    /** Every key at a schema position is one Gemini's Schema has; property names are free. */
    private static void assertOnlyGeminiKeywords(JsonNode schema) {
        if (schema.isArray()) {
            schema.forEach(GeminiSchemaTest::assertOnlyGeminiKeywords);
            return;
        }
        if (!schema.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(GeminiSchema.KEPT).as("keyword of %s", schema).contains(e.getKey());
            if (e.getKey().equals("properties")) {
                e.getValue().forEach(GeminiSchemaTest::assertOnlyGeminiKeywords);
            } else if (e.getKey().equals("items") || e.getKey().equals("anyOf")) {
                assertOnlyGeminiKeywords(e.getValue());
            }
        }
    }

}
