package io.stkpush.api;

import java.time.Instant;

/**
 * Money received through M-Pesa. A payment with no {@code subscriberId} is <em>unredeemed</em>: it waits for
 * an operator to link it to a subscriber.
 *
 * @param id                   our id
 * @param receipt              the M-Pesa receipt, or {@code null} when the provider did not give one
 *                             (a success known only from a status query)
 * @param amount               the amount paid
 * @param phone                the paying phone as the provider reported it; may be masked or hashed by
 *                             Safaricom, so it is kept as text
 * @param paidAt               when M-Pesa completed it
 * @param source               which channel reported it
 * @param pushId               the push it came from, or {@code null} (C2B)
 * @param subscriberId         the subscriber it is linked to, or {@code null} while unredeemed
 * @param intendedSubscriberId the subscriber it was meant for, when known
 * @param accountReference     the account the customer typed (C2B {@code BillRefNumber}), or {@code null}
 * @param unredeemedReason     why it was not linked automatically, or {@code null}
 * @param linkedBy             the operator who linked it by hand, or {@code null}
 * @param linkedAt             when it was linked by hand, or {@code null}
 * @param recordedAt           when the ledger recorded it
 */
public record Payment(
        PaymentId id,
        Receipt receipt,
        Kes amount,
        String phone,
        Instant paidAt,
        PaymentSource source,
        PushId pushId,
        SubscriberId subscriberId,
        SubscriberId intendedSubscriberId,
        String accountReference,
        UnredeemedReason unredeemedReason,
        OperatorName linkedBy,
        Instant linkedAt,
        Instant recordedAt) {

    /** True while no subscriber is linked. */
    public boolean isUnredeemed() {
        return subscriberId == null;
    }
}
