package io.stkpush.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PaymentEventTest {

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void anEventOfARenewalsPushNamesThePlan() {
        PaymentEvent event = PaymentEvent.of(PaymentEvent.Type.PUSH_STATUS_CHANGED, push("plan-10mbps"), null, AT);
        assertEquals("plan-10mbps", event.planId());
        assertTrue(event.mayConcernRenewal());
    }

    @Test
    void anEventOfAPlainPushConcernsNoRenewal() {
        Push plain = push(null);
        assertFalse(PaymentEvent.of(PaymentEvent.Type.PUSH_STATUS_CHANGED, plain, null, AT).mayConcernRenewal());
        assertFalse(PaymentEvent.of(PaymentEvent.Type.PAYMENT_RECORDED, payment(plain.id()), plain, null, AT)
                .mayConcernRenewal());
    }

    @Test
    void anEventWithoutItsPushMayConcernARenewal() {
        // a payment linked by an operator: the event does not say which plan its push renews, if any
        PaymentEvent linked = PaymentEvent.of(PaymentEvent.Type.PAYMENT_LINKED, payment(PushId.random()), null, null,
                AT);
        assertNull(linked.planId());
        assertTrue(linked.mayConcernRenewal());
    }

    @Test
    void theOldConstructorNamesNoPlan() {
        PaymentEvent event = new PaymentEvent(PaymentEvent.Type.PUSH_STATUS_CHANGED, PushId.random(), null,
                PushStatus.CONFIRMED, null, "0", null, null, AT);
        assertNull(event.planId());
        assertFalse(event.mayConcernRenewal());
    }

    private static Push push(String planId) {
        return new Push(PushId.random(), new SubscriberId("sub-1"), PhoneNumber.parse("0712345678"), Kes.of(500),
                PushStatus.CONFIRMED, Outcome.SUCCEEDED, null, "0", null, null, null, new OperatorName("alice"),
                planId, null, null, null, AT, AT, AT.plusSeconds(96), 0, null, null);
    }

    private static Payment payment(PushId pushId) {
        return new Payment(PaymentId.random(), new Receipt("SBX1"), Kes.of(500), "254712345678", AT,
                PaymentSource.STK, pushId, new SubscriberId("sub-1"), new SubscriberId("sub-1"), null, null, null,
                null, AT);
    }
}
