package io.stkpush.api;

/** The operator typed a phone number M-Pesa cannot prompt. The message is shown to the operator as is. */
public class InvalidPhoneNumberException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidPhoneNumberException(String message) {
        super(message);
    }
}
