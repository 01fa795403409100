package io.stkpush.push.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.NewPayment;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/**
 * Where pushes are sent and every provider answer is applied. The ledger decides (idempotency, late payments,
 * amount mismatches); this class talks to the provider, keeps the order "record first, then call out", and tells
 * the listeners once a change is committed.
 */
final class PushDesk implements PushPayments {

    static final String ANSWER_LOST = "No answer from M-Pesa: the prompt may be on the phone."
            + " Waiting for its outcome.";
    static final String NOT_PREPARED = "The payment request could not be prepared; nothing was sent to the phone.";

    private static final Logger LOG = LoggerFactory.getLogger(PushDesk.class);

    private final PaymentLedger ledger;
    private final Supplier<PaymentProvider> provider;
    private final CallbackUrls callbackUrls;
    private final Supplier<Optional<SubscriberDirectory>> directory;
    private final PaymentEventListener events;
    private final Clock clock;
    private volatile PushSettings settings;

    PushDesk(PaymentLedger ledger, Supplier<PaymentProvider> provider, CallbackUrls callbackUrls,
            Supplier<Optional<SubscriberDirectory>> directory, PaymentEventListener events, Clock clock,
            PushSettings settings) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.callbackUrls = Objects.requireNonNull(callbackUrls, "callbackUrls");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Applies changed configuration to the pushes that follow. */
    void settings(PushSettings changed) {
        this.settings = Objects.requireNonNull(changed, "settings");
    }

    PushSettings settings() {
        return settings;
    }

    // ---- sending -----------------------------------------------------------------------------------------

    @Override
    public Push initiate(PushRequest request) {
        PushSettings current = settings;
        // recorded before the provider is called, so a crash in between leaves a trace, and the phone's
        // open prompt is refused here (PromptAlreadyOpenException) before anything reaches M-Pesa
        Push push = ledger.createPush(new NewPush(PushId.random(), request, current.waitingWindow()));
        publishStatus(push);

        ProviderPushRequest prompt;
        try {
            prompt = prompt(push, current);
        } catch (RuntimeException e) {
            LOG.error("Push {}: could not prepare the prompt to {}", push.id(), push.phone().masked(), e);
            return fail(push.id(), null, NOT_PREPARED);
        }
        PushAcceptance accepted;
        try {
            accepted = provider.get().push(prompt);
        } catch (ProviderException e) {
            return switch (e.kind()) {
                // nothing reached the phone: the operator can correct and retry
                case REJECTED, BUSY -> fail(push.id(), e.code(), e.getMessage());
                case UNKNOWN -> {
                    LOG.warn("Push {}: the provider's answer was lost ({}); the prompt to {} may be on the phone",
                            push.id(), e.getMessage(), push.phone().masked());
                    yield deliveryUnknown(push, e.getMessage());
                }
            };
        } catch (RuntimeException e) {
            // a bug or a broken connection inside the provider: the request may have gone out all the same
            LOG.warn("Push {}: the provider failed; the prompt to {} may be on the phone", push.id(),
                    push.phone().masked(), e);
            return deliveryUnknown(push, null);
        }
        Push waiting = ledger.recordAcceptance(push.id(), accepted.merchantRequestId(), accepted.checkoutRequestId(),
                clock.instant().plus(current.firstPoll()));
        LOG.info("Push {}: accepted for {} ({}), now {}", push.id(), push.phone().masked(),
                accepted.checkoutRequestId(), waiting.status());
        publishStatus(waiting);
        return waiting;
    }

    private ProviderPushRequest prompt(Push push, PushSettings current) {
        URI callbackUrl = callbackUrls.stkCallback(push.id());
        return new ProviderPushRequest(push.id(), push.phone(), push.amount(),
                accountReference(push.subscriberId(), current), current.description(), callbackUrl);
    }

    /** The subscriber's account number (what a Paybill expects), else the configured fallback. */
    private String accountReference(SubscriberId subscriberId, PushSettings current) {
        try {
            Optional<String> account = directory.get().flatMap(d -> d.find(subscriberId)).map(Subscriber::account)
                    .map(text -> PushSettings.fit(text, PushSettings.ACCOUNT_REFERENCE_MAX));
            if (account.isPresent()) {
                return account.get();
            }
        } catch (RuntimeException e) {
            LOG.warn("Subscriber directory failed looking up subscriber {}; using the fallback account reference",
                    subscriberId, e);
        }
        return current.accountReference();
    }

    private Push fail(PushId id, String code, String message) {
        LOG.info("Push {}: failed, nothing was sent ({}): {}", id, code, message);
        return settle(new Settlement(id, Outcome.FAILED, code, message, null)).push();
    }

    /** Never FAILED: only the callback (it carries our push id) or an operator can tell how it ended. */
    private Push deliveryUnknown(Push push, String message) {
        Push waiting = ledger.recordDeliveryUnknown(push.id(), message != null ? message : ANSWER_LOST);
        publishStatus(waiting);
        return waiting;
    }

    @Override
    public Optional<Push> find(PushId id) {
        return ledger.findPush(id);
    }

