package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyQuoteTest {

    private static final String KEY = "sk-A/b+=";

    @Test
    void eachFormAsJsonContentAndAsAHeaderValue() {
        assertThat(KeyQuote.RAW.quote(KEY)).isEqualTo(new KeyQuote.Quoted(KEY, KEY));
        assertThat(KeyQuote.JSON_SLASH.quote(KEY)).isEqualTo(new KeyQuote.Quoted("sk-A\\/b+=", "sk-A\\/b+="));
        String unicode = "\\u0073\\u006b\\u002d\\u0041\\u002f\\u0062\\u002b\\u003d";
        assertThat(KeyQuote.JSON_UNICODE.quote(KEY)).isEqualTo(new KeyQuote.Quoted(unicode, unicode));
        assertThat(KeyQuote.PERCENT.quote(KEY)).isEqualTo(new KeyQuote.Quoted("%73%6B%2D%41%2F%62%2B%3D",
                "%73%6B%2D%41%2F%62%2B%3D"));
        assertThat(KeyQuote.BASIC.quote(KEY)).isEqualTo(new KeyQuote.Quoted("bW9jay11c2VyOnNrLUEvYis9",
                "Basic bW9jay11c2VyOnNrLUEvYis9"));
    }

    @Test
    void parsesItsSpellingsAndNamesTheHeaderOtherwise() {
        assertThat(KeyQuote.parse(" JSON-Unicode ")).isEqualTo(KeyQuote.JSON_UNICODE);
        assertThatThrownBy(() -> KeyQuote.parse("rot13")).hasMessage("x-mock-quote-key: rot13 (expected: raw, "
                + "json-slash, json-unicode, percent or basic)");
    }
}
