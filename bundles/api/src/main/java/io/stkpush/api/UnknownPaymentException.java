package io.stkpush.api;

/** No payment, push or other ledger record has the given id. */
public class UnknownPaymentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownPaymentException(String message) {
        super(message);
    }
}
