package io.stkpush.api;

import java.util.Objects;

/** The M-Pesa receipt number of a completed payment ({@code MpesaReceiptNumber} in a callback, {@code TransID} in a C2B confirmation). The same receipt is the same payment, whichever path reported it. */
public record Receipt(String value) {

    public Receipt {
        Objects.requireNonNull(value, "value");
        value = value.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Receipt must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
