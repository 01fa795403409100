package io.stkpush.portal.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.UnredeemedReason;

/** A push service that records what the API asks of it and answers from memory. */
final class RecordingPushPayments implements PushPayments {

    static final Instant NOW = Instant.parse("2025-03-10T09:30:00Z");

    final List<PushRequest> initiated = new ArrayList<>();
    final List<PushId> stopped = new ArrayList<>();
    final List<PaymentQuery> queries = new ArrayList<>();
    final List<Integer> reviewLimits = new ArrayList<>();
    final Map<PushId, Push> pushes = new LinkedHashMap<>();
    final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
    /** Phones (msisdn) with a prompt open, and the push holding each. */
    final Map<String, PushId> openPrompts = new LinkedHashMap<>();
    /** Thrown by every call when set, as a database that is down would. */
    volatile RuntimeException failure;

    synchronized void reset() {
        initiated.clear();
        stopped.clear();
        queries.clear();
        reviewLimits.clear();
        pushes.clear();
        payments.clear();
        openPrompts.clear();
        failure = null;
    }

    @Override
    public synchronized Push initiate(PushRequest request) {
        return initiate(PushId.random(), request);
    }

    @Override
    public synchronized Push initiate(PushId id, PushRequest request) {
        failIfAsked();
        if (openPrompts.containsKey(request.phone().msisdn())) {
            throw new PromptAlreadyOpenException(openPrompts.get(request.phone().msisdn()));
        }
        initiated.add(request);
        Push push = push(id, request.subscriberId(), request.phone(), request.amount(),
                PushStatus.WAITING, null, request.operator());
        pushes.put(push.id(), push);
        openPrompts.put(request.phone().msisdn(), push.id());
        return push;
    }

    @Override
    public synchronized Optional<Push> find(PushId id) {
        failIfAsked();
        return Optional.ofNullable(pushes.get(id));
    }

    @Override
    public synchronized Push stopWaiting(PushId id, OperatorName operator) {
        failIfAsked();
        Push push = pushes.get(id);
        if (push == null) {
            throw new UnknownPaymentException("No push " + id + ".");
        }
        stopped.add(id);
        Push stoppedPush = with(push, PushStatus.STOPPED, null, null);
        pushes.put(id, stoppedPush);
        return stoppedPush;
    }

    @Override
    public synchronized List<Push> pushesNeedingReview(int max) {
        failIfAsked();
        reviewLimits.add(max);
        return pushes.values().stream().filter(Push::needsReview).limit(max).toList();
    }

    @Override
    public synchronized Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        failIfAsked();
        Payment payment = payments.get(id);
        if (payment == null) {
            throw new UnknownPaymentException("No payment " + id + ".");
        }
        if (!payment.isUnredeemed()) {
            throw new PaymentAlreadyLinkedException(payment);
        }
        Payment linked = new Payment(payment.id(), payment.receipt(), payment.amount(), payment.phone(),
                payment.paidAt(), payment.source(), payment.pushId(), subscriberId, payment.intendedSubscriberId(),
                payment.accountReference(), payment.unredeemedReason(), operator, NOW, payment.recordedAt());
        payments.put(id, linked);
        return linked;
    }

    @Override
    public synchronized Optional<Payment> findPayment(PaymentId id) {
        failIfAsked();
        return Optional.ofNullable(payments.get(id));
    }

    @Override
    public synchronized List<Payment> payments(PaymentQuery query) {
        failIfAsked();
        queries.add(query);
        return payments.values().stream()
                .filter(p -> !query.unredeemedOnly() || p.isUnredeemed())
                .filter(p -> query.subscriberId() == null || query.subscriberId().equals(p.subscriberId())
                        || query.subscriberId().equals(p.intendedSubscriberId()))
                .limit(query.limit())
                .toList();
    }

    /** An unredeemed late payment for {@code intended}, from a push. */
    synchronized Payment addUnredeemed(SubscriberId intended, long amount, String receipt) {
        Payment p = new Payment(PaymentId.random(), new Receipt(receipt), Kes.of(amount), "254700000008",
                NOW.minus(Duration.ofMinutes(5)), PaymentSource.STK, PushId.random(), null, intended, null,
                UnredeemedReason.LATE_PAYMENT, null, null, NOW.minus(Duration.ofMinutes(4)));
        payments.put(p.id(), p);
        return p;
    }

    synchronized Payment addLinked(SubscriberId subscriber, long amount, String receipt) {
        Payment p = new Payment(PaymentId.random(), new Receipt(receipt), Kes.of(amount), "254700000000",
                NOW.minus(Duration.ofMinutes(2)), PaymentSource.STK, PushId.random(), subscriber, subscriber, null,
                null, null, null, NOW.minus(Duration.ofMinutes(2)));
        payments.put(p.id(), p);
        return p;
    }

    synchronized Push add(Push push) {
        pushes.put(push.id(), push);
        return push;
    }

    static Push push(PushId id, SubscriberId subscriber, PhoneNumber phone, Kes amount, PushStatus status,
            PushReason reason, OperatorName operator) {
        return new Push(id, subscriber, phone, amount, status, null, reason, null, null, null,
                new CheckoutRequestId("ws_CO_" + id.value().toString().substring(0, 8)), operator, null, null, null,
                null, NOW, NOW, NOW.plus(Duration.ofSeconds(96)), 0, NOW.plusSeconds(8), null);
    }

    /** The push as it stands with another status and reason (and the provider's own words, if any). */
    static Push with(Push p, PushStatus status, PushReason reason, String providerText) {
        return new Push(p.id(), p.subscriberId(), p.phone(), p.amount(), status, p.outcome(), reason, p.resultCode(),
                providerText, p.merchantRequestId(), p.checkoutRequestId(), p.operator(), p.planId(), p.paymentId(),
                p.receipt(), p.paidAmount(), p.createdAt(), p.updatedAt(), p.waitUntil(), p.pollAttempts(),
                p.nextPollAt(), p.reviewSince());
    }

    /** The push left for review since {@code since}, as the ledger does when polling gives up. */
    static Push leftForReview(Push p, Instant since) {
        return new Push(p.id(), p.subscriberId(), p.phone(), p.amount(), p.status(), p.outcome(), p.reason(),
                p.resultCode(), p.providerText(), p.merchantRequestId(), p.checkoutRequestId(), p.operator(),
                p.planId(), p.paymentId(), p.receipt(), p.paidAmount(), p.createdAt(), p.updatedAt(), p.waitUntil(),
                p.pollAttempts(), null, since);
    }

    private void failIfAsked() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public synchronized List<Push> recentPushes(PushStatus status, int max) {
        failIfAsked();
        List<Push> all = new ArrayList<>(pushes.values());
        java.util.Collections.reverse(all);
        return all.stream().filter(p -> status == null || p.status() == status).limit(max).toList();
    }
}
