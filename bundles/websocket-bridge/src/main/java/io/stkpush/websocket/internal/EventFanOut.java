package io.stkpush.websocket.internal;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.stkpush.api.PaymentEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected pages and what each one gets. The thread that publishes (the one that settled a payment) only
 * renders the JSON and queues it for each page that wants it: sending, closing and every other bit of I/O happen on
 * {@code worker}, one message in flight per page, handed to the container's asynchronous send. A page whose queue
 * overflows is closed, a page whose send fails is dropped, and nobody waits for either.
 */
final class EventFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);

    static final String STOPPING = "stkpush events are stopping";

    private final Executor worker;
    private final int queueLimit;
    private final InstantSource clock;
    private final Map<String, EventClient> clients = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    /**
     * @param worker     where messages are sent and connections closed; never the publisher's thread
     * @param queueLimit messages that may wait for one page before it is closed as too slow
     * @param clock      the time heartbeats carry
     */
    EventFanOut(Executor worker, int queueLimit, InstantSource clock) {
        this.worker = worker;
        this.queueLimit = queueLimit;
        this.clock = clock;
    }

    /** A page connected: from now on it gets what its admission lets through. */
    void join(Connection connection, Admission admission) {
        EventClient client = new EventClient(connection, admission, queueLimit);
        clients.put(connection.id(), client);
        if (!open) {
            // joined while closeAll ran, which may have missed it; closed here, the worker may be gone
            clients.remove(connection.id(), client);
            client.close();
            connection.close(Connection.GOING_AWAY, STOPPING);
            return;
        }
        LOG.debug("{} listens to payment events ({}), {} page(s) connected", admission.operator(),
                admission.filter(), clients.size());
    }

    /** The page closed or failed: nothing more goes to it. */
    void leave(String connectionId) {
        EventClient client = clients.remove(connectionId);
        if (client != null) {
            client.close();
        }
    }

    /** Called by the settling thread: queues the event for every page that wants it, and returns at once. */
    void publish(PaymentEvent event) {
        String message = null;
        for (EventClient client : clients.values()) {
            if (client.wants(event)) {
                if (message == null) {
                    message = EventJson.event(event);
                }
                deliver(client, message);
            }
        }
    }

    /** A heartbeat to every page, whatever it listens to. */
    void heartbeat() {
        String message = EventJson.heartbeat(clock.instant());
        for (EventClient client : clients.values()) {
            deliver(client, message);
        }
    }

    /**
     * Closes every page (on the caller's thread) and takes no more. Closes already handed to the worker still run if
     * it is shut down gently ({@code shutdown}, not {@code shutdownNow}).
     */
    void closeAll(int code, String reason) {
        open = false;
        for (EventClient client : clients.values()) {
            clients.remove(client.connection().id(), client);
            if (client.close()) {
                client.connection().close(code, reason);
            }
        }
    }

    int connected() {
        return clients.size();
    }

    private void deliver(EventClient client, String message) {
        switch (client.offer(message)) {
            case SEND -> onWorker(() -> sendNext(client));
            case OVERFLOW -> {
                clients.remove(client.connection().id(), client);
                LOG.warn("Closed the events connection of {}: more than {} messages were waiting for it",
                        client.admission().operator(), queueLimit);
                onWorker(() -> client.connection().close(Connection.POLICY_VIOLATION,
                        "Too slow: more than " + queueLimit + " events waiting. Reconnect and refresh."));
            }
            case QUEUED, CLOSED -> {
                // sent after the one in flight, or not at all
            }
        }
    }

    private void sendNext(EventClient client) {
        String message = client.next();
        if (message == null) {
            return;
        }
        try {
            client.connection().send(message, failure -> {
                if (failure == null) {
                    onWorker(() -> sendNext(client));
                } else {
                    LOG.debug("Dropped the events connection of {}: {}", client.admission().operator(),
                            failure.toString());
                    drop(client, Connection.UNEXPECTED, "Could not send");
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Dropped the events connection of {}: {}", client.admission().operator(), e.toString());
            drop(client, Connection.UNEXPECTED, "Could not send");
        }
    }

    private void drop(EventClient client, int code, String reason) {
        clients.remove(client.connection().id(), client);
        if (client.close()) {
            onWorker(() -> client.connection().close(code, reason));
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping: closeAll has closed or is closing every connection
        }
    }
}
