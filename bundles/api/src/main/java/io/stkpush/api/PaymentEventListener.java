package io.stkpush.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: every registered listener hears every {@link PaymentEvent} after it is committed. Must
 * return quickly and must not throw; slow work belongs on the listener's own thread.
 */
@ConsumerType
public interface PaymentEventListener {

    void onPaymentEvent(PaymentEvent event);
}