    // ---- the operator's wait -----------------------------------------------------------------------------

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        PushStatus before = ledger.findPush(id).map(Push::status).orElse(null);
        Push push = ledger.stopWaiting(id, operator);
        publishIfChanged(before, push);
        return push;
    }

    @Override
    public Push endWaitingWindow(PushId id) {
        PushStatus before = ledger.findPush(id).map(Push::status).orElse(null);
        Push push = ledger.endWaitingWindow(id);
        if (before != push.status()) {
            LOG.info("Push {}: waiting window over, {}; reconciliation goes on", id, push.status());
        }
        publishIfChanged(before, push);
        return push;
    }

    private void publishIfChanged(PushStatus before, Push after) {
        if (before != after.status()) {
            publishStatus(after);
        }
    }

    // ---- answers -----------------------------------------------------------------------------------------

    @Override
    public SettleResult settle(Settlement settlement) {
        SettleResult result = ledger.settle(settlement);
        switch (result.kind()) {
            case SETTLED -> publish(result);
            case DUPLICATE -> LOG.debug("Push {}: {} again, nothing changed", settlement.pushId(),
                    settlement.outcome());
            case CONFLICT -> {
                // the ledger logged the refusal; a paid receipt it refused is still money, kept unredeemed and
                // announced the first time only (Daraja repeats its callbacks)
                if (result.paymentRecorded()) {
                    Payment kept = result.payment();
                    publish(new PaymentEvent(PaymentEvent.Type.PAYMENT_RECORDED, result.push().id(),
                            result.push().status(), kept.id(), paymentMessage(kept), clock.instant()));
                }
            }
        }
        return result;
    }

    private void publish(SettleResult settled) {
        Push push = settled.push();
        publishStatus(push);
        if (settled.payment() != null) {
            publish(new PaymentEvent(PaymentEvent.Type.PAYMENT_RECORDED, push.id(), push.status(),
                    settled.payment().id(), paymentMessage(settled.payment()), clock.instant()));
        }
    }

    @Override
    public RecordedPayment recordC2bPayment(C2bPayment payment) {
        Optional<Payment> known = ledger.findPaymentByReceipt(payment.receipt());
        if (known.isPresent()) {
            LOG.info("C2B payment {} is already recorded", payment.receipt());
            return new RecordedPayment(true, known.get());
        }
        String account = payment.accountReference() == null ? null : payment.accountReference().strip();
        Optional<Subscriber> subscriber = subscriberWithAccount(account);
        SubscriberId linkTo = subscriber.map(Subscriber::id).orElse(null);
        RecordedPayment recorded = ledger.recordPayment(new NewPayment(payment.receipt(), payment.amount(),
                payment.phone(), payment.paidAt(), PaymentSource.C2B, linkTo, linkTo, account,
                linkTo == null ? UnredeemedReason.UNKNOWN_ACCOUNT : null));
        if (!recorded.duplicate()) {
            Payment p = recorded.payment();
            LOG.info("C2B payment {} of {}: {}", p.receipt(), p.amount(),
                    linkTo == null ? "no subscriber has account '" + account + "', held unredeemed"
                            : "linked to subscriber " + linkTo);
            publish(new PaymentEvent(PaymentEvent.Type.PAYMENT_RECORDED, p.pushId(), null, p.id(),
                    paymentMessage(p), clock.instant()));
        }
        return recorded;
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(PushId pushId, PaidDetails paid) {
        RecordedPayment recorded = ledger.recordPayment(new NewPayment(paid.receipt(), paid.amount(), paid.phone(),
                paid.paidAt(), paid.source(), null, null, null, UnredeemedReason.UNKNOWN_PUSH));
        if (!recorded.duplicate()) {
            Payment p = recorded.payment();
            LOG.warn("Payment {} of {} reported for unknown push {}: held unredeemed for review", p.receipt(),
                    p.amount(), pushId);
            publish(new PaymentEvent(PaymentEvent.Type.PAYMENT_RECORDED, null, null, p.id(), paymentMessage(p),
                    clock.instant()));
        }
        return recorded;
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return ledger.pushesNeedingReview(max);
    }

    /** A directory that is missing or failing leaves the payment unredeemed: an operator links it later. */
    private Optional<Subscriber> subscriberWithAccount(String account) {
        if (account == null || account.isEmpty()) {
            return Optional.empty();
        }
        try {
            return directory.get().flatMap(d -> d.findByAccount(account));
        } catch (RuntimeException e) {
            LOG.warn("Subscriber directory failed looking up account '{}'; the payment is held unredeemed",
                    account, e);
            return Optional.empty();
        }
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        Payment linked = ledger.linkPayment(id, subscriberId, operator);
        publish(new PaymentEvent(PaymentEvent.Type.PAYMENT_LINKED, linked.pushId(), null, linked.id(),
                "Payment linked to subscriber " + subscriberId + " by " + operator + ".", clock.instant()));
        return linked;
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return ledger.findPayments(query);
    }

    // ---- events ------------------------------------------------------------------------------------------

    private void publishStatus(Push push) {
        publish(new PaymentEvent(PaymentEvent.Type.PUSH_STATUS_CHANGED, push.id(), push.status(), push.paymentId(),
                push.message(), clock.instant()));
    }

    private void publish(PaymentEvent event) {
        try {
            events.onPaymentEvent(event);
        } catch (RuntimeException e) {
            // the change is committed; a listener's failure must not turn it into an error for the caller
            LOG.warn("Publishing {} for push {} failed", event.type(), event.pushId(), e);
        }
    }

    private static String paymentMessage(Payment payment) {
        String amount = "KES " + payment.amount().shillings();
        if (!payment.isUnredeemed()) {
            return "Payment of " + amount + " recorded.";
        }
        return "Payment of " + amount + " held under Unredeemed Payments (" + payment.unredeemedReason() + ").";
    }
}
