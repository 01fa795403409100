package io.stkpush.renewal.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.PushPayments;
import io.stkpush.host.RenewalService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal extension's worker: migrates its table, hears payment events (from this node and, through the relay,
 * from others), sweeps what is unfinished, and publishes RENEWAL_CHANGED to every other listener (the WebSocket
 * bridge, the relay). The host's renewal service may come and go without restarting this component.
 */
@Component(service = {RenewalComponent.class, PaymentEventListener.class}, configurationPid = RenewalComponent.PID,
        immediate = true)
@Designate(ocd = RenewalConfig.class)
public class RenewalComponent implements PaymentEventListener {

    static final String PID = "io.stkpush.renewal";

    private static final Logger LOG = LoggerFactory.getLogger(RenewalComponent.class);

    /** Payment events after which a renewal may have something to do. */
    private static final Set<PaymentEvent.Type> WORTH_A_LOOK = Set.of(PaymentEvent.Type.PUSH_STATUS_CHANGED,
            PaymentEvent.Type.PAYMENT_RECORDED, PaymentEvent.Type.UNREDEEMED_PAYMENT_RECORDED,
            PaymentEvent.Type.PAYMENT_LINKED);

    private final List<PaymentEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker;
    private final RenewalDesk desk;
    private volatile RenewalService host;

    @Activate
    public RenewalComponent(@Reference(name = "dataSource", target = "(dataSourceName=stkpush)") DataSource dataSource,
            @Reference(name = "pushes") PushPayments pushes, RenewalConfig config) {
        RenewalSchema.migrate(dataSource);
        RenewalSettings settings = RenewalSettings.of(config);
        this.desk = new RenewalDesk(new RenewalStore(dataSource), pushes, () -> Optional.ofNullable(host),
                this::publish, Clock.systemUTC(), settings, "renewals-" + UUID.randomUUID());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stkpush-renewals");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sweepEvery().toMillis();
        // the first sweep at once: renewals paid while this bundle was not running are applied now
        worker.scheduleWithFixedDelay(this::sweep, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("Renewals by STK Push ready (attempts {}, first retry {} s)", settings.attempts(),
                settings.firstRetry().toSeconds());
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try {
            // a host call in progress finishes; its lease expires if it does not record its result
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(name = "host", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(RenewalService service) {
        host = service;
        // renewals that failed for want of a host may be due: let the sweep see them soon
        submit(this::sweep);
    }

    void unbindHost(RenewalService service) {
        if (host == service) {
            host = null;
        }
    }

    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(component.name=io.stkpush.renewal.internal.RenewalComponent))")
    void addListener(PaymentEventListener listener) {
        listeners.add(listener);
    }

    void removeListener(PaymentEventListener listener) {
        listeners.remove(listener);
    }

    RenewalDesk desk() {
        return desk;
    }

    /** The host's renewal service now, for the plans. */
    Optional<RenewalService> host() {
        return Optional.ofNullable(host);
    }

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        if (event.pushId() == null || !WORTH_A_LOOK.contains(event.type()) || !event.mayConcernRenewal()) {
            // a push that renews no plan: no renewal to look up (at the month-end peak, nearly every callback)
            return;
        }
        // off the publisher's thread: the host may be slow, and the payment is committed already
        submit(() -> desk.findByPush(event.pushId()).ifPresent(r -> desk.evaluate(r.id())));
    }

    private void sweep() {
        try {
            desk.sweep();
        } catch (RuntimeException e) {
            LOG.warn("Renewal sweep failed; trying again in a moment: {}", e.getMessage());
        }
    }

    private void submit(Runnable work) {
        try {
            worker.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Renewal work failed; the next sweep tries again", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: the next activation's first sweep covers it
        }
    }

    private void publish(PaymentEvent event) {
        for (PaymentEventListener listener : listeners) {
            try {
                listener.onPaymentEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Payment event listener {} failed on {}", listener.getClass().getName(), event.type(), e);
            }
        }
    }
}
