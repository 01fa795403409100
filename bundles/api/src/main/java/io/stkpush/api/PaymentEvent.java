package io.stkpush.api;

import java.time.Instant;

/**
 * Something an operator's page should hear about at once. Published after the change is committed.
 *
 * @param type      what happened
 * @param pushId    the push concerned, or {@code null} for a payment without one (C2B)
 * @param status    the push's status after the change, or {@code null}
 * @param paymentId the payment concerned, or {@code null}
 * @param message   the operator's words for it, rendered by {@link io.stkpush.api.text.OperatorText}, or
 *                  {@code null}
 * @param at        when it happened
 */
public record PaymentEvent(Type type, PushId pushId, PushStatus status, PaymentId paymentId, String message,
        Instant at) {

    public enum Type {
        /** A push changed status (waiting, confirmed, cancelled, timed out, failed, stopped). */
        PUSH_STATUS_CHANGED,
        /** A payment was recorded, linked or unredeemed. */
        PAYMENT_RECORDED,
        /** An operator linked an unredeemed payment to a subscriber. */
        PAYMENT_LINKED
    }
}
