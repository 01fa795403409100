package io.stkpush.portal.gate;

import java.util.Objects;

import io.stkpush.api.OperatorName;

/**
 * What the host's login made of a request ({@link OperatorGate#login}): the same three answers whichever door an
 * operator comes through (the REST API, the WebSocket, a host's own pages).
 */
public sealed interface OperatorLogin {

    /** An operator: let the request through as {@code name}. */
    record Operator(OperatorName name) implements OperatorLogin {
        public Operator {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Not an operator: answer 401 and ask for a login. */
    record Nobody() implements OperatorLogin {
    }

    /** The host's login service is missing or failed: answer 503 with {@code message}, words for the operator. */
    record Unavailable(String message) implements OperatorLogin {
    }
}
