package io.stkpush.portal.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * An answer the operator API gives instead of what was asked: the contract's
 * {@code {"error":"<code>","message":"<plain language>"}} with a 4xx status (503 when stkpush itself cannot work).
 * Thrown while handling a request and turned into the response by {@link Answers}.
 */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    private ApiProblem(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    static ApiProblem of(int status, String code, String message) {
        return new ApiProblem(status, code, message, Map.of());
    }

    /** With extra fields beside error and message, e.g. the open push's id. */
    static ApiProblem of(int status, String code, String message, Map<String, Object> details) {
        return new ApiProblem(status, code, message, details);
    }

    static ApiProblem invalidRequest(String message) {
        return of(400, "invalid_request", message);
    }

    static ApiProblem unavailable(String message) {
        return of(503, "unavailable", message);
    }

    /** No operator is behind the request (the filter asks for a login with it). */
    static ApiProblem unauthenticated() {
        return of(401, "unauthenticated", "Log in as an operator.");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }

    Response toResponse() {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body()).build();
    }
}
