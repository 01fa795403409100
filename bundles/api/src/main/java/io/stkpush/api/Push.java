package io.stkpush.api;

import java.time.Instant;

/**
 * One payment prompt sent to a phone, as the ledger keeps it. Its words for the operator are rendered from
 * {@code status} and {@code reason} by {@link io.stkpush.api.text.OperatorText}, never stored.
 *
 * @param id                our id; also in the callback URL
 * @param subscriberId      the subscriber the payment is meant for
 * @param phone             the phone that gets the prompt
 * @param amount            the amount asked
 * @param status            what the operator sees
 * @param outcome           the provider's final answer, or {@code null} while there is none
 * @param reason            why the push stands as it does, in provider-neutral terms, or {@code null}
 * @param resultCode        the provider's raw result or error code behind it, or {@code null}
 * @param providerText      the provider's own words about it, or {@code null}
 * @param merchantRequestId the provider's merchant id once accepted, or {@code null}
 * @param checkoutRequestId the provider's checkout id once accepted, or {@code null} (e.g. the answer was lost)
 * @param operator          who sent it
 * @param planId            the host plan to renew on success, or {@code null} for a plain payment
 * @param paymentId         the payment this push produced, or {@code null}
 * @param receipt           the M-Pesa receipt of that payment, or {@code null}
 * @param paidAmount        the amount of that payment (it may differ from the amount asked), or {@code null}
 * @param createdAt         when the operator sent it
 * @param updatedAt         when it last changed
 * @param waitUntil         when the operator's waiting window ends
 * @param pollAttempts      status queries made so far
 * @param nextPollAt        when the next status query is due, or {@code null} when none is
 * @param reviewSince       when the push was left for an operator to review (no final answer is coming on its
 *                          own: status queries gave up, or the provider's answer to the prompt was lost), or
 *                          {@code null}
 */
public record Push(
        PushId id,
        SubscriberId subscriberId,
        PhoneNumber phone,
        Kes amount,
        PushStatus status,
        Outcome outcome,
        PushReason reason,
        String resultCode,
        String providerText,
        MerchantRequestId merchantRequestId,
        CheckoutRequestId checkoutRequestId,
        OperatorName operator,
        String planId,
        PaymentId paymentId,
        Receipt receipt,
        Kes paidAmount,
        Instant createdAt,
        Instant updatedAt,
        Instant waitUntil,
        int pollAttempts,
        Instant nextPollAt,
        Instant reviewSince) {

    /** True while the push has no final answer and nothing will bring one without an operator. */
    public boolean needsReview() {
        return reviewSince != null;
    }

    /** True once the provider gave a final answer. */
    public boolean isSettled() {
        return outcome != null;
    }
}
