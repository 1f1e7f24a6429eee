package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private final EnvSubstitution env = new EnvSubstitution(Map.of("A", "alpha", "EMPTY", "")::get);

    @Test
    void expandsVariablesAndDefaults() {
        assertThat(env.expand("${A}")).isEqualTo("alpha");
        assertThat(env.expand("x-${A}-y")).isEqualTo("x-alpha-y");
        assertThat(env.expand("${MISSING}")).isEmpty();
        assertThat(env.expand("${MISSING:-dflt}")).isEqualTo("dflt");
        assertThat(env.expand("${EMPTY:-dflt}")).isEqualTo("dflt");
        assertThat(env.expand("${A:-dflt}")).isEqualTo("alpha");
        assertThat(env.expand("${MISSING:-}")).isEmpty();
        assertThat(env.expand("${MISSING:-:8080}")).isEqualTo(":8080");
    }

    @Test
    void dollarEscapesAndPlainDollars() {
        assertThat(env.expand("$${A}")).isEqualTo("${A}");
        assertThat(env.expand("cost $5")).isEqualTo("cost $5");
        assertThat(env.expand("end$")).isEqualTo("end$");
        assertThat(env.expand("no vars")).isEqualTo("no vars");
    }

    @Test
    void rejectsMalformedReferences() {
        assertThatThrownBy(() -> env.expand("${A")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> env.expand("${1X}")).hasMessageContaining("invalid variable name");
        assertThatThrownBy(() -> env.expand("${}")).hasMessageContaining("invalid variable name");
    }
}
