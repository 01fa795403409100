package io.stkpush.daraja.simulator.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Daraja request body read leniently, the way Daraja reads it: numeric fields may be JSON numbers or
 * strings of digits. Every problem becomes Daraja's own error, never an exception the JAX-RS runtime sees.
 */
final class RequestBody {

    /** Big decimals keep {@code 1.00} exact both ways. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    private final JsonNode node;

    private RequestBody(JsonNode node) {
        this.node = node;
    }

    /**
     * Daraja's FAQ: a request without the JSON content type fails on the first field, so it is reported that way.
     */
    static RequestBody parse(String contentType, String raw, String firstField) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw DarajaError.invalid(firstField);
        }
        if (raw == null || raw.isBlank()) {
            throw DarajaError.invalidPayload();
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw DarajaError.invalidPayload();
            }
            return new RequestBody(node);
        } catch (JsonProcessingException e) {
            throw DarajaError.invalidPayload();
        }
    }

    static RequestBody of(JsonNode node) {
        return new RequestBody(node);
    }

    /** A JSON number or string made only of digits, {@code minLength..maxLength} long. */
    String digits(String field, int minLength, int maxLength) {
        String value = scalar(field);
        if (value == null || value.length() < minLength || value.length() > maxLength
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw DarajaError.invalid(field);
        }
        return value;
    }

    /** A non-blank JSON string; {@code errorName} is how Daraja names it in the error (Remarks for TransactionDesc). */
    String text(String field, String errorName) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw DarajaError.invalid(errorName);
        }
        return value.asText();
    }

    String text(String field) {
        return text(field, field);
    }

    /** Null when absent or empty. */
    String optionalText(String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    Msisdn msisdn(String field) {
        String value = scalar(field);
        if (!Msisdn.isValid(value)) {
            throw DarajaError.invalid(field);
        }
        return new Msisdn(value);
    }

    /** Whole shillings, at least 1, as a number or a numeric string ({@code 1}, {@code "1"}, {@code 1.00}). */
    long amount(String field) {
        String value = scalar(field);
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw DarajaError.invalid(field);
        }
        BigDecimal amount = new BigDecimal(value);
        if (amount.stripTrailingZeros().scale() > 0 || amount.compareTo(BigDecimal.ONE) < 0
                || amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw DarajaError.invalid(field);
        }
        return amount.longValueExact();
    }

    /** An absolute http(s) URL with a host and no stray spaces. */
    URI url(String field) {
        String value = text(field);
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw DarajaError.invalid(field);
            }
            return url;
        } catch (URISyntaxException e) {
            throw DarajaError.invalid(field);
        }
    }

    /** The text of a number or string field, null when absent or of another JSON type. */
    private String scalar(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return null;
    }
}
