package io.stkpush.daraja;

import java.util.Objects;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;

/**
 * What one Daraja STK result code means.
 *
 * @param code        the code as Daraja sent it ({@code "1032"}, {@code "SFC_IC0003"}), or {@code null} when there
 *                    was none
 * @param state       {@link State#FINAL} with an outcome, {@link State#PENDING} while the subscriber has not
 *                    answered, {@link State#UNKNOWN} for a code nobody mapped (needs review; never treat it as a
 *                    failure)
 * @param outcome     the outcome when final, else {@code null}
 * @param reason      why, in provider-neutral terms ({@link PushReason#UNKNOWN_ANSWER} for a code nobody mapped)
 * @param explanation Daraja's own words for a code no neutral reason fits ({@link PushReason#PROVIDER_REFUSED}),
 *                    else {@code null}
 */
public record ResultCode(String code, State state, Outcome outcome, PushReason reason, String explanation) {

    public ResultCode {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if ((state == State.FINAL) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome goes with a final result code, and only with one");
        }
        if (explanation != null && reason != PushReason.PROVIDER_REFUSED) {
            throw new IllegalArgumentException("a neutral reason has its words in OperatorText, not here");
        }
    }

    /** True when the code is in the catalogue. */
    public boolean isKnown() {
        return state != State.UNKNOWN;
    }

    /**
     * The provider's words to keep with the push: this code's explanation when it has one, else what Daraja said
     * ({@code ResultDesc}, which the operator sees only for {@link PushReason#PROVIDER_REFUSED}).
     *
     * @param rawDescription Daraja's {@code ResultDesc}, or {@code null}
     */
    public String providerText(String rawDescription) {
        return explanation != null ? explanation : rawDescription;
    }

    /**
     * The same meaning as a provider status answer.
     *
     * @param rawDescription Daraja's {@code ResultDesc}, or {@code null}
     */
    public StatusAnswer toStatusAnswer(String rawDescription) {
        return new StatusAnswer(state, outcome, reason, code, providerText(rawDescription));
    }
}
