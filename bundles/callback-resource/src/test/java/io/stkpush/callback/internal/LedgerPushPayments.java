package io.stkpush.callback.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.NewPayment;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

/**
 * Stands in for the push service at its boundary: records what the resource asked for and passes it straight to
 * the real ledger (the push service adds events and subscriber matching, tested end to end elsewhere).
 */
final class LedgerPushPayments implements PushPayments {

    final List<Settlement> settlements = new CopyOnWriteArrayList<>();
    final List<C2bPayment> c2bPayments = new CopyOnWriteArrayList<>();
    private final PaymentLedger ledger;
    private volatile RuntimeException failure;

    LedgerPushPayments(PaymentLedger ledger) {
        this.ledger = ledger;
    }

    /** Every later call throws this (null: none), as a push service whose database went away would. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public Optional<Push> find(PushId id) {
        check();
        return ledger.findPush(id);
    }

    @Override
    public SettleResult settle(Settlement settlement) {
        check();
        settlements.add(settlement);
        return ledger.settle(settlement);
    }

    @Override
    public RecordedPayment recordC2bPayment(C2bPayment payment) {
        check();
        c2bPayments.add(payment);
        return ledger.recordPayment(new NewPayment(payment.receipt(), payment.amount(), payment.phone(),
                payment.paidAt(), PaymentSource.C2B, null, null, payment.accountReference(),
                UnredeemedReason.UNKNOWN_ACCOUNT));
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(PushId pushId, PaidDetails paid) {
        check();
        return ledger.recordPayment(new NewPayment(paid.receipt(), paid.amount(), paid.phone(), paid.paidAt(),
                paid.source(), null, null, null, UnredeemedReason.UNKNOWN_PUSH));
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public Push initiate(PushRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Push endWaitingWindow(PushId id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        throw new UnsupportedOperationException();
    }
}
