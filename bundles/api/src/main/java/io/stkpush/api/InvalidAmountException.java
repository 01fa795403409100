package io.stkpush.api;

/** The operator typed an amount M-Pesa cannot collect. The message is shown to the operator as is. */
public class InvalidAmountException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAmountException(String message) {
        super(message);
    }
}
