package io.stkpush.daraja;

import io.stkpush.api.Outcome;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;

/**
 * What one Daraja STK result code means.
 *
 * @param code    the code as Daraja sent it ({@code "1032"}, {@code "SFC_IC0003"}), or {@code null} when there was
 *                none
 * @param state   {@link State#FINAL} with an outcome, {@link State#PENDING} while the subscriber has not answered,
 *                {@link State#UNKNOWN} for a code nobody mapped (needs review; never treat it as a failure)
 * @param outcome the outcome when final, else {@code null}
 * @param reason  plain-language reason for the operator
 */
public record ResultCode(String code, State state, Outcome outcome, String reason) {

    public ResultCode {
        if ((state == State.FINAL) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome goes with a final result code, and only with one");
        }
    }

    /** True when the code is in the catalogue. */
    public boolean isKnown() {
        return state != State.UNKNOWN;
    }

    /** The same meaning as a provider status answer. */
    public StatusAnswer toStatusAnswer() {
        return new StatusAnswer(state, outcome, code, reason);
    }
}
