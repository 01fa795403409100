package io.stkpush.api;

import java.util.Objects;

/**
 * What the operator asks for when sending a prompt.
 *
 * @param subscriberId who the payment is for
 * @param phone        the phone to prompt (already parsed with {@link PhoneNumber#parse(String)})
 * @param amount       whole shillings, 1 to 250,000
 * @param operator     who sends it
 * @param planId       the host plan to renew once paid, or {@code null} for a plain payment
 */
public record PushRequest(SubscriberId subscriberId, PhoneNumber phone, Kes amount, OperatorName operator,
        String planId) {

    public PushRequest {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(operator, "operator");
        if (amount == null || amount.shillings() < 1 || amount.compareTo(Kes.MAX_PER_TRANSACTION) > 0) {
            throw new InvalidAmountException("Enter a whole amount in KES between 1 and 250,000.");
        }
    }
}
