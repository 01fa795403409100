package io.stkpush.api;

/**
 * What settling did.
 *
 * @param kind            whether it changed anything
 * @param push            the push as it stands afterwards
 * @param payment         the payment the push produced (or the refused success kept), or {@code null}
 * @param paymentRecorded whether this call recorded {@code payment} or gave it to the push: what is worth
 *                        announcing, once, however often the provider repeats itself
 */
public record SettleResult(Kind kind, Push push, Payment payment, boolean paymentRecorded) {

    /** The form before {@code paymentRecorded} (1.0): only a settlement records its payment. */
    public SettleResult(Kind kind, Push push, Payment payment) {
        this(kind, push, payment, kind == Kind.SETTLED && payment != null);
    }

    public enum Kind {
        /** This call gave the push its outcome (and recorded the payment, if any). */
        SETTLED,
        /** The push already had this outcome; nothing changed (a missing receipt may have been filled in). */
        DUPLICATE,
        /**
         * The push already had a different outcome, which stands, or (the push left without an outcome) the success's
         * receipt already paid another push; this answer was refused. A refused success that
         * carries a receipt is still money received: its payment is recorded unredeemed
         * ({@link UnredeemedReason#OUTCOME_CONFLICT}) and returned.
         */
        CONFLICT,
        /**
         * The answer names another provider transaction than the push's ({@link Settlement#names()}): refused,
         * nothing changed, kept in the journal for review. Since 2.6.
         */
        MISMATCH
    }
}
