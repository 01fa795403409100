package io.stkpush.api;

/**
 * What the operator sees of a push (the external contract's {@code status}).
 *
 * <p>{@link #TIMEOUT} and {@link #STOPPED} end the operator's wait, not the M-Pesa transaction: the server
 * keeps reconciling such a push, and a payment that completes later is recorded as unredeemed.
 */
public enum PushStatus {
    /** Written before the provider is called; the provider has not answered yet. */
    SENDING,
    /** The provider accepted the push (or its answer was lost); the prompt may be on the phone. */
    WAITING,
    /** Paid: the payment is recorded and linked to the subscriber. */
    CONFIRMED,
    /** The subscriber cancelled the prompt on the phone. */
    CANCELLED,
    /** The waiting window ended with no answer, or the phone never answered. */
    TIMEOUT,
    /** The payment did not go through; {@code message} says why. */
    FAILED,
    /** The operator clicked Stop Waiting; the transaction itself was not cancelled. */
    STOPPED;

    /** True while the operator's dialog is still waiting for an answer. */
    public boolean isWaiting() {
        return this == SENDING || this == WAITING;
    }
}
