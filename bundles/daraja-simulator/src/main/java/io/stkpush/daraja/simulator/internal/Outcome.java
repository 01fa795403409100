package io.stkpush.daraja.simulator.internal;

/**
 * How an STK prompt ends. The callback and the status query word the same result differently (observed for
 * 1032 and 1037), so each outcome carries both texts; clients must decide on the code only.
 */
enum Outcome {
    PAID(0, "The service request is processed successfully.", "The service request is processed successfully."),
    INSUFFICIENT_BALANCE(1, "The balance is insufficient for the transaction.",
            "The balance is insufficient for the transaction."),
    ABOVE_MAXIMUM(3, "Declined due to limit rule: greater than the maximum transaction amount.",
            "Declined due to limit rule: greater than the maximum transaction amount."),
    CANCELLED(1032, "Request cancelled by user", "Request Cancelled by user."),
    NO_RESPONSE(1037, "No response from user.", "DS timeout user cannot be reached."),
    WRONG_PIN(2001, "The initiator information is invalid.", "The initiator information is invalid.");

    private final int resultCode;
    private final String callbackDesc;
    private final String queryDesc;

    Outcome(int resultCode, String callbackDesc, String queryDesc) {
        this.resultCode = resultCode;
        this.callbackDesc = callbackDesc;
        this.queryDesc = queryDesc;
    }

    int resultCode() {
        return resultCode;
    }

    String callbackDesc() {
        return callbackDesc;
    }

    String queryDesc() {
        return queryDesc;
    }

    boolean paid() {
        return this == PAID;
    }
}
