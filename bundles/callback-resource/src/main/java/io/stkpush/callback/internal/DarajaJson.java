package io.stkpush.callback.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Daraja's JSON leniently where Daraja itself varies (numbers sent as strings and the other way round) and
 * strictly where a wrong type means the body is not what it claims to be.
 */
final class DarajaJson {

    /** Daraja's timestamps are Kenyan wall-clock time (EAT, UTC+3, no daylight saving). */
    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern FOURTEEN_DIGITS = Pattern.compile("\\d{14}");

    private DarajaJson() {
    }

    /** The body as a JSON object. */
    static JsonNode object(String body) throws InvalidCallbackException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidCallbackException("The body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCallbackException("The body is not a JSON object.");
        }
        return root;
    }

    /** A field that must be an object when present; {@code null} when absent or null. */
    static JsonNode optionalObject(JsonNode parent, String field) throws InvalidCallbackException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidCallbackException(field + " must be an object.");
        }
        return node;
    }

    /** A string, number or boolean as text (trimmed); {@code null} when absent, null or blank. */
    static String text(JsonNode node, String field) throws InvalidCallbackException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new InvalidCallbackException(field + " must be a string or a number.");
        }
        String text = node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
        text = text.strip();
        return text.isEmpty() ? null : text;
    }

    /** A decimal sent as a number ({@code 1}, {@code 1.00}) or a string ({@code "1.00"}). */
    static BigDecimal decimal(JsonNode node, String field) throws InvalidCallbackException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            String text = node.asText().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new InvalidCallbackException(field + " must be a number.");
            }
        }
        throw new InvalidCallbackException(field + " must be a number.");
    }

    /** A whole number or its digits as a string, as text; phone numbers and dates exceed 32 bits. */
    static String digitsOrText(JsonNode node, String field) throws InvalidCallbackException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            try {
                return value.toBigIntegerExact().toString(); // 254708374149.0
            } catch (ArithmeticException e) {
                throw new InvalidCallbackException(field + " must be a whole number or a string.");
            }
        }
        if (node.isTextual()) {
            String text = node.asText().strip();
            return text.isEmpty() ? null : text;
        }
        throw new InvalidCallbackException(field + " must be a whole number or a string.");
    }

    /**
     * The text when it fits the ledger's column. A longer value is not one Daraja sends, and storing it would fail
     * as if the database were down: a 503 that Daraja would retry for ever. Refused, it stays in the journal.
     */
    static String limited(String text, int maxLength, String field) throws InvalidCallbackException {
        if (text != null && text.length() > maxLength) {
            throw new InvalidCallbackException(field + " is longer than " + maxLength + " characters.");
        }
        return text;
    }

    /**
     * Reads {@code yyyyMMddHHmmss} in Kenyan time.
     *
     * @return {@code null} when the text is not such a timestamp
     */
    static Instant eatTimestamp(String text) {
        if (text == null || !FOURTEEN_DIGITS.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, TIMESTAMP).atZone(NAIROBI).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
