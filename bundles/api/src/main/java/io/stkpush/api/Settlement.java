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
 * @param evidence     which path brought the answer, and so how much it weighs against another (since 2.2)
 * @param names        the provider's transaction the answer names, checked against the push's (a callback names
 *                     both ids), or {@code null}: nothing to check (since 2.6)
 */
public record Settlement(PushId pushId, Outcome outcome, PushReason reason, String resultCode, String providerText,
        PaidDetails paid, Evidence evidence, Transaction names) {

    public Settlement {
        Objects.requireNonNull(pushId, "pushId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(evidence, "evidence");
        if ((outcome == Outcome.SUCCEEDED) != (paid != null)) {
            throw new IllegalArgumentException("payment details go with a success, and only with a success");
        }
    }

    /** The form before 2.6: an answer that names no transaction to check. */
    public Settlement(PushId pushId, Outcome outcome, PushReason reason, String resultCode, String providerText,
            PaidDetails paid, Evidence evidence) {
        this(pushId, outcome, reason, resultCode, providerText, paid, evidence, null);
    }

    /** The form before 2.2: an answer of unknown origin weighs as much as a callback. */
    public Settlement(PushId pushId, Outcome outcome, PushReason reason, String resultCode, String providerText,
            PaidDetails paid) {
        this(pushId, outcome, reason, resultCode, providerText, paid, Evidence.CALLBACK);
    }

    /**
     * This answer, naming the provider's transaction it answers: the ledger refuses it
     * ({@link SettleResult.Kind#MISMATCH}) when the push knows other ids. Since 2.6.
     */
    public Settlement naming(Transaction transaction) {
        return new Settlement(pushId, outcome, reason, resultCode, providerText, paid, evidence, transaction);
    }

    /**
     * The provider's ids of one prompt, as an answer names them; either may be {@code null} (not named).
     *
     * @since 2.6
     */
    public record Transaction(MerchantRequestId merchantRequestId, CheckoutRequestId checkoutRequestId) {

        /** What in this transaction is not {@code push}'s, in words for the journal, or {@code null}. */
        public String mismatchWith(Push push) {
            if (checkoutRequestId != null && push.checkoutRequestId() != null
                    && !push.checkoutRequestId().equals(checkoutRequestId)) {
                return "CheckoutRequestID " + checkoutRequestId.value() + " is not the push's "
                        + push.checkoutRequestId().value();
            }
            if (merchantRequestId != null && push.merchantRequestId() != null
                    && !push.merchantRequestId().equals(merchantRequestId)) {
                return "MerchantRequestID " + merchantRequestId.value() + " is not the push's "
                        + push.merchantRequestId().value();
            }
            return null;
        }
    }

    /**
     * Where an answer came from. A status query's "not paid" is weaker than a payment M-Pesa reports with a
     * receipt: Daraja answers a query with an expiry code while the subscriber may still be typing the PIN. So a
     * receipt for the push, by callback or C2B confirmation, overrules a non-success that only a status query gave
     * (see {@link PushLedger#settle}); between callbacks the first outcome stands.
     */
    public enum Evidence {
        /** The provider's callback for this push. */
        CALLBACK,
        /** A C2B confirmation carrying the push's receipt. */
        C2B_CONFIRMATION,
        /** The answer to a status query: no receipt, and a non-success may be premature. */
        STATUS_QUERY,
        /** The provider refused the push when it was sent: nothing reached the phone. */
        SUBMISSION;

        /** True for the answers that carry M-Pesa's own record of the payment (a receipt) when paid. */
        public boolean carriesReceipt() {
            return this == CALLBACK || this == C2B_CONFIRMATION;
        }

        /** The code stored in the ledger, e.g. {@code status_query}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The evidence a stored {@link #code()} names. */
        public static Evidence ofCode(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
