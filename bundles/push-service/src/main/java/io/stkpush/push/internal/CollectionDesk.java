package io.stkpush.push.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushSchedule;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/**
 * The front desk: where the operator asks for a payment, stops waiting, links what was paid and looks at payments.
 * The ledger decides (one open prompt per phone, idempotency); this class talks to the provider, keeps the order
 * "record first, then call out", and publishes once a change is committed. The provider's answers arrive at
 * {@link SettlementDesk} instead.
 */
final class CollectionDesk implements PushPayments {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionDesk.class);

    private final PushLedger ledger;
    private final Supplier<PaymentProvider> provider;
    private final CallbackUrls callbackUrls;
    private final PushSchedule schedule;
    private final Supplier<Optional<SubscriberDirectory>> directory;
    private final PaymentEventPublisher events;
    private final Clock clock;
    private volatile PushSettings settings;

    CollectionDesk(PushLedger ledger, Supplier<PaymentProvider> provider, CallbackUrls callbackUrls,
            PushSchedule schedule, Supplier<Optional<SubscriberDirectory>> directory, PaymentEventPublisher events,
            Clock clock, PushSettings settings) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.callbackUrls = Objects.requireNonNull(callbackUrls, "callbackUrls");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
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
        return initiate(PushId.random(), request);
    }

    /** @throws InvalidPhoneNumberException when the number is outside the configured Safaricom prefixes */
    @Override
    public Push initiate(PushId id, PushRequest request) {
        Optional<Push> existing = ledger.findPush(id);
        if (existing.isPresent()) {
            return existing.get(); // sent once already: a caller retrying after a crash gets it as it stands
        }
        PushSettings current = settings;
        if (!current.reachable(request.phone())) {
            // refused before anything is recorded or sent: Daraja would take it, and no phone would ring
            LOG.info("Push {} refused: {} is not in the configured Safaricom prefixes", id, request.phone().masked());
            throw new InvalidPhoneNumberException(spaced(request.phone())
                    + " is not a Safaricom M-Pesa number: STK Push only reaches Safaricom lines.");
        }
        // recorded before the provider is called, so a crash in between leaves a trace, and the phone's
        // open prompt is refused here (PromptAlreadyOpenException) before anything reaches M-Pesa
        Push push = ledger.createPush(new NewPush(id, request, schedule.waitingWindow()));
        events.statusChanged(push);

        ProviderPushRequest prompt;
        try {
            prompt = prompt(push, current);
        } catch (RuntimeException e) {
            LOG.error("Push {}: could not prepare the prompt to {}", push.id(), push.phone().masked(), e);
            return fail(new Settlement(push.id(), Outcome.FAILED, PushReason.NOT_PREPARED, null, null, null,
                    Settlement.Evidence.SUBMISSION));
        }
        PushAcceptance accepted;
        try {
            accepted = provider.get().push(prompt);
        } catch (ProviderException e) {
            return switch (e.kind()) {
                // nothing reached the phone: the operator can correct and retry
                case REJECTED, BUSY -> fail(new Settlement(push.id(), Outcome.FAILED, e.reason(), e.code(),
                        e.getMessage(), null, Settlement.Evidence.SUBMISSION));
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
                clock.instant().plus(schedule.firstPoll()));
        LOG.info("Push {}: accepted for {} ({}), now {}", push.id(), push.phone().masked(),
                accepted.checkoutRequestId(), waiting.status());
        events.statusChanged(waiting);
        return waiting;
    }

    /** As the operator reads it back: {@code 0100 123 456}. The operator typed it, so it is shown in full. */
    private static String spaced(PhoneNumber phone) {
        String local = phone.local();
        return local.substring(0, 4) + " " + local.substring(4, 7) + " " + local.substring(7);
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

    /** Nothing was sent to the phone: the push fails at once. */
    private Push fail(Settlement refusal) {
        LOG.info("Push {}: failed, nothing was sent ({} {}): {}", refusal.pushId(), refusal.reason(),
                refusal.resultCode(), refusal.providerText());
        SettleResult result = ledger.settle(refusal);
        events.settled(result);
        return result.push();
    }

    /** Never FAILED: only the callback (it carries our push id) or an operator can tell how it ended. */
    private Push deliveryUnknown(Push push, String providerText) {
        Push waiting = ledger.recordDeliveryUnknown(push.id(), providerText);
        events.statusChanged(waiting);
        return waiting;
    }

    @Override
    public Optional<Push> find(PushId id) {
        return ledger.findPush(id);
    }

    // ---- the operator's wait -----------------------------------------------------------------------------

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        PushChange change = ledger.stopWaiting(id, operator);
        // only the caller whose change matched announces it, however many operators press Stop at once
        if (change.changed()) {
            events.statusChanged(change.push());
        }
        return change.push();
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return ledger.pushesNeedingReview(max);
    }

    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        return ledger.recentPushes(status, max);
    }

    // ---- payments ----------------------------------------------------------------------------------------

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        Payment linked = ledger.linkPayment(id, subscriberId, operator);
        events.paymentLinked(linked);
        return linked;
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return ledger.findPayment(id);
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return ledger.findPayments(query);
    }
}
