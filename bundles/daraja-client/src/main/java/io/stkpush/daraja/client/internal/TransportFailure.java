package io.stkpush.daraja.client.internal;

/**
 * No HTTP answer from Daraja. What matters is whether the request may have arrived: for a push, a request that
 * may have arrived may have put a prompt on the phone.
 */
final class TransportFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean mayHaveArrived;

    TransportFailure(boolean mayHaveArrived, String what, Throwable cause) {
        super(what, cause);
        this.mayHaveArrived = mayHaveArrived;
    }

    /** False only when the connection was never made (refused, connect timeout, unknown host). */
    boolean mayHaveArrived() {
        return mayHaveArrived;
    }
}
