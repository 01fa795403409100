package io.stkpush.renewal.internal;

/** Where a renewal paid by STK Push stands. */
enum RenewalState {
    /** Waiting for the payment, or paid and being applied by the host (retried while the host fails). */
    PENDING,
    /** The host renewed the subscription, once, with the payment. */
    APPLIED,
    /** Paid, but the host did not renew after every retry: an operator must look (and may try again). */
    FAILED,
    /** No payment for it (cancelled, failed, timed out, stopped, or held unredeemed): not renewed. */
    NOT_PAID
}
