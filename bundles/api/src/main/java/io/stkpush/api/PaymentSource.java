package io.stkpush.api;

/** Which M-Pesa channel reported a payment. */
public enum PaymentSource {
    /** An STK push we sent (callback or status query). */
    STK,
    /** A customer-initiated Paybill/Till payment reported by a C2B confirmation. */
    C2B
}
