package io.stkpush.push.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.PushSchedule;
import io.stkpush.api.ReceivedMessage;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.host.SubscriberDirectory;

/**
 * {@link PushPayments} (the front desk) and {@link ProviderAnswers} (the provider's answers) as one OSGi component,
 * so both desks publish to the same listeners. The host's subscriber directory is optional (without it, account
 * references fall back to the configured text and C2B payments are held unredeemed); event listeners come and go.
 * A configuration change applies to the next push without re-registering the services. Immediate, as are the
 * ledger and the poller's schedule: made once when satisfied, not on whichever request thread asks first after its
 * last user let go.
 */
@Component(service = {PushPayments.class, ProviderAnswers.class}, configurationPid = PushSettings.PID,
        immediate = true)
@Designate(ocd = PushConfig.class)
public class PushPaymentsComponent implements PushPayments, ProviderAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(PushPaymentsComponent.class);

    private final PaymentEventFanOut listeners = new PaymentEventFanOut();
    private final CollectionDesk collections;
    private final SettlementDesk settlements;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SubscriberDirectory directory;

    /** @throws IllegalArgumentException naming the bad key (safaricomPrefixes); the component then does not start */
    @Activate
    public PushPaymentsComponent(@Reference(name = "ledger") PushLedger ledger,
            @Reference(name = "journal") ProviderJournal journal,
            @Reference(name = "provider") PaymentProvider provider,
            @Reference(name = "callbackUrls") CallbackUrls callbackUrls,
            @Reference(name = "schedule") PushSchedule schedule, PushConfig config) {
        Clock clock = Clock.systemUTC();
        PaymentEventPublisher events = new PaymentEventPublisher(listeners, clock);
        this.collections = new CollectionDesk(ledger, () -> provider, callbackUrls, schedule,
                () -> Optional.ofNullable(directory), events, clock, PushSettings.from(config));
        this.settlements = new SettlementDesk(ledger, journal, () -> Optional.ofNullable(directory), events);
        LOG.info("Push service ready on provider {}: {}", provider.name(), collections.settings());
    }

    /** A bad change is refused and the running configuration kept, so prompts keep going out meanwhile. */
    @Modified
    void modified(PushConfig config) {
        PushSettings changed;
        try {
            changed = PushSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping the previous push service configuration", e.getMessage());
            return;
        }
        collections.settings(changed);
        LOG.info("Push service reconfigured: {}", changed);
    }

    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(PaymentEventListener listener) {
        listeners.add(listener);
    }

    void removeListener(PaymentEventListener listener) {
        listeners.remove(listener);
    }

    // ---- PushPayments ------------------------------------------------------------------------------------

    @Override
    public Push initiate(PushRequest request) {
        return collections.initiate(request);
    }

    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        return collections.recentPushes(status, max);
    }

    @Override
    public Push initiate(PushId id, PushRequest request) {
        return collections.initiate(id, request);
    }

    /** The same push whichever desk asks. */
    @Override
    public Optional<Push> find(PushId id) {
        return collections.find(id);
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        return collections.stopWaiting(id, operator);
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return collections.pushesNeedingReview(max);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        return collections.linkPayment(id, subscriberId, operator);
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return collections.findPayment(id);
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return collections.payments(query);
    }

    // ---- ProviderAnswers ---------------------------------------------------------------------------------

    @Override
    public JournaledMessage journal(ProviderEvent event) {
        return settlements.journal(event);
    }

    @Override
    public JournaledMessage journal(ReceivedMessage message, Disposition disposition, String note) {
        return settlements.journal(message, disposition, note);
    }

    @Override
    public void mark(JournaledMessage message, Disposition disposition, String note) {
        settlements.mark(message, disposition, note);
    }

    @Override
    public SettleResult settle(JournaledMessage message, Settlement settlement) {
        return settlements.settle(message, settlement);
    }

    @Override
    public JournaledSettlement settle(ReceivedMessage message, Settlement settlement) {
        return settlements.settle(message, settlement);
    }

    @Override
    public RecordedPayment recordC2bPayment(JournaledMessage message, C2bPayment payment) {
        return settlements.recordC2bPayment(message, payment);
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(JournaledMessage message, PushId pushId, PaidDetails paid) {
        return settlements.recordUnknownPushPayment(message, pushId, paid);
    }

    @Override
    public PushChange endWaitingWindow(PushId id) {
        return settlements.endWaitingWindow(id);
    }
}
