package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.adapters.internal.FunctionTools.Choice;
import io.llmgateway.adapters.internal.JsonModeTool.ToolChoice;
import io.llmgateway.codec.spi.RequestRejectedException;
import org.junit.jupiter.api.Test;

class JsonModeToolTest {

    @Test
    void textOrNoFormatIsNoJsonMode() throws Exception {
        assertThat(JsonModeTool.of(object("{}"), "p")).isNull();
        assertThat(JsonModeTool.of(object("{\"response_format\":null}"), "p")).isNull();
        assertThat(JsonModeTool.of(object("{\"response_format\":{\"type\":\"text\"}}"), "p")).isNull();
    }

    @Test
    void jsonSchemaGivesItsSchemaAndDescription() throws Exception {
        JsonModeTool t = JsonModeTool.of(object("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
                + "\"name\":\"r\",\"description\":\"A result.\",\"schema\":{\"type\":\"object\",\"properties\":{"
                + "\"a\":{\"type\":\"string\"}}}}}}"), "p");

        assertThat(t.description()).isEqualTo("A result.");
        assertThat(JsonTree.toJson(t.schema())).isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
    }

    @Test
    void jsonObjectOrASchemalessJsonSchemaIsAnyObject() throws Exception {
        String any = "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":true}";
        JsonModeTool object = JsonModeTool.of(object("{\"response_format\":{\"type\":\"json_object\"}}"), "p");
        assertThat(JsonTree.toJson(object.schema())).isEqualTo(any);
        assertThat(object.description()).isEqualTo("Respond with a JSON object.");
        JsonModeTool noSchema = JsonModeTool.of(object("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"r\",\"schema\":true}}}"), "p");
        assertThat(JsonTree.toJson(noSchema.schema())).isEqualTo(any);
    }

    @Test
    void anUnknownFormatIsA400NamingTheTypeAndTheProvider() {
        assertThatThrownBy(() -> JsonModeTool.of(object("{\"response_format\":{\"type\":\"xml\"}}"), "anthropic"))
                .isInstanceOfSatisfying(RequestRejectedException.class,
                        e -> assertThat(e.param()).isEqualTo("response_format.type"))
                .hasMessage("response_format.type: xml (expected: text, json_object or json_schema on anthropic)");
        assertThatThrownBy(() -> JsonModeTool.of(object("{\"response_format\":\"json\"}"), "p"))
                .hasMessage("response_format: expected an object");
    }

    @Test
    void theToolChoiceForcesTheJsonToolUnlessTheClientHasToolsOrThinkingIsOn() throws Exception {
        assertThat(JsonModeTool.choice(null, false, false, "on p")).isEqualTo(ToolChoice.JSON_TOOL);
        assertThat(JsonModeTool.choice(Choice.AUTO, false, false, "on p")).isEqualTo(ToolChoice.JSON_TOOL);
        assertThat(JsonModeTool.choice(Choice.FUNCTION, false, false, "on p")).isEqualTo(ToolChoice.JSON_TOOL);
        assertThat(JsonModeTool.choice(null, true, false, "on p")).isEqualTo(ToolChoice.ANY);
        assertThat(JsonModeTool.choice(Choice.AUTO, true, false, "on p")).isEqualTo(ToolChoice.ANY);
        assertThat(JsonModeTool.choice(Choice.REQUIRED, true, false, "on p")).isEqualTo(ToolChoice.CLIENT);
        assertThat(JsonModeTool.choice(Choice.FUNCTION, true, false, "on p")).isEqualTo(ToolChoice.CLIENT);
        assertThat(JsonModeTool.choice(null, false, true, "on p")).isEqualTo(ToolChoice.AUTO);
        assertThat(JsonModeTool.choice(Choice.REQUIRED, true, true, "on p")).isEqualTo(ToolChoice.AUTO);
        assertThat(JsonModeTool.choice(Choice.FUNCTION, true, true, "on p")).isEqualTo(ToolChoice.CLIENT);
    }

    @Test
    void toolChoiceNoneIsA400NamingIt() {
        assertThatThrownBy(() -> JsonModeTool.choice(Choice.NONE, true, false, "on bedrock converse"))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).isEqualTo("tool_choice"))
                .hasMessageStartingWith("tool_choice: none cannot be combined with a JSON response_format on bedrock "
                        + "converse");
    }

    @Test
    void onlyTheJsonToolInJsonModeCarriesTheAnswer() {
        assertThat(JsonModeTool.carriesAnswer(true, "json_tool_call")).isTrue();
        assertThat(JsonModeTool.carriesAnswer(false, "json_tool_call")).isFalse();
        assertThat(JsonModeTool.carriesAnswer(true, "get_weather")).isFalse();
        assertThat(JsonModeTool.carriesAnswer(true, null)).isFalse();
    }
}
