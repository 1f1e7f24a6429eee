package io.llmgateway.core.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.LoggingConfig.Mask;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentMaskerTest {

    private final ContentMasker all = new ContentMasker(EnumSet.allOf(Mask.class));

    @Test
    void emailsAreMasked() {
        assertThat(all.mask("write to jane.doe+ai@mail.example.co.uk or bob@x.io."))
                .isEqualTo("write to [email] or [email].");
    }

    @Test
    void cardNumbersPassingLuhnAreMaskedInAnyGrouping() {
        assertThat(all.mask("card 4111 1111 1111 1111, or 4111-1111-1111-1111 or 5500005555555559!"))
                .isEqualTo("card [card], or [card] or [card]!");
    }

    @Test
    void longNumbersFailingLuhnAreNotCards() {
        assertThat(ContentMasker.isCard("4111111111111112")).isFalse();
        assertThat(new ContentMasker(Set.of(Mask.CARD)).mask("order 4111111111111112")).isEqualTo("order 4111111111111112");
    }

    @Test
    void phoneNumbersAreMaskedButNotBareNumbersOrDecimals() {
        assertThat(all.mask("call +44 20 7946 0958 or (415) 555-0100 or 415.555.0100 or 06 12 34 56 78"))
                .isEqualTo("call [phone] or [phone] or [phone] or [phone]");
        assertThat(all.mask("{\"created\":1733555555,\"logprob\":-0.123456789,\"max_tokens\":1000}"))
                .isEqualTo("{\"created\":1733555555,\"logprob\":-0.123456789,\"max_tokens\":1000}");
    }

    @Test
    void aLongRunWithoutAnAddressIsLeftAloneAndAnAddressAfterItIsMasked() {
        String base64 = "iVBORw0KGgo".repeat(20_000);

        assertThat(all.mask(base64 + " x@y.io")).isEqualTo(base64 + " [email]");
    }

    @Test
    void onlyTheChosenMasksApply() {
        ContentMasker emailOnly = new ContentMasker(Set.of(Mask.EMAIL));

        assertThat(emailOnly.mask("a@b.io +44 20 7946 0958 4111 1111 1111 1111"))
                .isEqualTo("[email] +44 20 7946 0958 4111 1111 1111 1111");
        assertThat(new ContentMasker(Set.of()).active()).isFalse();
    }
}
