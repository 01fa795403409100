package io.stkpush.renewal.internal;

import java.util.List;
import java.util.Optional;

import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;

/** The push service failing before it records anything (its database down for a moment): the rest is real. */
final class NeverSends implements PushPayments {

    private final PushPayments real;

    NeverSends(PushPayments real) {
        this.real = real;
    }

    @Override
    public Push initiate(PushRequest request) {
        throw new IllegalStateException("database unavailable");
    }

    @Override
    public Push initiate(PushId id, PushRequest request) {
        throw new IllegalStateException("database unavailable");
    }

    @Override
    public Optional<Push> find(PushId id) {
        return real.find(id);
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        return real.stopWaiting(id, operator);
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return real.pushesNeedingReview(max);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        return real.linkPayment(id, subscriberId, operator);
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return real.findPayment(id);
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return real.payments(query);
    }

    @Override
    public List<Push> recentPushes(io.stkpush.api.PushStatus status, int max) {
        return real.recentPushes(status, max);
    }
}
