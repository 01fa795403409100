package io.stkpush.api;

import java.math.BigDecimal;

/**
 * An amount of Kenyan shillings. M-Pesa moves whole shillings only, so there are no cents here: an amount
 * with a fraction is refused at the edge instead of being rounded.
 */
public record Kes(long shillings) implements Comparable<Kes> {

    /** The most M-Pesa lets one transaction carry. */
    public static final Kes MAX_PER_TRANSACTION = new Kes(250_000);

    public Kes {
        if (shillings < 0) {
            throw new IllegalArgumentException("an amount cannot be negative: " + shillings);
        }
    }

    public static Kes of(long shillings) {
        return new Kes(shillings);
    }

    /**
     * Reads a provider's decimal amount ({@code 1}, {@code 1.00}, {@code "5.00"}).
     *
     * @throws IllegalArgumentException when it has a non-zero fraction or is negative
     */
    public static Kes ofDecimal(BigDecimal amount) {
        try {
            return new Kes(amount.stripTrailingZeros().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of shillings: " + amount.toPlainString(), e);
        }
    }

    @Override
    public int compareTo(Kes other) {
        return Long.compare(shillings, other.shillings);
    }

    @Override
    public String toString() {
        return "KES " + shillings;
    }
}
