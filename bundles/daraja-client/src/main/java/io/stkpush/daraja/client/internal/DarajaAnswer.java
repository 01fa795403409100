package io.stkpush.daraja.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One HTTP answer from Daraja, read tolerantly: the body may be a JSON object, empty, or not JSON at all.
 *
 * @param status HTTP status
 * @param body   the JSON object, or {@code null} when the body was empty, not JSON, or not an object
 * @param error  the error envelope in the body, or {@code null}
 */
record DarajaAnswer(int status, JsonNode body, DarajaError error) {

    static final ObjectMapper JSON = new ObjectMapper();

    static DarajaAnswer of(int status, String rawBody) {
        JsonNode body = parse(rawBody);
        return new DarajaAnswer(status, body, DarajaError.in(body));
    }

    /** A field as text whether Daraja sent it as a string or a number; {@code null} when absent or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    String text(String field) {
        return body == null ? null : text(body, field);
    }

    boolean isOk() {
        return status == 200;
    }

    /** The error code, or {@code null}. */
    String errorCode() {
        return error == null ? null : error.code();
    }

    /**
     * Daraja's own words in this answer (its error message, else its {@code ResponseDescription}), else how it
     * answered: the message of a refusal whose words the operator reads from its provider-neutral reason.
     */
    String words() {
        if (error != null && !error.message().isEmpty()) {
            return error.message();
        }
        String description = text("ResponseDescription");
        return description != null ? description : describe();
    }

    /** For logs: status and error, never the body (a request body holds the password; answers are kept short). */
    String describe() {
        if (error != null) {
            return "HTTP " + status + " " + error.code() + " " + error.message();
        }
        return "HTTP " + status + (body == null ? " without a JSON body" : "");
    }

    private static JsonNode parse(String rawBody) {
        if (rawBody == null || rawBody.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(rawBody);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
