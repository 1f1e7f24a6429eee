package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

    @Test
    void anExpansionSaysWhichVariablesWereMissing() {
        assertThat(env.expansion("plain")).isEqualTo(new EnvSubstitution.Expansion("plain", false, List.of()));
        assertThat(env.expansion("$${A}").fromEnvironment()).isFalse();
        assertThat(env.expansion("${A}")).isEqualTo(new EnvSubstitution.Expansion("alpha", true, List.of()));
        assertThat(env.expansion("${MISSING:-x}")).isEqualTo(new EnvSubstitution.Expansion("x", true, List.of()));
        EnvSubstitution.Expansion e = env.expansion("http://${MISSING}:${EMPTY}/${A}");
        assertThat(e.value()).isEqualTo("http://:/alpha");
        assertThat(e.missing()).containsExactly("${MISSING} is not set", "${EMPTY} is empty");
        assertThat(e.missingPhrase()).isEqualTo("${MISSING} is not set, ${EMPTY} is empty");
    }
}
