package io.stkpush.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the peak run: the operator API's answers and the simulator's record
 * ({@code /daraja-sim/ledger}, about 5 MB for a 10-minute peak). The benchmarks module depends on the PostgreSQL
 * driver only, so it reads JSON itself rather than pull in Jackson: objects become {@link Map}s (in order), arrays
 * {@link List}s, numbers {@link Long} or {@link Double}, and {@code null} stays {@code null}.
 */
final class PeakJson {

    private final String text;
    private int at;

    private PeakJson(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        PeakJson json = new PeakJson(text);
        Object value = json.value();
        json.blanks();
        if (json.at != text.length()) {
            throw json.problem("text after the value");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + shortened(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("not a JSON array: " + shortened(value));
        }
        return (List<Object>) value;
    }

    /** A field as text (numbers and booleans as written), or {@code null} when absent or null. */
    static String text(Map<String, Object> object, String field) {
        Object v = object.get(field);
        return v == null ? null : v.toString();
    }

    /** A numeric field, or {@code whenAbsent} when absent or null. */
    static long number(Map<String, Object> object, String field, long whenAbsent) {
        Object v = object.get(field);
        return v instanceof Number n ? n.longValue() : whenAbsent;
    }

    static boolean flag(Map<String, Object> object, String field) {
        return Boolean.TRUE.equals(object.get(field));
    }

    private Object value() {
        blanks();
        if (at >= text.length()) {
            throw problem("value expected");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return objectValue();
            case '[':
                return arrayValue();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return numberValue();
        }
    }

    private Map<String, Object> objectValue() {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        blanks();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            blanks();
            if (peek() != '"') {
                throw problem("field name expected");
            }
            String name = string();
            blanks();
            expect(':');
            object.put(name, value());
            blanks();
            char c = next();
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                throw problem("',' or '}' expected");
            }
        }
    }

    private List<Object> arrayValue() {
        List<Object> array = new ArrayList<>();
        at++;
        blanks();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            array.add(value());
            blanks();
            char c = next();
            if (c == ']') {
                return array;
            }
            if (c != ',') {
                throw problem("',' or ']' expected");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw problem("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
    }

    private Object numberValue() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String number = text.substring(start, at);
        if (number.isEmpty()) {
            throw problem("value expected");
        }
        if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
            return Double.parseDouble(number);
        }
        return Long.parseLong(number);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw problem("'" + word + "' expected");
        }
        at += word.length();
        return value;
    }

    private void blanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() {
        if (at >= text.length()) {
            throw problem("unexpected end");
        }
        return text.charAt(at++);
    }

    private void expect(char c) {
        if (next() != c) {
            at--;
            throw problem("'" + c + "' expected");
        }
    }

    private IllegalArgumentException problem(String what) {
        return new IllegalArgumentException("JSON: " + what + " at " + at + " in " + shortened(text));
    }

    private static String shortened(Object value) {
        String s = String.valueOf(value);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
