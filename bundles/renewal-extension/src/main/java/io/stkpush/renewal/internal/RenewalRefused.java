package io.stkpush.renewal.internal;

/** A renewal request that cannot be done as asked: an HTTP status, a code and plain words for the operator. */
final class RenewalRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    RenewalRefused(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
