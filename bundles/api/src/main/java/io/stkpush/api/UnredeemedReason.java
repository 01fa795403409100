package io.stkpush.api;

/** Why a payment was held for an operator instead of being linked automatically (stored as the lower-case name). */
public enum UnredeemedReason {
    /** It completed after the operator stopped waiting or after the waiting window closed. */
    LATE_PAYMENT,
    /** The amount paid differs from the amount asked. */
    AMOUNT_MISMATCH,
    /** A C2B payment whose account number matches no subscriber. */
    UNKNOWN_ACCOUNT,
    /**
     * M-Pesa reported a paid receipt for a push that had already ended with another outcome (e.g. a status query
     * said it failed): the outcome stands, the money is kept here for an operator to check and link.
     */
    OUTCOME_CONFLICT,
    /**
     * A paid STK callback, with a valid token, for a push the ledger does not know (a database restored from an
     * older backup, say): nobody to link it to, so it is kept for an operator.
     */
    UNKNOWN_PUSH;

    /** The code stored and shown in the API, e.g. {@code amount_mismatch}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reason a stored {@link #code()} names. */
    public static UnredeemedReason ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
