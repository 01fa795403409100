package io.stkpush.api.provider;

import io.stkpush.api.Outcome;

/**
 * How a prompt stands according to the provider.
 *
 * @param state      pending, final, or unknown (a code nobody mapped: needs review, never a failure)
 * @param outcome    the final outcome when {@code state} is {@link State#FINAL}, else {@code null}
 * @param resultCode the provider's code, or {@code null}
 * @param message    plain-language reason for the operator, or {@code null}
 */
public record StatusAnswer(State state, Outcome outcome, String resultCode, String message) {

    public enum State {
        PENDING, FINAL, UNKNOWN
    }

    public StatusAnswer {
        if ((state == State.FINAL) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome goes with a final answer, and only with one");
        }
    }
}
