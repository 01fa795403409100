package io.stkpush.relay.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

/**
 * The front desk as the ledger shared by all nodes answers it: what a test put in. Only the reads the relay makes
 * are answered; it also stands in for DS's {@link ComponentServiceObjects}.
 */
final class KnownPayments implements PushPayments, ComponentServiceObjects<PushPayments> {

    static final Instant NOW = Instant.parse("2025-03-10T09:30:00Z");
    static final SubscriberId SUBSCRIBER = new SubscriberId("sub-0001");

    private final Map<PushId, Push> pushes = new ConcurrentHashMap<>();
    private final Map<PaymentId, Payment> payments = new ConcurrentHashMap<>();

    /** A push confirmed by a payment of KES 1500, both recorded. */
    Push confirmedPush() {
        PushId pushId = PushId.random();
        Payment payment = new Payment(PaymentId.random(), new Receipt("VM73KNJ2ZD"), Kes.of(1500), "254708374100",
                NOW, PaymentSource.STK, pushId, SUBSCRIBER, SUBSCRIBER, null, null, null, null, NOW);
        Push push = new Push(pushId, SUBSCRIBER, PhoneNumber.parse("0708374100"), Kes.of(1500), PushStatus.CONFIRMED,
                Outcome.SUCCEEDED, null, "0", null, null, null, new OperatorName("operator"), null, payment.id(),
                payment.receipt(), payment.amount(), NOW, NOW, NOW.plus(Duration.ofSeconds(96)), 0, null, null);
        pushes.put(pushId, push);
        payments.put(payment.id(), payment);
        return push;
    }

    /** A C2B payment whose account matched nobody: held unredeemed, no push. */
    Payment unredeemedC2bPayment() {
        Payment payment = new Payment(PaymentId.random(), new Receipt("VM73KNJ3ZE"), Kes.of(800), "254708374199", NOW,
                PaymentSource.C2B, null, null, null, "ACC-9999", UnredeemedReason.UNKNOWN_ACCOUNT,
                null, null, NOW);
        payments.put(payment.id(), payment);
        return payment;
    }

    /** That payment, linked by an operator. */
    Payment link(Payment payment) {
        Payment linked = new Payment(payment.id(), payment.receipt(), payment.amount(), payment.phone(),
                payment.paidAt(), payment.source(), payment.pushId(), SUBSCRIBER, payment.intendedSubscriberId(),
                payment.accountReference(), null, new OperatorName("operator"), NOW, payment.recordedAt());
        payments.put(linked.id(), linked);
        return linked;
    }

    Payment payment(PaymentId id) {
        return payments.get(id);
    }

    @Override
    public Optional<Push> find(PushId id) {
        return Optional.ofNullable(pushes.get(id));
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return Optional.ofNullable(payments.get(id));
    }

    @Override
    public Push initiate(PushRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Push initiate(PushId id, PushRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
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

    // ---- ComponentServiceObjects ------------------------------------------------------------------------

    @Override
    public PushPayments getService() {
        return this;
    }

    @Override
    public void ungetService(PushPayments service) {
    }

    @Override
    public ServiceReference<PushPayments> getServiceReference() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        throw new UnsupportedOperationException();
    }
}
