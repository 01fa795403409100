package io.stkpush.ledger.internal;

import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

/**
 * What settling a push does to it and to its payment, decided from the push as it stands.
 *
 * @param status     the push's status afterwards
 * @param message    the push's message afterwards
 * @param linkTo     the subscriber the payment is linked to, or {@code null} to hold it unredeemed
 * @param unredeemed why the payment is held, or {@code null} when it is linked
 */
record SettlementDecision(PushStatus status, String message, SubscriberId linkTo, UnredeemedReason unredeemed) {

    static SettlementDecision of(Push push, Settlement settlement, LatePaymentPolicy policy) {
        boolean waitedOn = push.status().isWaiting();
        String message = settlement.message() != null ? settlement.message() : push.message();
        if (settlement.outcome() != Outcome.SUCCEEDED) {
            // a late answer is recorded, but the operator already saw STOPPED or TIMEOUT: that stays
            return new SettlementDecision(waitedOn ? settlement.outcome().status() : push.status(), message, null,
                    null);
        }
        PaidDetails paid = settlement.paid();
        if (!paid.amount().equals(push.amount())) {
            // never link a payment that does not match what was asked; an operator decides
            PushStatus status = waitedOn ? PushStatus.CONFIRMED : push.status();
            return new SettlementDecision(status, amountMismatch(push, paid), null, UnredeemedReason.AMOUNT_MISMATCH);
        }
        if (waitedOn || policy == LatePaymentPolicy.AUTO_LINK) {
            return new SettlementDecision(PushStatus.CONFIRMED, message, push.subscriberId(), null);
        }
        return new SettlementDecision(push.status(),
                "Payment received after waiting ended: it is held under Unredeemed Payments for review.", null,
                UnredeemedReason.LATE_PAYMENT);
    }

    private static String amountMismatch(Push push, PaidDetails paid) {
        return "Payment received, but KES " + paid.amount().shillings() + " differs from the KES "
                + push.amount().shillings() + " asked: it is held under Unredeemed Payments for review.";
    }
}
