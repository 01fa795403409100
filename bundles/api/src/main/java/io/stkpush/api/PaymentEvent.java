package io.stkpush.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Something an operator's page should hear about at once. Published after the change is committed; on other nodes
 * it is rebuilt from the ledger, so it carries only what the ledger knows.
 *
 * @param type         what happened
 * @param pushId       the push concerned, or {@code null} for a payment without one (C2B)
 * @param subscriberId the subscriber concerned (the push's, or the payment's linked or intended one), or
 *                     {@code null}
 * @param status       the push's status after the change, or {@code null}
 * @param message      the operator's words for it, rendered by {@link io.stkpush.api.text.OperatorText}, or
 *                     {@code null}
 * @param resultCode   the provider's raw result code behind the push's status, or {@code null}
 * @param receipt      the M-Pesa receipt concerned, or {@code null}
 * @param paymentId    the payment concerned, or {@code null}
 * @param at           when it happened
 * @param planId       the host plan the push renews (a renewal's push), or {@code null}: a push that renews none,
 *                     or an event that does not carry its push ({@code status} is {@code null} then). Since 2.6
 */
public record PaymentEvent(Type type, PushId pushId, SubscriberId subscriberId, PushStatus status, String message,
        String resultCode, Receipt receipt, PaymentId paymentId, Instant at, String planId) {

    public enum Type {
        /** A push changed status (waiting, confirmed, cancelled, timed out, failed, stopped). */
        PUSH_STATUS_CHANGED,
        /** A payment was recorded and linked to its subscriber. */
        PAYMENT_RECORDED,
        /** A payment was recorded but held under Unredeemed Payments for an operator to link. */
        UNREDEEMED_PAYMENT_RECORDED,
        /** An operator linked an unredeemed payment to a subscriber. */
        PAYMENT_LINKED,
        /** A push was left for an operator to review: no final answer will come on its own. */
        PUSH_NEEDS_REVIEW,
        /**
         * A renewal paid by a push changed state (pending, applied, failed, not paid); {@code message} says what.
         * Published by the renewal extension; pages read the renewal itself for the details.
         *
         * @since 2.1
         */
        RENEWAL_CHANGED
    }

    public PaymentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** An event that names no plan: what every event was before 2.6. */
    public PaymentEvent(Type type, PushId pushId, SubscriberId subscriberId, PushStatus status, String message,
            String resultCode, Receipt receipt, PaymentId paymentId, Instant at) {
        this(type, pushId, subscriberId, status, message, resultCode, receipt, paymentId, at, null);
    }

    /**
     * False only when the event carries its push and that push renews no plan: a listener that cares for renewals
     * alone can pass it by without reading the ledger.
     *
     * @since 2.6
     */
    public boolean mayConcernRenewal() {
        return status == null || planId != null;
    }

    /** The push's status changed ({@link Type#PUSH_STATUS_CHANGED}), or it was left for review. */
    public static PaymentEvent of(Type type, Push push, String message, Instant at) {
        return new PaymentEvent(type, push.id(), push.subscriberId(), push.status(), message, push.resultCode(),
                push.receipt(), push.paymentId(), at, push.planId());
    }

    /**
     * A payment was recorded ({@link Type#PAYMENT_RECORDED} or, when unredeemed,
     * {@link Type#UNREDEEMED_PAYMENT_RECORDED}) or linked ({@link Type#PAYMENT_LINKED}).
     *
     * @param push the push it came from, or {@code null}
     */
    public static PaymentEvent of(Type type, Payment payment, Push push, String message, Instant at) {
        SubscriberId subscriber = payment.subscriberId() != null ? payment.subscriberId()
                : payment.intendedSubscriberId();
        return new PaymentEvent(type, payment.pushId(), subscriber, push == null ? null : push.status(), message,
                push == null ? null : push.resultCode(), payment.receipt(), payment.id(), at,
                push == null ? null : push.planId());
    }

    /** {@link Type#PAYMENT_RECORDED} or {@link Type#UNREDEEMED_PAYMENT_RECORDED}, as the payment stands. */
    public static Type recorded(Payment payment) {
        return payment.isUnredeemed() ? Type.UNREDEEMED_PAYMENT_RECORDED : Type.PAYMENT_RECORDED;
    }
}
