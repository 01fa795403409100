package io.stkpush.callback.internal;

/** A body that is not a callback we can read; the message is plain and safe to send back. */
final class InvalidCallbackException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidCallbackException(String message) {
        super(message);
    }
}
