package io.stkpush.api.provider;

/** The provider did not accept a request. The message is plain language an operator can act on. */
public class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Refused: nothing was sent to the phone (bad number, bad configuration, ...). */
        REJECTED,
        /** Busy or rate-limited: nothing was sent; try again later. */
        BUSY,
        /** The answer was lost (timeout, connection reset): a prompt may be on the phone. */
        UNKNOWN
    }

    private final Kind kind;
    private final String code;

    public ProviderException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's error code, e.g. {@code 400.002.02}, or {@code null}. */
    public String code() {
        return code;
    }
}
