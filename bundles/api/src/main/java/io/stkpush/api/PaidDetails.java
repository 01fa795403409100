package io.stkpush.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What the provider told us about a completed STK payment. A status query reports success without a receipt
 * or amount: then {@code receipt} is {@code null} and {@code amount} is the amount asked.
 *
 * @param receipt the M-Pesa receipt, or {@code null} when unknown yet
 * @param amount  the amount paid
 * @param phone   the paying phone as reported (may be masked or hashed), or {@code null}
 * @param paidAt  when it was paid
 * @param source  the channel that reported it
 */
public record PaidDetails(Receipt receipt, Kes amount, String phone, Instant paidAt, PaymentSource source) {

    public PaidDetails {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(source, "source");
    }
}
