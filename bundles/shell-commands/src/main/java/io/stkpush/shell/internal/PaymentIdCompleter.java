package io.stkpush.shell.internal;

import java.util.Map;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PushPayments;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes payment ids: the unredeemed payments, the ones {@code stkpush:link} takes. */
@Service
public class PaymentIdCompleter extends IdCompletion {

    static final int OFFERED = 100;

    @Reference(optional = true)
    PushPayments pushes;

    /** Each unredeemed payment's id with "amount, receipt, why held". */
    @Override
    void collect(String typed, Map<String, String> ids) {
        if (pushes == null) {
            return;
        }
        for (Payment payment : pushes.payments(new PaymentQuery(null, true, null, null, OFFERED))) {
            ids.put(payment.id().toString(), Shown.amount(payment.amount())
                    + (payment.receipt() == null ? "" : ", " + payment.receipt())
                    + (payment.unredeemedReason() == null ? "" : ", " + payment.unredeemedReason().code()));
        }
    }
}
