package io.llmgateway.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableTest {

    private static String print(Table table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textIsAlignedLeftFiguresRightAndMissingValuesAreADash() {
        String printed = print(new Table("NAME", "RPM", "SPEND", "TEAM", "NOTE")
                .row("a-long-name", "12/500", "$1.50", null, "x")
                .row("b", null, "$120.00", null, null));
        assertThat(printed).isEqualTo("""
                NAME            RPM    SPEND  TEAM  NOTE
                a-long-name  12/500    $1.50  -     x
                b                 -  $120.00  -     -
                """);
    }

    @Test
    void aHeaderAloneHasNoTrailingSpacesAndARowMustFitTheHeaders() {
        assertThat(print(new Table("ID", "NAME"))).isEqualTo("ID  NAME\n");
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .hasMessage("a row of 1 cells (expected: 2, one per header)");
    }
}
