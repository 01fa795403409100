package io.stkpush.daraja.simulator.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A synchronous Daraja error: HTTP status plus the gateway envelope
 * {@code {"requestId","errorCode","errorMessage"}}. A null code means Daraja's bare answer with an empty body
 * (production does that for wrong consumer credentials).
 */
final class DarajaError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String requestId;

    private DarajaError(int status, String code, String message, String requestId) {
        super(message, null, false, false); // an expected answer, not a failure: no stack trace
        this.status = status;
        this.code = code;
        this.requestId = requestId;
    }

    static DarajaError invalid(String field) {
        return new DarajaError(400, "400.002.02", "Bad Request - Invalid " + field, null);
    }

    static DarajaError invalidPayload() {
        return new DarajaError(400, "400.002.05", "Invalid Request Payload", null);
    }

    static DarajaError invalidGrantType() {
        return new DarajaError(400, "400.008.02", "Invalid grant type passed", null);
    }

    static DarajaError invalidAuthenticationType() {
        return new DarajaError(400, "400.008.01", "Invalid authentication type passed", null);
    }

    static DarajaError wrongConsumerCredentials() {
        return new DarajaError(400, null, "wrong consumer credentials", null);
    }

    static DarajaError invalidAccessToken() {
        return new DarajaError(404, "404.001.03", "Invalid Access Token", null);
    }

    static DarajaError invalidAuthenticationHeader() {
        return new DarajaError(404, "404.001.04", "Invalid Authentication Header", null);
    }

    static DarajaError merchant(String message) {
        return new DarajaError(500, "500.001.1001", message, null);
    }

    static DarajaError subscriberLocked() {
        return merchant("Unable to lock subscriber, a transaction is already in process for the current subscriber");
    }

    /** The legacy query answer while pending; real Daraja put the CheckoutRequestID in requestId. */
    static DarajaError beingProcessed(String requestId) {
        return new DarajaError(500, "500.001.1001", "The transaction is being processed", requestId);
    }

    static DarajaError systemBusy() {
        return new DarajaError(500, "500.003.02", "System is busy. Please try again in few minutes.", null);
    }

    /** Apigee's spike arrest: the same code as "system busy", refused before anything was done. */
    static DarajaError spikeArrest() {
        return new DarajaError(500, "500.003.02", "Error Occurred: Spike Arrest Violation", null);
    }

    /**
     * A gateway or back-end failure (the {@code server_error} fault), 500 or 503. Not "system busy": clients retry
     * that one as refused before anything was done, and this one may come after the prompt went out.
     */
    static DarajaError serverError(int status) {
        return new DarajaError(status, "500.003.1001", "Internal Server Error", null);
    }

    static DarajaError internal() {
        return new DarajaError(500, "500.003.1001", "Internal Server Error", null);
    }

    /** The envelope, or null for the empty-body answer. */
    ObjectNode body() {
        if (code == null) {
            return null;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("requestId", requestId != null ? requestId : DarajaIds.requestId());
        body.put("errorCode", code);
        body.put("errorMessage", getMessage());
        return body;
    }

    Response response() {
        ObjectNode body = body();
        return body == null
                ? Response.status(status).build()
                : Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
