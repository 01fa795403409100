package io.stkpush.renewal.internal;

import java.time.Instant;
import java.util.Objects;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.SubscriberId;

/**
 * A Renew / Change Plan paid by STK Push: who, which plan at what price, the push paying for it, and what became of
 * it.
 *
 * @param id            our id (a UUID)
 * @param pushId        the push paying for it, chosen before the push was sent
 * @param subscriberId  the subscriber renewed
 * @param planId        the host's plan
 * @param planName      the plan's name when asked
 * @param amount        the plan's price when asked: the push's amount
 * @param operator      who asked
 * @param state         where it stands
 * @param paymentId     the payment renewing it, once known
 * @param attempts      calls to the host's renewal so far
 * @param nextAttemptAt when the host is asked next, while a payment is known and the renewal pending
 * @param message       the operator's words for the state
 * @param newExpiresAt  when the renewed subscription ends, once applied
 * @param createdAt     when asked
 * @param updatedAt     last change
 */
record Renewal(String id, PushId pushId, SubscriberId subscriberId, String planId, String planName, Kes amount,
        OperatorName operator, RenewalState state, PaymentId paymentId, int attempts, Instant nextAttemptAt,
        String message, Instant newExpiresAt, Instant createdAt, Instant updatedAt) {

    Renewal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pushId, "pushId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(state, "state");
    }

    boolean isPaid() {
        return paymentId != null;
    }
}
