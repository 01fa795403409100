package io.stkpush.push.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;

/**
 * Hands each event to every registered listener. The change is already committed when this runs, so a listener
 * that throws is logged and skipped: it must not make a recorded payment look failed.
 */
final class PaymentEventFanOut implements PaymentEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentEventFanOut.class);

    private final List<PaymentEventListener> listeners = new CopyOnWriteArrayList<>();

    void add(PaymentEventListener listener) {
        listeners.add(listener);
    }

    void remove(PaymentEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        for (PaymentEventListener listener : listeners) {
            try {
                listener.onPaymentEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Payment event listener {} failed on {} for push {}", listener.getClass().getName(),
                        event.type(), event.pushId(), e);
            }
        }
    }
}
