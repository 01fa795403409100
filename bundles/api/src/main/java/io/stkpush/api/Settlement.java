package io.stkpush.api;

import java.util.Objects;

/**
 * A final answer about a push, from whichever path brought it (callback, status query, C2B confirmation).
 * All paths settle through the same idempotent operation.
 *
 * @param pushId       the push it answers
 * @param outcome      the final outcome
 * @param reason       why, in provider-neutral terms, or {@code null} when the provider gave none
 * @param resultCode   the provider's raw result code, e.g. {@code "1032"}, or {@code null}
 * @param providerText the provider's own words about it (shown only for {@link PushReason#PROVIDER_REFUSED}), or
 *                     {@code null}
 * @param paid         what was paid, required when the outcome is {@link Outcome#SUCCEEDED}; {@code null}
 *                     otherwise
 */
public record Settlement(PushId pushId, Outcome outcome, PushReason reason, String resultCode, String providerText,
        PaidDetails paid) {

    public Settlement {
        Objects.requireNonNull(pushId, "pushId");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.SUCCEEDED) != (paid != null)) {
            throw new IllegalArgumentException("payment details go with a success, and only with a success");
        }
    }
}
