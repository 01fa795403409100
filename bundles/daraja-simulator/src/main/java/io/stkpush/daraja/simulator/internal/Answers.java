package io.stkpush.daraja.simulator.internal;

import java.util.function.Supplier;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the simulator's results into HTTP answers: Daraja's envelope for every error, never a stack trace. */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    static Response ok(JsonNode body) {
        return json(200, body);
    }

    static Response json(int status, JsonNode body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** Runs a Daraja endpoint: its own errors become their envelopes, anything unexpected 500.003.1001. */
    static Response daraja(Supplier<Response> endpoint) {
        try {
            return endpoint.get();
        } catch (DarajaError e) {
            return e.response();
        } catch (RuntimeException e) {
            LOG.error("Daraja simulator failed on a request", e);
            return DarajaError.internal().response();
        }
    }
}
