package io.stkpush.push.internal;

import java.time.Clock;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.Push;
import io.stkpush.api.SettleResult;
import io.stkpush.api.text.OperatorText;

/**
 * Tells the listeners about a change once it is committed, in the operator's words ({@link OperatorText}). Both
 * desks publish through it, so an event reads the same whichever path made the change.
 */
final class PaymentEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentEventPublisher.class);

    private final PaymentEventListener listeners;
    private final Clock clock;
    private final OperatorText words = OperatorText.english();

    PaymentEventPublisher(PaymentEventListener listeners, Clock clock) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The push's status changed; a push the change left for review is announced as such too. */
    void statusChanged(Push push) {
        publish(PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, words.push(push), clock.instant()));
        if (push.needsReview()) {
            publish(PaymentEvent.of(Type.PUSH_NEEDS_REVIEW, push, words.push(push), clock.instant()));
        }
    }

    /** What settling changed: the push and its payment, or, for a refused success, the money kept unredeemed. */
    void settled(SettleResult result) {
        Push push = result.push();
        switch (result.kind()) {
            case SETTLED -> {
                statusChanged(push);
                if (result.payment() != null) {
                    paymentRecorded(result.payment(), push);
                }
            }
            case DUPLICATE, MISMATCH -> {
                // nothing changed
            }
            // the ledger logged the refusal; announced the first time only (Daraja repeats its callbacks)
            case CONFLICT -> {
                if (result.paymentRecorded()) {
                    paymentRecorded(result.payment(), push);
                }
            }
        }
    }

    /**
     * A payment was recorded: with the push it settled, or apart from one (C2B, an unknown push: {@code push} is
     * {@code null}).
     */
    void paymentRecorded(Payment payment, Push push) {
        publish(PaymentEvent.of(PaymentEvent.recorded(payment), payment, push, words.paymentRecorded(payment),
                clock.instant()));
    }

    /** An operator linked an unredeemed payment. */
    void paymentLinked(Payment linked) {
        publish(PaymentEvent.of(Type.PAYMENT_LINKED, linked, null, words.paymentLinked(linked), clock.instant()));
    }

    private void publish(PaymentEvent event) {
        try {
            listeners.onPaymentEvent(event);
        } catch (RuntimeException e) {
            // the change is committed; a listener's failure must not turn it into an error for the caller
            LOG.warn("Publishing {} for push {} failed", event.type(), event.pushId(), e);
        }
    }
}
