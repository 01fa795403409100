package io.stkpush.api;

/** A payment can be linked to a subscriber once; this one already is. */
public class PaymentAlreadyLinkedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Payment payment;

    public PaymentAlreadyLinkedException(Payment payment) {
        super("This payment is already linked to subscriber " + payment.subscriberId() + ".");
        this.payment = payment;
    }

    /** The payment as it stands, linked. */
    public Payment payment() {
        return payment;
    }
}
