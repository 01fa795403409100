package io.stkpush.api.provider;

import java.util.Objects;

import io.stkpush.api.PushReason;

/**
 * The provider did not accept a request. The reason is provider-neutral; the message is the provider's own words,
 * which the operator sees only where no neutral reason fits ({@link PushReason#PROVIDER_REFUSED}).
 */
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
    private final PushReason reason;
    private final String code;

    public ProviderException(Kind kind, PushReason reason, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** Why, in provider-neutral terms. */
    public PushReason reason() {
        return reason;
    }

    /** The provider's error code, e.g. {@code 400.002.02}, or {@code null}. */
    public String code() {
        return code;
    }
}
