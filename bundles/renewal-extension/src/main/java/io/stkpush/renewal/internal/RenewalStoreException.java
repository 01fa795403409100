package io.stkpush.renewal.internal;

/** The renewal table could not be read or written; the message is plain and holds no URL or credentials. */
final class RenewalStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RenewalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
