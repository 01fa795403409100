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
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEventListener;
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
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.host.SubscriberDirectory;

/**
 * {@link PushPayments} as an OSGi service. The host's subscriber directory is optional (without it, account
 * references fall back to the configured text and C2B payments are held unredeemed); event listeners come and
 * go. A configuration change applies to the next push without re-registering the service.
 */
@Component(service = PushPayments.class, configurationPid = PushSettings.PID)
@Designate(ocd = PushConfig.class)
public class PushPaymentsComponent implements PushPayments {

    private static final Logger LOG = LoggerFactory.getLogger(PushPaymentsComponent.class);

    private final PaymentEventFanOut events = new PaymentEventFanOut();
    private final PushDesk desk;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SubscriberDirectory directory;

    @Activate
    public PushPaymentsComponent(@Reference(name = "ledger") PaymentLedger ledger,
            @Reference(name = "provider") PaymentProvider provider,
            @Reference(name = "callbackUrls") CallbackUrls callbackUrls, PushConfig config) {
        this.desk = new PushDesk(ledger, () -> provider, callbackUrls, () -> Optional.ofNullable(directory), events,
                Clock.systemUTC(), settings(config, PushSettings.DEFAULTS));
        LOG.info("Push service ready on provider {}: {}", provider.name(), desk.settings());
    }

    @Modified
    void modified(PushConfig config) {
        PushSettings changed = settings(config, desk.settings());
        desk.settings(changed);
        LOG.info("Push service reconfigured: {}", changed);
    }

    /** A bad value keeps what applies now rather than taking the service away from the operators. */
    private static PushSettings settings(PushConfig config, PushSettings fallback) {
        try {
            return PushSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping {}", e.getMessage(), fallback);
            return fallback;
        }
    }

    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(PaymentEventListener listener) {
        events.add(listener);
    }

    void removeListener(PaymentEventListener listener) {
        events.remove(listener);
    }

    @Override
    public Push initiate(PushRequest request) {
        return desk.initiate(request);
    }

    @Override
    public Optional<Push> find(PushId id) {
        return desk.find(id);
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        return desk.stopWaiting(id, operator);
    }

    @Override
    public Push endWaitingWindow(PushId id) {
        return desk.endWaitingWindow(id);
    }

    @Override
    public SettleResult settle(Settlement settlement) {
        return desk.settle(settlement);
    }

    @Override
    public RecordedPayment recordC2bPayment(C2bPayment payment) {
        return desk.recordC2bPayment(payment);
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(PushId pushId, PaidDetails paid) {
        return desk.recordUnknownPushPayment(pushId, paid);
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        return desk.pushesNeedingReview(max);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        return desk.linkPayment(id, subscriberId, operator);
    }

    @Override
    public List<Payment> payments(PaymentQuery query) {
        return desk.payments(query);
    }
}
