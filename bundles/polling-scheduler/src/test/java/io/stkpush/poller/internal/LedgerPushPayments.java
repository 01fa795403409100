package io.stkpush.poller.internal;

import java.util.List;
import java.util.Optional;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;

/** The part of the push service the poller uses, straight onto the ledger (the push service adds only events). */
final class LedgerPushPayments implements PushPayments {

    private final PaymentLedger ledger;

    LedgerPushPayments(PaymentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Push endWaitingWindow(PushId id) {
        return ledger.endWaitingWindow(id);
    }

    @Override
    public SettleResult settle(Settlement settlement) {
        return ledger.settle(settlement);
    }

    @Override
    public Optional<Push> find(PushId id) {
        return ledger.findPush(id);
    }

    @Override
    public Push initiate(PushRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        return ledger.stopWaiting(id, operator);
    }

    @Override
    public RecordedPayment recordC2bPayment(C2bPayment payment) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(PushId pushId, PaidDetails paid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return ledger.pushesNeedingReview(max);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return ledger.findPayments(query);
    }
}
