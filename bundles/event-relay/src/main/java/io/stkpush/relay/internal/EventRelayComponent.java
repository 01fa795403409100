package io.stkpush.relay.internal;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import javax.sql.DataSource;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.PushPayments;

/**
 * Payment events across the nodes sharing one PostgreSQL ledger. As a {@link PaymentEventListener} it hears this
 * node's events after commit and announces them on the channel (ids only, {@link RelayNotice}); from the channel it
 * hears the other nodes' events, reads them back through the front desk ({@link #READ_LANES} threads, one push's
 * events on one of them, in order) and hands them to this node's other listeners (the WebSocket bridge), as if they
 * had happened here. A relayed event is never announced again, so nodes cannot echo each other.
 *
 * <p>The front desk is taken through {@link ComponentServiceObjects}, on the relay's threads: the push service
 * binds every listener, this one included, while it activates, so getting it here during activation would be a
 * circular reference.
 */
@Component(service = PaymentEventListener.class, immediate = true, configurationPid = EventRelayComponent.PID,
        property = EventRelayComponent.RELAY + "=true")
@Designate(ocd = RelayConfig.class)
public class EventRelayComponent implements PaymentEventListener {

    static final String PID = "io.stkpush.relay";
    /** Marks this listener, so the relay does not count itself among the listeners it hands events to. */
    static final String RELAY = "stkpush.event.relay";

    private static final Logger LOG = LoggerFactory.getLogger(EventRelayComponent.class);

    /** Threads reading relayed events back from the ledger; one push's events always go to the same one, in order. */
    static final int READ_LANES = 4;
    /** True on a thread handing a relayed event to the listeners: what they publish in turn is not relayed again. */
    private static final ThreadLocal<Boolean> RELAYING = ThreadLocal.withInitial(() -> false);

    /** Random per activation: a restarted node is a new node, and two nodes never share a name by mistake. */
    private final String node = UUID.randomUUID().toString();

    private final List<PaymentEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ComponentServiceObjects<PushPayments> frontDesk;
    private final NotifyChannel channel;
    private final ExecutorService[] lanes = new ExecutorService[READ_LANES];

    /** @throws IllegalArgumentException when the channel name is not usable; the component then does not start */
    @Activate
    public EventRelayComponent(
            @Reference(name = "dataSource", target = "(dataSourceName=stkpush)") DataSource dataSource,
            @Reference(name = "frontDesk") ComponentServiceObjects<PushPayments> frontDesk, RelayConfig config) {
        this.frontDesk = frontDesk;
        if (!config.enabled()) {
            this.channel = null;
            LOG.info("Payment event relay disabled: operators see the events of the node they are connected to");
            return;
        }
        for (int i = 0; i < READ_LANES; i++) {
            String name = "stkpush-event-relay-read-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        try {
            this.channel = new NotifyChannel(dataSource, config.channel(), this::heard);
        } catch (IllegalArgumentException e) {
            stopLanes();
            LOG.error("{} {}", PID, e.getMessage());
            throw e;
        }
        LOG.info("Payment event relay started as node {}", node);
    }

    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + RELAY + "=*))", unbind = "removeListener")
    void addListener(PaymentEventListener listener) {
        listeners.add(listener);
    }

    void removeListener(PaymentEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        // while a relayed event is handed out, this is it handed back by a listener: announcing it would echo
        if (channel != null && !RELAYING.get()) {
            channel.send(RelayNotice.of(node, event).payload());
        }
    }

    @Deactivate
    void deactivate() {
        if (channel != null) {
            channel.close();
            stopLanes();
            LOG.info("Payment event relay stopped");
        }
    }

    private void stopLanes() {
        for (ExecutorService lane : lanes) {
            if (lane != null) {
                lane.shutdownNow();
            }
        }
    }

    /** A notice heard on the channel: another node's event is read back and handed to the local listeners. */
    private void heard(String payload) {
        RelayNotice notice;
        try {
            notice = RelayNotice.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.debug("Ignored a notice this node does not understand: {}", e.getMessage());
            return;
        }
        if (notice.node().equals(node) || listeners.isEmpty()) {
            return;
        }
        // read back off the listening thread, several at once: at the peak one thread reading each event back in
        // turn fell behind (a notice takes a service look-up and up to three ledger reads)
        Object key = notice.pushId() != null ? notice.pushId() : notice.paymentId();
        try {
            lanes[key == null ? 0 : Math.floorMod(key.hashCode(), READ_LANES)].execute(() -> readBack(notice));
        } catch (RejectedExecutionException stopping) {
            // the relay is stopping
        }
    }

    private void readBack(RelayNotice notice) {
        PushPayments desk = frontDesk.getService();
        if (desk == null) {
            return; // the push service is going away; so is this component
        }
        try {
            notice.event(desk).ifPresentOrElse(this::deliver,
                    () -> LOG.debug("Relayed {} names a push or payment the ledger does not have", notice.type()));
        } catch (RuntimeException e) {
            LOG.warn("Relayed {} for push {} could not be read back: {}", notice.type(), notice.pushId(),
                    e.toString());
        } finally {
            frontDesk.ungetService(desk);
        }
    }

    private void deliver(PaymentEvent event) {
        LOG.debug("Relaying {} for push {} from another node", event.type(), event.pushId());
        RELAYING.set(true);
        try {
            for (PaymentEventListener listener : listeners) {
                try {
                    listener.onPaymentEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("Payment event listener {} failed on relayed {} for push {}",
                            listener.getClass().getName(), event.type(), event.pushId(), e);
                }
            }
        } finally {
            RELAYING.set(false);
        }
    }
}
