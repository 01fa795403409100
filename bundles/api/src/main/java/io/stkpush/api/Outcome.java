package io.stkpush.api;

/**
 * The provider's final answer for a push. Once a push has an outcome it never changes: a second report of the
 * same outcome is a duplicate, a different one is a conflict that is refused and reported.
 */
public enum Outcome {
    /** Paid. Comes with a payment. */
    SUCCEEDED(PushStatus.CONFIRMED),
    /** Cancelled by the subscriber on the phone (Daraja 1032). */
    CANCELLED(PushStatus.CANCELLED),
    /** The phone never answered or the prompt expired (Daraja 1037, 1019, ...). */
    NO_RESPONSE(PushStatus.TIMEOUT),
    /** Refused for a reason given with it: wrong PIN, insufficient balance, subscriber busy, ... */
    FAILED(PushStatus.FAILED);

    private final PushStatus status;

    Outcome(PushStatus status) {
        this.status = status;
    }

    /** The status the operator sees when this outcome arrives while they are still waiting. */
    public PushStatus status() {
        return status;
    }
}
