package io.llmgateway.core.observe.log;

import io.llmgateway.core.config.LoggingConfig.Mask;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides personal data in logged content ({@code logging.mask}): e-mail addresses become
 * {@code [email]}, card numbers {@code [card]} and phone numbers {@code [phone]}.
 *
 * <ul>
 *   <li>a card number is 13 to 19 digits, optionally grouped by single spaces or dashes, that
 *       passes the Luhn check (other long numbers are left alone);
 *   <li>a phone number is 9 to 15 digits that begin with {@code +}, or have an area code in
 *       parentheses, or are grouped in three or more parts by spaces, dots or dashes — a bare run
 *       of digits (a timestamp, a count) or a decimal number is not taken for one.
 * </ul>
 * Cards are masked before phones, which would otherwise take their digits. Each pattern starts a
 * match only where a run of its characters starts, so a long run without a match (an image in
 * base64) costs one pass, not one per position.
 *
 * <p>Immutable and thread-safe; runs on the observer thread, never on an event loop.
 */
final class ContentMasker {

    private static final Pattern EMAIL =
            Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d[\\d ().-]{7,20}\\d|\\(?\\d[\\d ().-]{7,20}\\d)(?![\\w])");

    private final boolean email;
    private final boolean card;
    private final boolean phone;

    ContentMasker(Set<Mask> masks) {
        this.email = masks.contains(Mask.EMAIL);
        this.card = masks.contains(Mask.CARD);
        this.phone = masks.contains(Mask.PHONE);
    }

    /** Whether {@link #mask} changes anything at all. */
    boolean active() {
        return email || card || phone;
    }

    /** {@code text} with what the masks name replaced. */
    String mask(String text) {
        String s = text;
        if (email) {
            s = EMAIL.matcher(s).replaceAll("[email]");
        }
        if (card) {
            s = replace(s, CARD, ContentMasker::isCard, "[card]");
        }
        if (phone) {
            s = replace(s, PHONE, ContentMasker::isPhone, "[phone]");
        }
        return s;
    }

    private interface Check {
        boolean test(String match);
    }

    private static String replace(String s, Pattern pattern, Check check, String replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (!check.test(m.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append(replacement);
            last = m.end();
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    /** Whether the digits of {@code candidate} pass the Luhn check. */
    static boolean isCard(String candidate) {
        int sum = 0;
        boolean twice = false;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean isPhone(String candidate) {
        int digits = 0;
        int groups = 1;
        boolean inDigits = true;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (digit) {
                digits++;
                if (!inDigits) {
                    groups++;
                }
            }
            inDigits = digit;
        }
        char first = candidate.charAt(0);
        return digits >= 9 && digits <= 15 && (first == '+' || first == '(' || groups >= 3);
    }
}
