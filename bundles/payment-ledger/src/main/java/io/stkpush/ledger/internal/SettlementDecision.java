package io.stkpush.ledger.internal;

import java.time.Instant;

import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Push;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

/**
 * What settling a push does to it and to its payment, decided from the push as it stands. It decides a reason,
 * never words: those are rendered by {@link io.stkpush.api.text.OperatorText}.
 *
 * @param status       the push's status afterwards
 * @param reason       the push's reason afterwards, or {@code null}
 * @param providerText the provider's own words the push keeps, or {@code null}
 * @param linkTo       the subscriber the payment is linked to, or {@code null} to hold it unredeemed
 * @param unredeemed   why the payment is held, or {@code null} when it is linked
 */
record SettlementDecision(PushStatus status, PushReason reason, String providerText, SubscriberId linkTo,
        UnredeemedReason unredeemed) {

    /**
     * @param now when the answer arrived
     */
    static SettlementDecision of(Push push, Settlement settlement, LatePaymentPolicy policy, Instant now) {
        boolean waitedOn = push.status().isWaiting() || paidInWindow(push, settlement, now);
        // what the answer says about itself; an answer that says nothing keeps what the push had
        boolean answerSaysWhy = settlement.reason() != null || settlement.providerText() != null;
        PushReason reason = answerSaysWhy ? settlement.reason() : push.reason();
        String providerText = answerSaysWhy ? settlement.providerText() : push.providerText();
        if (settlement.outcome() != Outcome.SUCCEEDED) {
            // a late answer is recorded, but the operator already saw STOPPED or TIMEOUT: that stays
            return new SettlementDecision(waitedOn ? settlement.outcome().status() : push.status(), reason,
                    providerText, null, null);
        }
        PaidDetails paid = settlement.paid();
        if (!paid.amount().equals(push.amount())) {
            // never link a payment that does not match what was asked; an operator decides
            PushStatus status = waitedOn ? PushStatus.CONFIRMED : push.status();
            return new SettlementDecision(status, PushReason.AMOUNT_MISMATCH_HELD, providerText, null,
                    UnredeemedReason.AMOUNT_MISMATCH);
        }
        if (waitedOn || policy == LatePaymentPolicy.AUTO_LINK) {
            return new SettlementDecision(PushStatus.CONFIRMED, reason, providerText, push.subscriberId(), null);
        }
        return new SettlementDecision(push.status(), PushReason.LATE_PAYMENT_HELD, providerText, null,
                UnredeemedReason.LATE_PAYMENT);
    }

    /** A success M-Pesa reports with its receipt, by callback or C2B confirmation: what silence never overrules. */
    static boolean isEvidenceOfPayment(Settlement settlement) {
        return settlement.outcome() == Outcome.SUCCEEDED && settlement.evidence().carriesReceipt()
                && settlement.paid().receipt() != null;
    }

    /**
     * Evidence of payment is never overruled by silence: a receipt (callback or C2B) counts as paid while the
     * operator could still be looking, when it arrived before the window closed or M-Pesa's own time says it was
     * paid before then, even though the window ended (TIMEOUT) or a status query said "not paid" meanwhile. Once
     * the operator has stopped waiting, it is late whatever the time.
     */
    static boolean paidInWindow(Push push, Settlement settlement, Instant now) {
        if (!isEvidenceOfPayment(settlement) || push.status() == PushStatus.STOPPED || push.waitUntil() == null) {
            return false;
        }
        return now.isBefore(push.waitUntil()) || settlement.paid().paidAt().isBefore(push.waitUntil());
    }
}
