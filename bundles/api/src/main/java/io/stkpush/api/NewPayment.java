package io.stkpush.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment that did not come from settling a push: a C2B confirmation, or an STK payment whose push we cannot
 * find. It is linked when {@code subscriberId} is given, unredeemed otherwise.
 *
 * @param receipt              the M-Pesa receipt (the idempotency key), or {@code null}
 * @param amount               the amount paid
 * @param phone                the paying phone as reported, or {@code null}
 * @param paidAt               when it was paid
 * @param source               the channel that reported it
 * @param subscriberId         the subscriber to link it to, or {@code null} for unredeemed
 * @param intendedSubscriberId the subscriber it seems meant for, or {@code null}
 * @param accountReference     the account number the customer typed, or {@code null}
 * @param unredeemedReason     why it is unredeemed; required when {@code subscriberId} is {@code null}
 */
public record NewPayment(Receipt receipt, Kes amount, String phone, Instant paidAt, PaymentSource source,
        SubscriberId subscriberId, SubscriberId intendedSubscriberId, String accountReference,
        UnredeemedReason unredeemedReason) {

    public NewPayment {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(source, "source");
        if (subscriberId == null && unredeemedReason == null) {
            throw new IllegalArgumentException("an unredeemed payment needs a reason");
        }
    }
}
