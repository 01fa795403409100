package io.stkpush.webconsole.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the page may show of a configuration value or a message: secrets only as set or not set, credentials cut
 * out of URLs, phone numbers masked.
 */
final class Masking {

    /** Shown instead of a secret that has a value. */
    static final String SET = "****";
    /** Shown for a secret without a value. */
    static final String NOT_SET = "(not set)";

    /**
     * A key naming any of these (in any case) holds a secret: consumerSecret, passkey, password, hmacKey,
     * consumerKey, a token, credentials. Broad on purpose: showing a harmless value masked costs nothing.
     */
    private static final List<String> SECRET_WORDS =
            List.of("secret", "passkey", "password", "passwd", "pwd", "hmac", "key", "token", "credential");

    /** {@code scheme://user:password@host}: the password, up to the {@code @}. */
    private static final Pattern URL_USER_PASSWORD = Pattern.compile("(//[^/?#@:\\s]*):[^/?#@\\s]+@");

    /** Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE_USER_PASSWORD =
            Pattern.compile("(?i)(jdbc:oracle:[a-z]+:[^/@:\\s]+)/[^@\\s]+@");

    /** {@code password=…} in a query string or a JDBC URL's {@code ;key=value} list, any secret-like name. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;:,\\s])[a-z0-9._-]*(?:password|passwd|pwd|secret|token|credential|key)\\s*=)[^;&\\s]+");

    /** A run of 9 to 12 digits, not part of a longer one: an MSISDN in any of its forms (2547…, 07…, 7…). */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)\\d{9,12}(?!\\d)");

    private Masking() {
    }

    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A configuration value as the page shows it: {@link #SET}/{@link #NOT_SET} for secrets, else the value. */
    static String configValue(String key, Object value) {
        List<String> parts = parts(value);
        if (isSecretKey(key)) {
            return parts.stream().allMatch(String::isBlank) ? NOT_SET : SET;
        }
        return credentialsInUrls(String.join(", ", parts));
    }

    /** The text with the passwords of URLs and JDBC URLs replaced by {@link #SET}. */
    static String credentialsInUrls(String text) {
        String masked = URL_USER_PASSWORD.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(SET) + "@");
        masked = ORACLE_USER_PASSWORD.matcher(masked).replaceAll("$1/" + Matcher.quoteReplacement(SET) + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(SET));
    }

    /** An exception for the log: its class and message, any credentials in a URL it quotes masked. */
    static String forLog(Throwable e) {
        return credentialsInUrls(e.toString());
    }

    /**
     * The text with every run of 9 to 12 digits masked, so a phone number in a provider's note or message never
     * reaches the page: {@code 254712345678} becomes {@code 2547****5678} (as {@code PhoneNumber.masked()} writes
     * it), a shorter run keeps only its last four digits ({@code ******5678}).
     */
    static String phoneNumbers(String text) {
        if (text == null) {
            return null;
        }
        return DIGIT_RUN.matcher(text).replaceAll(m -> {
            String run = m.group();
            String masked = run.length() == 12 ? run.substring(0, 4) + "****" + run.substring(8)
                    : "*".repeat(run.length() - 4) + run.substring(run.length() - 4);
            return Matcher.quoteReplacement(masked);
        });
    }

    /** A configuration value's parts as text: Config Admin holds scalars, arrays and collections. */
    private static List<String> parts(Object value) {
        List<String> parts = new ArrayList<>();
        if (value == null) {
            return parts;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> values) {
            values.forEach(v -> parts.add(String.valueOf(v)));
        } else {
            parts.add(value.toString());
        }
        return parts;
    }
}
