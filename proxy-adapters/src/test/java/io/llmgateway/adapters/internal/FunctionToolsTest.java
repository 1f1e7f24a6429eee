package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static io.llmgateway.adapters.internal.TreeInput.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.adapters.internal.FunctionTools.Call;
import io.llmgateway.adapters.internal.FunctionTools.Choice;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionToolsTest {

    private static List<Object> array(String json) {
        return JsonTree.asArray(value(json));
    }

    @Test
    void functionToolIsCheckedAndDeclared() throws Exception {
        List<Object> tools = array("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\",\"parameters\":{}}},"
                + "{\"function\":{\"name\":\"g\",\"description\":3}}]");
        assertThat(FunctionTools.declaration(FunctionTools.function(tools, 0))).containsExactly(
                Map.entry("name", "f"), Map.entry("description", "d"));
        assertThat(FunctionTools.declaration(FunctionTools.function(tools, 1))).containsExactly(Map.entry("name", "g"));
    }

    @Test
    void functionToolProblemsNameTheField() {
        assertThatThrownBy(() -> FunctionTools.function(array("[{\"type\":\"web_search\"}]"), 0))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("tools[0].type: web_search (expected: function)");
        assertThatThrownBy(() -> FunctionTools.function(array("[{\"type\":\"function\",\"function\":{}}]"), 0))
                .hasMessage("tools[0].function.name: missing");
        assertThatThrownBy(() -> FunctionTools.function(array("[{\"type\":\"function\"}]"), 0))
                .hasMessage("tools[0].function.name: missing");
        assertThatThrownBy(() -> FunctionTools.function(array("[1]"), 0)).hasMessage("tools[0]: expected an object");
    }

    @Test
    void toolChoiceInEveryForm() throws Exception {
        assertThat(FunctionTools.choice(null)).isNull();
        assertThat(FunctionTools.choice(JsonTree.NULL)).isNull();
        assertThat(FunctionTools.choice("auto")).isEqualTo(Choice.AUTO);
        assertThat(FunctionTools.choice("none")).isEqualTo(Choice.NONE);
        assertThat(FunctionTools.choice("required")).isEqualTo(Choice.REQUIRED);
        Object forced = value("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        assertThat(FunctionTools.choice(forced)).isEqualTo(Choice.FUNCTION);
        assertThat(FunctionTools.forcedFunction(forced)).isEqualTo("f");
        assertThat(FunctionTools.forcedFunction("auto")).isNull();
    }

    @Test
    void badToolChoiceIsRefused() {
        assertThatThrownBy(() -> FunctionTools.choice("any"))
                .hasMessage("tool_choice: any (expected: none, auto, required or a function)");
        for (String bad : List.of("{\"type\":\"function\"}", "{\"function\":{\"name\":\"f\"}}", "3",
                "{\"type\":\"function\",\"function\":{\"name\":5}}")) {
            assertThatThrownBy(() -> FunctionTools.choice(value(bad))).as(bad)
                    .hasMessage("tool_choice: expected none, auto, required or "
                            + "{\"type\":\"function\",\"function\":{\"name\":...}}");
        }
    }

    @Test
    void assistantToolCallsAreRead() throws Exception {
        Map<String, Object> m = object("{\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}},"
                + "{\"function\":{\"name\":\"g\",\"arguments\":\" \"}}]}");
        List<Object> calls = FunctionTools.calls(m, "messages[2]");
        Call first = Call.read(calls, 0, "messages[2]");
        assertThat(first.param()).isEqualTo("messages[2].tool_calls[0]");
        assertThat(first.id()).isEqualTo("c1");
        assertThat(first.name()).isEqualTo("f");
        assertThat(JsonTree.toJson(first.arguments())).isEqualTo("{\"a\":1}");
        Call second = Call.read(calls, 1, "messages[2]");
        assertThat(second.id()).isNull();
        assertThat(JsonTree.toJson(second.arguments())).isEqualTo("{}");
        assertThat(FunctionTools.calls(object("{\"content\":\"x\"}"), "messages[0]")).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        List<Object> calls = array("[{\"function\":{\"arguments\":\"{bad\"}},{\"function\":{\"arguments\":\"[1]\"}},"
                + "{\"function\":{\"arguments\":3}},{\"function\":1}]");
        assertThatThrownBy(() -> Call.read(calls, 0, "m").arguments())
                .hasMessage("m.tool_calls[0].function.arguments: not valid JSON");
        assertThatThrownBy(() -> Call.read(calls, 1, "m").arguments())
                .hasMessage("m.tool_calls[1].function.arguments: expected a JSON object");
        assertThatThrownBy(() -> Call.read(calls, 2, "m").arguments())
                .hasMessage("m.tool_calls[2].function.arguments: expected a string");
        assertThatThrownBy(() -> Call.read(calls, 3, "m")).hasMessage("m.tool_calls[3].function: expected an object");
        assertThatThrownBy(() -> FunctionTools.calls(object("{\"tool_calls\":{}}"), "m"))
                .hasMessage("m.tool_calls: expected an array");
    }
}
