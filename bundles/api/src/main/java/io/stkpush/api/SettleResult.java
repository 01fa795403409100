package io.stkpush.api;

/**
 * What settling did.
 *
 * @param kind    whether it changed anything
 * @param push    the push as it stands afterwards
 * @param payment the payment the push produced, or {@code null}
 */
public record SettleResult(Kind kind, Push push, Payment payment) {

    public enum Kind {
        /** This call gave the push its outcome (and recorded the payment, if any). */
        SETTLED,
        /** The push already had this outcome; nothing changed (a missing receipt may have been filled in). */
        DUPLICATE,
        /**
         * The push already had a different outcome, which stands; this answer was refused. A refused success that
         * carries a receipt is still money received: its payment is recorded unredeemed
         * ({@link UnredeemedReason#OUTCOME_CONFLICT}) and returned.
         */
        CONFLICT
    }
}
