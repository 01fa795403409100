package io.stkpush.websocket.internal;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.websocket.CloseReason;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEventListener;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ws://…/stkpush/events/}: payment events to operators' pages as they happen. One instance serves every
 * session: Pax Web's WebSocket whiteboard registers this service object (the property below) as the endpoint, in the
 * {@link EventsContext} context, whose gate has checked each upgrade before it got here; and the push service calls it
 * as a {@link PaymentEventListener}. Immediate, so no user of the service coming and going restarts it (which closes
 * every page).
 */
@Component(service = PaymentEventListener.class, immediate = true, configurationPid = EventsEndpoint.PID,
        property = "org.ops4j.pax.web.http.whiteboard.websocket=true")
@HttpWhiteboardContextSelect(EventsContext.SELECT)
@Designate(ocd = EventsConfig.class)
@ServerEndpoint("/")
public class EventsEndpoint implements PaymentEventListener {

    static final String PID = "io.stkpush.events";
    static final String THREAD = "stkpush-events";

    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final ScheduledExecutorService worker;
    private final EventFanOut pages;
    private final Duration idleTimeout;

    @Activate
    public EventsEndpoint(EventsConfig config) {
        if (config.heartbeatSeconds() < 1 || config.queueLimit() < 1) {
            String problem = "heartbeatSeconds and queueLimit must be positive";
            LOG.error(problem);
            throw new IllegalArgumentException(problem);
        }
        // one thread sends, closes and beats for every page: each send only hands a message to the container
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD);
            thread.setDaemon(true);
            return thread;
        });
        this.pages = new EventFanOut(worker, config.queueLimit(), Clock.systemUTC());
        this.idleTimeout = Duration.ofSeconds(config.heartbeatSeconds()).multipliedBy(3);
        worker.scheduleAtFixedRate(this::heartbeat, config.heartbeatSeconds(), config.heartbeatSeconds(),
                TimeUnit.SECONDS);
        LOG.info("Payment events at {}/: heartbeat every {} s, at most {} messages waiting per page",
                EventsContext.PATH, config.heartbeatSeconds(), config.queueLimit());
    }

    @OnOpen
    public void open(Session session) {
        Principal operator = session.getUserPrincipal();
        if (operator == null) {
            // the gate did not see this upgrade: nobody unchecked hears anything
            LOG.warn("Closed an events session the gate had not admitted");
            new SessionConnection(session).close(Connection.POLICY_VIOLATION, "Not admitted");
            return;
        }
        session.setMaxIdleTimeout(idleTimeout.toMillis());
        // the gate has refused a filter that does not parse
        pages.join(new SessionConnection(session), new Admission(new OperatorName(operator.getName()),
                EventFilter.of(session.getRequestParameterMap())));
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        pages.leave(session.getId());
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        LOG.debug("Events session {} failed: {}", session.getId(), failure.toString());
        pages.leave(session.getId());
    }

    @Override
    public void onPaymentEvent(PaymentEvent event) {
        pages.publish(event);
    }

    /** An exception escaping a scheduled task would stop every later heartbeat. */
    private void heartbeat() {
        try {
            pages.heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("Payment events heartbeat failed; trying again at the next one", e);
        }
    }

    @Deactivate
    void deactivate() {
        int connected = pages.connected();
        pages.closeAll(Connection.GOING_AWAY, EventFanOut.STOPPING);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("Payment events at {}/ stopped; closed {} page(s)", EventsContext.PATH, connected);
    }
}
