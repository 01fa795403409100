package io.stkpush.daraja.client.internal;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;

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

    /**
     * {@code UNKNOWN} ({@link PushReason#ANSWER_LOST}) when the request may have arrived (it may have been acted
     * on), else {@code BUSY} ({@link PushReason#PROVIDER_UNREACHABLE}).
     *
     * @param message what the caller logs
     */
    ProviderException toProviderException(String message) {
        return mayHaveArrived
                ? new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, null, message, this)
                : new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, null, message, this);
    }
}
