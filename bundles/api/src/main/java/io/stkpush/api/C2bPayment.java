package io.stkpush.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer-initiated Paybill/Till payment as the provider confirmed it.
 *
 * @param receipt          the M-Pesa receipt ({@code TransID})
 * @param amount           the amount paid
 * @param phone            the paying phone as reported (masked or hashed by Safaricom), or {@code null}
 * @param paidAt           when it was paid
 * @param accountReference the account number the customer typed ({@code BillRefNumber}), or {@code null}
 */
public record C2bPayment(Receipt receipt, Kes amount, String phone, Instant paidAt, String accountReference) {

    public C2bPayment {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
    }
}
