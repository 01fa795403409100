package io.stkpush.renewal.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.text.OperatorText;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.RenewalService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewals paid by STK Push, from the operator's request to the host's renewal. The intent is recorded before the
 * push goes out (under the push's id, chosen here); from then on the renewal only follows what the ledger says of
 * its push, so it does not matter which path, node or order the answers come by, nor whether this bundle was
 * running when they came: {@link #evaluate} reads the push and moves the renewal on, {@link #sweep} does it for
 * every unfinished renewal. The host is called under a lease in the database, so once per payment.
 */
final class RenewalDesk {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalDesk.class);

    /** Renewals looked at per sweep and per kind. */
    static final int BATCH = 100;

    private final RenewalStore store;
    private final PushPayments pushes;
    private final Supplier<Optional<RenewalService>> host;
    private final Consumer<PaymentEvent> publish;
    private final Clock clock;
    private final RenewalSettings settings;
    private final String owner;

    /**
     * @param host    the host's renewal service as it is now (it may come and go)
     * @param publish where RENEWAL_CHANGED events go, after the change is stored
     * @param owner   this node's name on leases
     */
    RenewalDesk(RenewalStore store, PushPayments pushes, Supplier<Optional<RenewalService>> host,
            Consumer<PaymentEvent> publish, Clock clock, RenewalSettings settings, String owner) {
        this.store = store;
        this.pushes = pushes;
        this.host = host;
        this.publish = publish;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /**
     * Records the intent, then sends the push for the plan's price.
     *
     * @throws PromptAlreadyOpenException when the phone already has a prompt open (nothing is kept then)
     * @throws InvalidPhoneNumberException when the number is not a Safaricom line (nothing is kept then)
     * @throws io.stkpush.api.InvalidAmountException when the plan's price cannot be paid by STK Push
     */
    Renewal start(SubscriberId subscriberId, Plan plan, PhoneNumber phone, OperatorName operator) {
        PushRequest request = new PushRequest(subscriberId, phone, plan.price(), operator, plan.id());
        Instant now = clock.instant();
        Renewal intent = new Renewal(UUID.randomUUID().toString(), PushId.random(), subscriberId, plan.id(),
                plan.name(), plan.price(), operator, RenewalState.PENDING, null, 0, null,
                RenewalText.of("waiting", plan.price().shillings(), plan.name()), null, now, now);
        store.insert(intent);
        try {
            pushes.initiate(intent.pushId(), request);
        } catch (PromptAlreadyOpenException | InvalidPhoneNumberException e) {
            store.delete(intent.id()); // nothing went out: no intent to keep
            throw e;
        } catch (RuntimeException e) {
            // the push may or may not exist: evaluate() finds out from the ledger, now or on a later sweep
            LOG.warn("Renewal {}: sending push {} failed", intent.id(), intent.pushId(), e);
        }
        LOG.info("{} asked to renew {} on {} by STK Push to {}: renewal {}, push {}", operator, subscriberId,
                plan.id(), phone.masked(), intent.id(), intent.pushId());
        return evaluate(intent.id()).orElse(intent);
    }

    Optional<Renewal> find(String id) {
        return store.find(id);
    }

    Optional<Renewal> findByPush(PushId pushId) {
        return store.findByPush(pushId);
    }

    List<Renewal> list(SubscriberId subscriberId, RenewalState state, int limit) {
        return store.list(subscriberId, state, limit);
    }

    /** What the ledger says of this renewal's push, applied: not paid, paid (then renewed), or still waiting. */
    Optional<Renewal> evaluate(String id) {
        Optional<Renewal> found = store.find(id);
        if (found.isEmpty()) {
            return found;
        }
        Renewal renewal = found.get();
        switch (renewal.state()) {
            case APPLIED, FAILED -> {
                return found;
            }
            default -> {
                // PENDING or NOT_PAID: see below
            }
        }
        if (renewal.isPaid()) {
            applyIfDue(renewal);
            return store.find(id);
        }
        Optional<Push> push = pushes.find(renewal.pushId());
        if (push.isEmpty()) {
            if (renewal.createdAt().plus(settings.notSentAfter()).isBefore(clock.instant())) {
                notPaid(renewal, RenewalText.of("not.sent"));
            }
            return store.find(id);
        }
        if (push.get().paymentId() != null) {
            paid(renewal, push.get()); // confirmed, or paid after the wait ended (the push then stays TIMEOUT/STOPPED)
            return store.find(id);
        }
        switch (push.get().status()) {
            case SENDING, WAITING, CONFIRMED -> {
                // still waiting for the customer (a confirmation's payment is recorded with it: seen next time)
            }
            case CANCELLED, FAILED, TIMEOUT, STOPPED ->
                notPaid(renewal, RenewalText.of("not.paid", OperatorText.english().push(push.get())));
        }
        return store.find(id);
    }

    /** Every renewal still waiting for its payment or for the host, looked at once. */
    void sweep() {
        for (Renewal renewal : store.awaitingPayment(BATCH)) {
            guarded(renewal, () -> evaluate(renewal.id()));
        }
        for (Renewal renewal : store.dueForHost(clock.instant(), BATCH)) {
            guarded(renewal, () -> applyIfDue(renewal));
        }
    }

    /**
     * Link and renew: links an unredeemed payment to the renewal's subscriber (unless it is linked to them already)
     * and renews with it, in one step.
     *
     * @throws RenewalRefused when the renewal or payment do not allow it, in words for the operator
     */
    Renewal linkAndRenew(String id, PaymentId paymentId, OperatorName operator) {
        Renewal renewal = store.find(id).orElseThrow(RenewalDesk::unknownRenewal);
        if (renewal.isPaid()) {
            if (renewal.paymentId().equals(paymentId)) {
                return evaluate(id).orElse(renewal); // asked twice: the same answer
            }
            throw new RenewalRefused(409, "renewal_paid", "This renewal is paid by another payment already.");
        }
        Payment payment = pushes.findPayment(paymentId)
                .orElseThrow(() -> new RenewalRefused(404, "unknown_payment", "There is no such payment."));
        if (payment.amount().compareTo(renewal.amount()) < 0) {
            throw new RenewalRefused(409, "amount_too_small", "This payment (KES " + payment.amount().shillings()
                    + ") is less than the plan's price (KES " + renewal.amount().shillings()
                    + "): link it without renewing.");
        }
        if (payment.isUnredeemed()) {
            try {
                pushes.linkPayment(paymentId, renewal.subscriberId(), operator);
            } catch (PaymentAlreadyLinkedException e) {
                payment = pushes.findPayment(paymentId).orElse(payment); // linked meanwhile: check to whom
            }
        }
        Payment linked = pushes.findPayment(paymentId).orElse(payment);
        if (!renewal.subscriberId().equals(linked.subscriberId())) {
            throw new RenewalRefused(409, "linked_elsewhere",
                    "This payment is linked to another subscriber: it cannot pay for this renewal.");
        }
        if (!store.claimPayment(id, paymentId, RenewalText.of("paid.renewing", renewal.planName()),
                clock.instant())) {
            Renewal now = store.find(id).orElse(renewal);
            if (!paymentId.equals(now.paymentId())) {
                throw new RenewalRefused(409, "payment_used", "This payment already paid for another renewal.");
            }
        } else {
            LOG.info("{} linked payment {} and renews {} with it (renewal {})", operator, paymentId,
                    renewal.subscriberId(), id);
            changed(id);
        }
        return evaluate(id).orElse(renewal);
    }

    /** A FAILED renewal tried again from the start. */
    Renewal retry(String id, OperatorName operator) {
        Renewal renewal = store.find(id).orElseThrow(RenewalDesk::unknownRenewal);
        if (renewal.state() != RenewalState.FAILED) {
            throw new RenewalRefused(409, "not_failed", "Only a failed renewal can be tried again.");
        }
        if (store.retry(id, RenewalText.of("retried"), clock.instant())) {
            LOG.info("{} tries renewal {} again", operator, id);
            changed(id);
        }
        return evaluate(id).orElse(renewal);
    }

    // ---- moving a renewal on ------------------------------------------------------------------------------------

    /** The push was paid: renew with its payment if it is the subscriber's, in the operator's window. */
    private void paid(Renewal renewal, Push push) {
        Optional<Payment> payment = push.paymentId() == null ? Optional.empty() : pushes.findPayment(push.paymentId());
        if (payment.isEmpty()) {
            return; // the payment is recorded in the same transaction as the outcome: seen on the next look
        }
        Payment p = payment.get();
        if (p.isUnredeemed()) {
            notPaid(renewal, RenewalText.of(p.unredeemedReason() == io.stkpush.api.UnredeemedReason.LATE_PAYMENT
                    ? "paid.late" : "paid.held"));
            return;
        }
        if (p.linkedBy() != null || !renewal.subscriberId().equals(p.subscriberId())) {
            // an operator linked it by hand without renewing (Link and renew claims it right after linking)
            notPaid(renewal, RenewalText.of("linked.without"));
            return;
        }
        if (store.claimPayment(renewal.id(), p.id(), RenewalText.of("paid.renewing", renewal.planName()),
                clock.instant())) {
            changed(renewal.id());
        }
        store.find(renewal.id()).ifPresent(this::applyIfDue);
    }

    /**
     * NOT_PAID with these words. Only the step from PENDING is published: a renewal already not paid just gets
     * better words (paid late, then linked), which pages read with the payment events that caused them; so Link and
     * renew, which links before it claims, never makes a page say "linked without renewing" for a moment.
     */
    private void notPaid(Renewal renewal, String words) {
        if (store.markNotPaid(renewal.id(), words, clock.instant())) {
            LOG.info("Renewal {} of {}: {}", renewal.id(), renewal.subscriberId(), words);
            if (renewal.state() == RenewalState.PENDING) {
                changed(renewal.id());
            }
        }
    }

    /**
     * Calls the host once, if this node can take the lease: APPLIED on success; otherwise tried again later with
     * back-off, FAILED after the configured attempts.
     */
    private void applyIfDue(Renewal renewal) {
        Instant now = clock.instant();
        if (!renewal.isPaid() || renewal.state() != RenewalState.PENDING
                || !store.lease(renewal.id(), owner, now, now.plus(settings.leaseFor()))) {
            return;
        }
        int attempt = renewal.attempts() + 1;
        String failure;
        Optional<RenewalService> service = host.get();
        if (service.isEmpty()) {
            failure = RenewalText.of("host.missing");
        } else {
            try {
                RenewalResult result = service.get().renew(renewal.subscriberId(), renewal.planId(),
                        renewal.paymentId(), renewal.operator());
                if (result != null && result.applied()) {
                    String words = result.message() == null || result.message().isBlank()
                            ? RenewalText.of("applied", renewal.planName()) : result.message();
                    if (store.applied(renewal.id(), owner, attempt, words, result.newExpiresAt(), clock.instant())) {
                        LOG.info("Renewal {} applied for {} with payment {}: {}", renewal.id(),
                                renewal.subscriberId(), renewal.paymentId(), words);
                        changed(renewal.id());
                    }
                    return;
                }
                failure = result == null || result.message() == null || result.message().isBlank()
                        ? RenewalText.of("host.refused") : result.message();
            } catch (RuntimeException e) {
                LOG.warn("Renewal {}: the host's renewal failed (attempt {})", renewal.id(), attempt, e);
                failure = RenewalText.of("host.error", e.getClass().getSimpleName());
            }
        }
        boolean last = attempt >= settings.attempts();
        Instant next = last ? null : clock.instant().plus(settings.retryAfter(attempt));
        String words = last ? RenewalText.of("failed", failure)
                : RenewalText.of("retrying", failure, settings.retryAfter(attempt).toSeconds());
        if (store.attemptFailed(renewal.id(), owner, attempt, next, words, clock.instant())) {
            LOG.warn("Renewal {} of {} paid by {}: attempt {} of {} did not renew: {}", renewal.id(),
                    renewal.subscriberId(), renewal.paymentId(), attempt, settings.attempts(), failure);
            changed(renewal.id());
        }
    }

    private void changed(String id) {
        store.find(id).ifPresent(r -> {
            try {
                publish.accept(new PaymentEvent(PaymentEvent.Type.RENEWAL_CHANGED, r.pushId(), r.subscriberId(), null,
                        r.message(), null, null, r.paymentId(), clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("Renewal {}: could not publish its change", id, e); // stored already; pages poll too
            }
        });
    }

    private static void guarded(Renewal renewal, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Renewal {}: could not be moved on; the next sweep tries again", renewal.id(), e);
        }
    }

    private static RenewalRefused unknownRenewal() {
        return new RenewalRefused(404, "unknown_renewal", "There is no such renewal.");
    }
}
