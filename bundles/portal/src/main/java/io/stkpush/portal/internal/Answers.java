package io.stkpush.portal.internal;

import java.util.function.Supplier;

import javax.ws.rs.core.Response;

import io.stkpush.api.InvalidAmountException;
import io.stkpush.api.InvalidPhoneNumberException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one API request so that every failure becomes the contract's JSON error: the operator's own mistakes as
 * 4xx with a message they can act on, anything unexpected (a database down, a service missing) as 503 without
 * detail. Never a 500, never a stack trace in the answer.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    static final String UNAVAILABLE = "stkpush cannot do this right now. Try again in a minute; if it keeps"
            + " happening, ask your administrator to check the server.";

    private Answers() {
    }

    /** {@code service} while it is there; 503 with {@code whenMissing} while it is not (an optional reference). */
    static <T> T present(T service, String whenMissing) {
        if (service == null) {
            throw ApiProblem.unavailable(whenMissing);
        }
        return service;
    }

    static Response answer(String what, Supplier<Response> work) {
        try {
            return work.get();
        } catch (ApiProblem problem) {
            return problem.toResponse();
        } catch (InvalidPhoneNumberException e) {
            return ApiProblem.of(400, "invalid_phone", e.getMessage()).toResponse();
        } catch (InvalidAmountException e) {
            return ApiProblem.of(400, "invalid_amount", e.getMessage()).toResponse();
        } catch (RuntimeException e) {
            // messages of our own exceptions hold no secrets and phones only masked; the trace stays in the log,
            // except for a database that does not answer: one line per request is enough during an outage
            if (databaseFailure(e)) {
                LOG.warn("Could not {}: {}", what, e.toString());
            } else {
                LOG.warn("Could not {}: {}", what, e.toString(), e);
            }
            return ApiProblem.unavailable(UNAVAILABLE).toResponse();
        }
    }

    private static boolean databaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }
}
