package io.llmgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's error table names every error the gateway answers, with its status: the table stays truthful. */
class ErrorTableTest {

    @Test
    void everyGatewayErrorIsInTheReadmeTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("| Situation | Status | `code` |");
        assertThat(start).as("README's error table").isPositive();
        List<String> rows = readme.substring(start).lines().takeWhile(l -> l.startsWith("|")).toList();
        for (GatewayError e : GatewayError.values()) {
            String code = e.code() == null ? "`null`" : "`" + e.code() + "`";
            String status = String.valueOf(e.status());
            assertThat(rows).as("a row of README's error table with %s and status %s (%s)", code, status, e)
                    .anyMatch(row -> row.contains(code) && row.contains(status));
        }
    }
}
