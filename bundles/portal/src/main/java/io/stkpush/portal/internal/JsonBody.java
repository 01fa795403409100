package io.stkpush.portal.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request body read as a JSON object by us rather than by the runtime, so malformed JSON is answered with the
 * contract's {@code invalid_request} instead of the runtime's own error page.
 */
final class JsonBody {

    /** Big decimals keep {@code 1500.50} exact, so a fraction is never rounded away. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Generous for a few fields, small enough that nobody parks megabytes here. */
    static final int MAX_CHARS = 16 * 1024;

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    static JsonBody parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiProblem.invalidRequest("The request needs a JSON body.");
        }
        if (raw.length() > MAX_CHARS) {
            throw ApiProblem.of(413, "too_large", "The request body is too large.");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw ApiProblem.invalidRequest("The request body must be a JSON object.");
            }
            return new JsonBody(node);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalidRequest("The request body is not valid JSON.");
        }
    }

    /** The field, or {@code null} when absent or JSON null. */
    JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * A string field (a whole number is taken as its digits, as ids often are), stripped; {@code null} when absent,
     * null or blank.
     *
     * @throws ApiProblem {@code invalid_request} for any other JSON type
     */
    String text(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        String text;
        if (value.isTextual()) {
            text = value.asText();
        } else if (value.isIntegralNumber()) {
            text = value.bigIntegerValue().toString();
        } else {
            throw ApiProblem.invalidRequest("'" + field + "' must be text.");
        }
        text = text.strip();
        return text.isEmpty() ? null : text;
    }
}
