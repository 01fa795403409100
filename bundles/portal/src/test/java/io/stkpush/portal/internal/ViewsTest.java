package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

import org.junit.jupiter.api.Test;

/** What the operator reads for each outcome in the user guide. */
class ViewsTest {

    private static Push push(PushStatus status, PushReason reason, String providerText) {
        return RecordingPushPayments.with(RecordingPushPayments.push(PushId.random(), new SubscriberId("sub-0001"),
                new PhoneNumber("254700000000"), Kes.of(1500), PushStatus.WAITING, null, new OperatorName("op")),
                status, reason, providerText);
    }

    private static Push push(PushStatus status) {
        return push(status, null, null);
    }

    private static Object message(Push push) {
        return Views.push(push).get("message");
    }

    @Test
    void eachStatusHasAPlainMessageWhenTheLedgerHasNone() {
        assertEquals("Waiting for customer to complete payment on their phone", message(push(PushStatus.WAITING)));
        assertEquals("Payment received and recorded.", message(push(PushStatus.CONFIRMED)));
        assertEquals("The customer cancelled the payment on their phone.",
                message(push(PushStatus.CANCELLED, null, " ")));
        assertEquals("No response received within 96 seconds.", message(push(PushStatus.TIMEOUT)));
        assertEquals("The payment did not go through.", message(push(PushStatus.FAILED)));
        assertEquals("Sending the payment request to the customer's phone.", message(push(PushStatus.SENDING)));
        assertEquals("Stopped waiting. The M-Pesa request was not cancelled: if the customer still pays, the payment"
                + " appears under Unredeemed Payments.", message(push(PushStatus.STOPPED)));
    }

    @Test
    void theLedgersReasonWins() {
        assertEquals("Wrong M-Pesa PIN entered.", message(push(PushStatus.FAILED, PushReason.WRONG_PIN, null)));
    }

    @Test
    void theTimeoutMessageFollowsThePushsOwnWindow() {
        Push p = push(PushStatus.TIMEOUT);
        Push longer = new Push(p.id(), p.subscriberId(), p.phone(), p.amount(), p.status(), p.outcome(), null,
                p.resultCode(), null, null, null, p.operator(), null, null, null, null, p.createdAt(), p.updatedAt(),
                p.createdAt().plus(Duration.ofSeconds(120)), 0, null, null);
        assertEquals("No response received within 120 seconds.", message(longer));
    }

    @Test
    void everyFieldOfThePushIsPresent() {
        Map<String, Object> view = Views.push(push(PushStatus.CONFIRMED));
        assertEquals(List.of("pushId", "status", "waiting", "resultCode", "reason", "message", "receipt", "paymentId",
                "subscriberId", "phone", "amount", "merchantRequestId", "checkoutRequestId", "operator", "planId",
                "createdAt", "updatedAt",
                "waitUntil", "needsReview", "reviewSince"), List.copyOf(view.keySet()));
        assertEquals("254700000000", view.get("phone"));
        assertEquals(1500L, view.get("amount"));
        assertEquals("2025-03-10T09:30:00Z", view.get("createdAt"));
    }

    @Test
    void aHeldPaymentSaysWhyInWordsBesideItsCode() {
        Payment held = new Payment(PaymentId.random(), null, Kes.of(1500), "254700000000",
                Instant.parse("2025-03-10T09:30:00Z"), PaymentSource.STK, null, null,
                new SubscriberId("sub-1"), null, UnredeemedReason.LATE_PAYMENT, null, null,
                Instant.parse("2025-03-10T09:30:01Z"));
        Map<String, Object> view = Views.payment(held);
        assertEquals("late_payment", view.get("unredeemedReason"));
        assertEquals("Paid after the operator stopped waiting or the waiting window closed.",
                view.get("unredeemedMessage"));
    }
}
