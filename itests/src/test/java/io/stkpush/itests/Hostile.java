package io.stkpush.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Hand-rolled generators of hostile input for {@link HostileInputIT}: realistic values an attacker, a broken proxy or
 * a confused integrator sends (wrong types, huge numbers, 10 kB strings, control characters, SQL and script text,
 * deep nesting, duplicate keys, trailing garbage). One seeded {@link SplittableRandom}, so a failing run is replayed
 * with {@code -Dstkpush.fuzz.seed=<the printed seed>}.
 *
 * <p>Bodies are built as text, not as a JSON tree, because much of what is worth sending (duplicate keys, trailing
 * garbage, raw control characters) cannot be expressed as a tree.
 */
final class Hostile {

    /** The seed used when none is given: fixed, so CI explores the same inputs every run. */
    static final long DEFAULT_SEED = 20261201L;
    static final String SEED_PROPERTY = "stkpush.fuzz.seed";
    static final String TRIES_PROPERTY = "stkpush.fuzz.tries";
    static final int DEFAULT_TRIES = 200;

    final long seed;
    private final SplittableRandom random;

    Hostile(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed given with {@code -Dstkpush.fuzz.seed}, else {@link #DEFAULT_SEED}. */
    static long seedFromSystem() {
        String given = System.getProperty(SEED_PROPERTY, "").strip();
        return given.isEmpty() ? DEFAULT_SEED : Long.parseLong(given);
    }

    /** How many tries each property makes ({@code -Dstkpush.fuzz.tries}, default {@value #DEFAULT_TRIES}). */
    static int tries() {
        String given = System.getProperty(TRIES_PROPERTY, "").strip();
        return given.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(given);
    }

    /** A generator for one property: its own stream, so adding tries to one property does not move the others. */
    Hostile fork(String property) {
        return new Hostile(seed ^ property.hashCode());
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** A random id in the canonical UUID form, so it passes id parsing and reaches the lookup. */
    String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    final <T> T oneOf(Supplier<T>... makers) {
        return makers[random.nextInt(makers.length)].get();
    }

    // ---- texts --------------------------------------------------------------------------------------------------

    private static final List<String> FIXED_TEXTS = List.of(
            "", " ", "\t", "\r\n",
            "' OR 1=1 --", "'; DROP TABLE push; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)", "%' AND 1=0 UNION SELECT"
                    + " password FROM users --", "\\", "\\'", "`id`",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>", "{{7*7}}",
            "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "../../../../etc/passwd", "..\\..\\boot.ini", "/", "%2F",
            "Ŵàńjíkű Ŋjérí", "𝓜-𝓟𝓮𝓼𝓪 😀😀😀", "\u202Egnp.exe", "\uFEFFsub-0001", "\uD800", "\uDFFF\uD800",
            "\u0000", "a\u0000b", "\u0007\u0008\u001b[31m", "\u2028\u2029", "\u00a0",
            "-1", "0", "-0", "1e309", "NaN", "Infinity", "0x10", "1,500", "1 500", " 1500 ", "١٥٠٠", "1500.50",
            "9223372036854775808", "true", "null", "undefined", "[]", "{}", "__proto__", "constructor");

    /** A hostile string value. */
    String text() {
        return oneOf(
                () -> pick(FIXED_TEXTS),
                () -> pick(FIXED_TEXTS),
                () -> pick(FIXED_TEXTS) + randomText(1 + nextInt(20)),
                () -> "x".repeat(10_000),
                () -> randomText(200 + nextInt(2000)),
                () -> pick(List.of("9".repeat(400), "ws_CO_" + "0".repeat(200), "A".repeat(65), "A".repeat(129))));
    }

    /** Letters, digits, punctuation, controls and non-ASCII mixed. */
    String randomText(int length) {
        String pool = "abcXYZ019 _-.,;:'\"\\/<>{}[]()%&$#@!?*+=|~`\t\n\u0001\u007f\u00e9\u00df\u4e2d\u0627\ud83d\ude00";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int at = nextInt(pool.length());
            char c = pool.charAt(at);
            if (Character.isHighSurrogate(c) && at + 1 < pool.length()) {
                text.append(c).append(pool.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }

    // ---- JSON values --------------------------------------------------------------------------------------------

    private static final List<String> FIXED_VALUES = List.of(
            "null", "true", "false", "0", "-0", "-1", "1500.5", "0.0000001", "1e3", "1E+999999999", "-1e309",
            "2147483648", "9223372036854775808", "123456789012345678901234567890", "[]", "{}", "[1,2]",
            "{\"$ne\":null}", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "\"\"", "[\"sub-0001\"]");

    /** A hostile JSON value, as JSON text (a string, number, boolean, null, array or object). */
    String jsonValue() {
        return oneOf(
                () -> quoted(text()),
                () -> quoted(text()),
                () -> pick(FIXED_VALUES),
                () -> pick(FIXED_VALUES),
                () -> Long.toString(random.nextLong()),
                () -> "9".repeat(1 + nextInt(1200)),
                () -> deepNesting(500 + nextInt(2500)));
    }

    /** {@code [[[…]]]} or {@code {"a":{"a":…}}}, deeper than parsers like. */
    String deepNesting(int depth) {
        if (chance(50)) {
            return "[".repeat(depth) + "]".repeat(depth);
        }
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /**
     * The text as a JSON string literal. Control characters are escaped, as JSON wants, except now and then, when
     * they are sent raw (which makes the body invalid JSON, as a sloppy client would).
     */
    String quoted(String text) {
        boolean raw = chance(10);
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 && !raw) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** A JSON string literal with every control character escaped. */
    static String json(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04X", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    // ---- bodies -------------------------------------------------------------------------------------------------

    /** A JSON object's member, its value as JSON text. */
    record Field(String name, String value) {
    }

    /** {@code {"name":value,…}} in the given order; duplicates stay duplicates. */
    static String object(List<Field> fields) {
        List<String> members = new ArrayList<>();
        for (Field f : fields) {
            members.add(json(f.name()) + ":" + f.value());
        }
        return "{" + String.join(",", members) + "}";
    }

    /** Whole bodies that are not a JSON object at all, or not only one. */
    String brokenBody(String valid) {
        return oneOf(
                () -> "",
                () -> pick(List.of("null", "[]", "\"text\"", "42", "true", "{", "}", "{}", "{\"a\":}", "{,}",
                        "\u0000")),
                () -> "not json: " + text(),
                () -> valid + pick(List.of("}", "}}}", " xyz", ",{}", "\u0000", " // comment", "\n{\"a\":1}")),
                () -> valid.substring(0, nextInt(Math.max(1, valid.length()))),
                () -> "\uFEFF" + valid,
                () -> "[" + valid + "]",
                () -> deepNesting(2000 + nextInt(3000)),
                () -> "{\"a\":" + quoted("x".repeat(10_000)) + "}",
                () -> randomText(1 + nextInt(3000)));
    }

    /** A Content-Type other than plain JSON: a client that gets it wrong, or a header meant to confuse. */
    String contentType() {
        return pick(List.of("text/plain", "application/x-www-form-urlencoded", "application/xml",
                "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json;;;",
                "multipart/form-data", "garbage", "*/*", "application/json, text/html"));
    }

    // ---- query strings and paths --------------------------------------------------------------------------------

    /** A query parameter value, already in the URL: mostly percent-encoded hostile text, sometimes broken encoding. */
    String queryValue() {
        return oneOf(
                () -> encoded(text()),
                () -> encoded(text()),
                () -> encoded(pick(List.of("+999999999-12-31", "-999999999-01-01", "0000-01-01", "2026-02-30",
                        "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
                        "9999-12-31T23:59:59Z", "2026-12-01T00:00:00+18:00", "2026-12-01T00:00:00+99:00",
                        "2147483648", "-2147483649", "0", "-1", "1001", "TRUE", "yes", "1"))),
                () -> pick(List.of("%", "%zz", "%00", "%c0%af", "%ed%a0%80", "%ff%fe", "a%2", "%25%32%46", "+%2B+",
                        "%0d%0aSet-Cookie:x=1", "%uD800")),
                () -> encoded("x".repeat(3000 + nextInt(3000))));
    }

    /** A path segment meant to confuse routing or id parsing. */
    String pathSegment() {
        return oneOf(
                () -> pick(List.of("..", ".", "%2e%2e", "%2E", "a%2Fb", "%2F", "..%2F..%2Fhealth", "%5C", "%00",
                        "%20", "%09", ";jsessionid=1", "a;b=c", "%3B", "00000000-0000-0000-0000-000000000000",
                        "00000000-0000-4000-8000-00000000000G", "1-1-1-1-1", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                        "%7B%7D", "%25", "sub-0001%00", "null", "undefined", "-1", "9223372036854775808")),
                () -> encoded(text()),
                () -> encoded(text()).replace("%2F", "/"),
                () -> "a".repeat(1000 + nextInt(6000)));
    }

    static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
