package io.stkpush.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

/** A push service in memory that records what the commands ask of it. */
final class FakePushPayments implements PushPayments {

    static final Instant NOW = Instant.parse("2025-03-10T09:30:00Z");

    final List<PushRequest> initiated = new ArrayList<>();
    final List<PaymentQuery> queries = new ArrayList<>();
    final List<String> linkedBy = new ArrayList<>();
    final Map<PushId, Push> pushes = new LinkedHashMap<>();
    final Map<PaymentId, Payment> payments = new LinkedHashMap<>();
    /** Phones (msisdn) with a prompt open, and the push holding each. */
    final Map<String, PushId> openPrompts = new LinkedHashMap<>();
    /** What {@link #initiate} answers with, instead of WAITING, when set. */
    PushStatus answerStatus;
    PushReason answerReason;
    /** Thrown by every call when set, as a database that is down would. */
    RuntimeException failure;

    @Override
    public Push initiate(PushRequest request) {
        return initiate(PushId.random(), request);
    }

    @Override
    public Push initiate(PushId id, PushRequest request) {
        failIfAsked();
        if (openPrompts.containsKey(request.phone().msisdn())) {
            throw new PromptAlreadyOpenException(openPrompts.get(request.phone().msisdn()));
        }
        initiated.add(request);
        Push push = push(id, request.subscriberId(), request.phone(), request.amount(),
                answerStatus == null ? PushStatus.WAITING : answerStatus, answerReason, request.operator(), NOW);
        pushes.put(id, push);
        return push;
    }

    @Override
    public Optional<Push> find(PushId id) {
        failIfAsked();
        return Optional.ofNullable(pushes.get(id));
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        throw new UnsupportedOperationException("no command stops waiting");
    }

    /** As the ledger: newest first. */
    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        failIfAsked();
        return pushes.values().stream().filter(p -> status == null || p.status() == status)
                .sorted(Comparator.comparing(Push::createdAt).reversed()).limit(max).toList();
    }

    /** As the ledger: oldest first. */
    @Override
    public List<Push> pushesNeedingReview(int max) {
        failIfAsked();
        return pushes.values().stream().filter(Push::needsReview)
                .sorted(Comparator.comparing(Push::reviewSince)).limit(max).toList();
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
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
        linkedBy.add(operator.value());
        return linked;
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        failIfAsked();
        return Optional.ofNullable(payments.get(id));
    }

    /** As the ledger: newest first. */
    @Override
    public List<Payment> payments(PaymentQuery query) {
        failIfAsked();
        queries.add(query);
        return payments.values().stream()
                .filter(p -> !query.unredeemedOnly() || p.isUnredeemed())
                .sorted(Comparator.comparing(Payment::paidAt).reversed())
                .limit(query.limit())
                .toList();
    }

    /** A push created {@code minutesAgo}, with the given status and reason. */
    Push add(String subscriber, String msisdn, long amount, PushStatus status, PushReason reason, int minutesAgo) {
        Push push = push(PushId.random(), new SubscriberId(subscriber), new PhoneNumber(msisdn), Kes.of(amount),
                status, reason, new OperatorName("operator"), NOW.minus(Duration.ofMinutes(minutesAgo)));
        pushes.put(push.id(), push);
        return push;
    }

    /** {@code push}, confirmed with a linked payment paid at its creation. */
    Push confirm(Push push, String receipt) {
        Payment payment = new Payment(PaymentId.random(), new Receipt(receipt), push.amount(), push.phone().msisdn(),
                push.createdAt(), PaymentSource.STK, push.id(), push.subscriberId(), push.subscriberId(), null, null,
                null, null, push.createdAt());
        payments.put(payment.id(), payment);
        Push confirmed = new Push(push.id(), push.subscriberId(), push.phone(), push.amount(), PushStatus.CONFIRMED,
                null, PushReason.PAID, "0", null, null, push.checkoutRequestId(), push.operator(), null,
                payment.id(), payment.receipt(), push.amount(), push.createdAt(), push.createdAt(),
                push.waitUntil(), 1, null, null);
        pushes.put(push.id(), confirmed);
        return confirmed;
    }

    /** {@code push} left for review since {@code minutesAgo}. */
    Push leaveForReview(Push push, int minutesAgo) {
        Push review = new Push(push.id(), push.subscriberId(), push.phone(), push.amount(), push.status(), null,
                push.reason(), push.resultCode(), null, null, push.checkoutRequestId(), push.operator(), null, null,
                null, null, push.createdAt(), push.updatedAt(), push.waitUntil(), 12, null,
                NOW.minus(Duration.ofMinutes(minutesAgo)));
        pushes.put(push.id(), review);
        return review;
    }

    /** An unredeemed payment, paid {@code minutesAgo}. */
    Payment addUnredeemed(String intended, long amount, String receipt, String phone, UnredeemedReason reason,
            int minutesAgo) {
        Payment p = new Payment(PaymentId.random(), receipt == null ? null : new Receipt(receipt), Kes.of(amount),
                phone, NOW.minus(Duration.ofMinutes(minutesAgo)), PaymentSource.STK, PushId.random(), null,
                intended == null ? null : new SubscriberId(intended), null, reason, null, null, NOW);
        payments.put(p.id(), p);
        return p;
    }

    static Push push(PushId id, SubscriberId subscriber, PhoneNumber phone, Kes amount, PushStatus status,
            PushReason reason, OperatorName operator, Instant createdAt) {
        return new Push(id, subscriber, phone, amount, status, null, reason, null, null, null,
                new CheckoutRequestId("ws_CO_" + id.value().toString().substring(0, 8)), operator, null, null, null,
                null, createdAt, createdAt, createdAt.plus(Duration.ofSeconds(96)), 0, createdAt.plusSeconds(8),
                null);
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
