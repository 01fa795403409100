package io.stkpush.daraja;

/** What M-Pesa does with a C2B payment when the validation URL does not answer in time. */
public enum C2bResponseType {
    /** Accept the payment. */
    COMPLETED("Completed"),
    /** Refuse the payment. */
    CANCELLED("Cancelled");

    private final String value;

    C2bResponseType(String value) {
        this.value = value;
    }

    /** Daraja's spelling, exactly: {@code Completed} or {@code Cancelled}. */
    public String value() {
        return value;
    }
}
