package io.stkpush.api;

/**
 * The result of recording a payment.
 *
 * @param duplicate true when a payment with the same receipt was already recorded (and is returned unchanged)
 * @param payment   the payment as the ledger holds it
 */
public record RecordedPayment(boolean duplicate, Payment payment) {
}
