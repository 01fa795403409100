package io.stkpush.relay.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL notification channel. One thread listens on a connection of its own and hands every payload heard
 * on the channel, its own included, to {@code heard}; another waits on the queue {@link #send} fills and sends
 * what is there at once, a backlog in one statement (NOTIFY), on a pooled connection. Sending from the queue keeps
 * the publisher (a settling callback) off the network and never blocks it when the database is down. (One thread
 * doing both sent only between its waits for notices, up to 100 ms late.) When a connection drops its thread
 * tries again with a growing pause; when the database is not PostgreSQL both stop at once and {@link #send} does
 * nothing.
 */
final class NotifyChannel implements AutoCloseable {

    static final String THREAD_NAME = "stkpush-event-relay";
    static final String SENDER_NAME = "stkpush-event-relay-send";

    private static final Logger LOG = LoggerFactory.getLogger(NotifyChannel.class);
    /** LISTEN takes the channel as an identifier, not a parameter: only names that need no quoting. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final int OUTBOX = 10_000;
    /** How long a thread waits for a notice, or for the queue, before it looks whether it should stop. */
    private static final int LISTEN_MILLIS = 100;
    /** Payloads sent in one statement at most. */
    private static final int BATCH = 500;
    /** How long the sender waits for more events after the first, to send them together. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A connection silent this long is asked whether it is alive: a dead peer would never say so itself. */
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int CHECK_SECONDS = 5;
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final long STOP_WAIT_MILLIS = 15_000;

    private final DataSource dataSource;
    private final String name;
    private final Consumer<String> heard;
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(OUTBOX);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private final Thread sender;
    private volatile boolean running = true;
    /** Set once the database turned out not to be PostgreSQL: there is no other node to tell. */
    private volatile boolean oneNode;

    /** @throws IllegalArgumentException when {@code name} is not a plain channel name */
    NotifyChannel(DataSource dataSource, String name, Consumer<String> heard) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "channel must be lower-case letters, digits and underscores (at most 63), starting with a letter");
        }
        this.name = name;
        this.heard = Objects.requireNonNull(heard, "heard");
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        this.sender = new Thread(this::sendAll, SENDER_NAME);
        sender.setDaemon(true);
        thread.start();
        sender.start();
    }

    /** Queues a payload for the other nodes; never blocks. A full queue (database down for long) drops it. */
    void send(String payload) {
        if (oneNode || !running) {
            return;
        }
        if (!outbox.offer(payload)) {
            dropped.incrementAndGet();
        }
    }

    /** Stops the thread, which hands its connection back to the pool no longer listening. */
    @Override
    public void close() {
        running = false;
        for (Thread t : new Thread[] {thread, sender}) {
            t.interrupt(); // wakes a retry pause, a wait for the queue or for a pooled connection
        }
        for (Thread t : new Thread[] {thread, sender}) {
            try {
                t.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Payment event relay thread {} did not stop within {} ms", t.getName(), STOP_WAIT_MILLIS);
            }
        }
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isWrapperFor(PGConnection.class)) {
                    oneNode = true;
                    outbox.clear();
                    LOG.info("The stkpush database is not PostgreSQL: payment events stay on this node");
                    return;
                }
                connection.setAutoCommit(true);
                connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + name);
                }
                LOG.info(lost ? "Payment event relay reconnected; listening on {}" : "Payment event relay listening on {}",
                        name);
                retry = FIRST_RETRY;
                lost = false;
                try {
                    relay(connection, connection.unwrap(PGConnection.class));
                } finally {
                    Thread.interrupted(); // a stop interrupts; the connection must still go back clean
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Payment event relay has no connection to the database ({}); retrying in {} s",
                        e.getMessage(), retry.toSeconds());
                lost = true;
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                retry = retry.compareTo(LAST_RETRY.dividedBy(2)) < 0 ? retry.multipliedBy(2) : LAST_RETRY;
            }
        }
    }

    private void relay(Connection connection, PGConnection notifications) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] arrived = notifications.getNotifications(LISTEN_MILLIS);
            if (arrived != null && arrived.length > 0) {
                quietSince = System.nanoTime();
                for (PGNotification notification : arrived) {
                    if (name.equals(notification.getName())) {
                        hand(notification.getParameter());
                    }
                }
            } else if (System.nanoTime() - quietSince > CHECK_AFTER_NANOS) {
                if (!connection.isValid(CHECK_SECONDS)) {
                    throw new SQLException("the connection stopped answering");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * The sender: waits on the queue and sends what comes within 2 ms of the first event, a backlog included, in
     * one statement. A batch is forgotten only once sent, so what a database outage interrupted goes out, in order,
     * when it answers again.
     */
    private void sendAll() {
        List<String> batch = new ArrayList<>();
        Duration retry = FIRST_RETRY;
        while (running && !oneNode) {
            try {
                if (batch.isEmpty()) {
                    String first = outbox.poll(LISTEN_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    gather(batch);
                }
                send(batch);
                batch.clear();
                retry = FIRST_RETRY;
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    LOG.warn("{} payment events were not relayed to the other nodes: the queue was full", lost);
                }
            } catch (InterruptedException stop) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Payment event relay cannot send {} event(s) ({}); retrying in {} s", batch.size(),
                        e.getMessage(), retry.toSeconds());
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                retry = retry.compareTo(LAST_RETRY.dividedBy(2)) < 0 ? retry.multipliedBy(2) : LAST_RETRY;
            }
        }
    }

    /**
     * Adds to {@code batch} what comes within {@link #GATHER_NANOS} of its first event: the events of the callbacks
     * a node settles alongside (hundreds a second at the month-end peak) then share one NOTIFY and its commit, for
     * a moment's delay to the other nodes' pages.
     */
    private void gather(List<String> batch) throws InterruptedException {
        long until = System.nanoTime() + GATHER_NANOS;
        outbox.drainTo(batch, BATCH - batch.size());
        for (long left = GATHER_NANOS; left > 0 && batch.size() < BATCH; left = until - System.nanoTime()) {
            String next = outbox.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            outbox.drainTo(batch, BATCH - batch.size());
        }
    }

    /** One statement, one commit for the batch; PostgreSQL delivers a transaction's notices in the order sent. */
    private void send(List<String> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(PGConnection.class)) {
                oneNode = true;
                outbox.clear();
                batch.clear();
                return;
            }
            try (PreparedStatement notify = connection.prepareStatement(
                    "SELECT pg_notify(?, payload) FROM unnest(?) AS payload")) {
                notify.setString(1, name);
                notify.setArray(2, connection.createArrayOf("text", batch.toArray()));
                notify.execute();
            }
            if (!connection.getAutoCommit()) {
                connection.commit(); // notices go out when the transaction commits
            }
        }
    }

    private void hand(String payload) {
        try {
            heard.accept(payload);
        } catch (RuntimeException e) {
            LOG.warn("Payment event relay could not handle a notice", e);
        }
    }

    private void unlisten(Connection connection) {
        try (Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        } catch (SQLException e) {
            // the connection is broken: the pool discards it rather than lending it out again
            LOG.debug("UNLISTEN failed", e);
        }
    }
}
