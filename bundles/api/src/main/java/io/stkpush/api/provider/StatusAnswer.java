package io.stkpush.api.provider;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;

/**
 * How a prompt stands according to the provider.
 *
 * @param state        pending, final, or unknown (a code nobody mapped: needs review, never a failure)
 * @param outcome      the final outcome when {@code state} is {@link State#FINAL}, else {@code null}
 * @param reason       why, in provider-neutral terms, or {@code null}
 * @param resultCode   the provider's raw code, or {@code null}
 * @param providerText the provider's own words about it, or {@code null}
 */
public record StatusAnswer(State state, Outcome outcome, PushReason reason, String resultCode, String providerText) {

    public enum State {
        PENDING, FINAL, UNKNOWN
    }

    public StatusAnswer {
        if ((state == State.FINAL) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome goes with a final answer, and only with one");
        }
    }
}
