package io.stkpush.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A listener of the event relay's channel, as another node's relay listens (LISTEN on a connection of its own,
 * {@code getNotifications} with a timeout, which returns as soon as a notice arrives). It only stamps when each
 * push's first notice is heard: between the event's publication on node A and its arrival on node B's WebSocket,
 * that splits A's announcing (the relay's queue, its NOTIFY, PostgreSQL's delivery) from B's part (reading the
 * push back from the ledger, the fan-out, the WebSocket send).
 *
 * <p>While a run is tracked, a probe also sends a NOTIFY of its own every {@value #PROBE_MILLIS} ms on another
 * channel ({@value #PROBE_CHANNEL}, which no relay listens to) from a second connection, and times it to this
 * listener: PostgreSQL's delivery alone, under the same load, without any relay in between.
 */
final class LiveNotices implements AutoCloseable {

    private static final int WAIT_MILLIS = 100;
    static final String PROBE_CHANNEL = "stkpush_live_probe";
    static final int PROBE_MILLIS = 20;
    private static final int PROBES = 100_000;

    private final Connection connection;
    private final PGConnection notifications;
    private final Thread thread;
    private final Connection probeConnection;
    private final Thread probe;
    /** Probe i sent at probeSent[i] (nanoTime), heard after probeHeard[i] nanoseconds; reset per tracked run. */
    private final AtomicLongArray probeSent = new AtomicLongArray(PROBES);
    private final AtomicLongArray probeHeard = new AtomicLongArray(PROBES);
    private final AtomicInteger probesSent = new AtomicInteger();
    private volatile boolean running = true;
    private volatile LiveTracker tracker;
    private volatile String failure;

    LiveNotices(String jdbcUrl, String user, String password, String channel) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, user, password);
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + channel);
            listen.execute("LISTEN " + PROBE_CHANNEL);
        }
        notifications = connection.unwrap(PGConnection.class);
        probeConnection = DriverManager.getConnection(jdbcUrl, user, password);
        probeConnection.setAutoCommit(true);
        thread = new Thread(this::run, "live-notices");
        thread.setDaemon(true);
        thread.start();
        probe = new Thread(this::probe, "live-notify-probe");
        probe.setDaemon(true);
        probe.start();
    }

    /** From now on notices (and probes) count for {@code tracker}; null stops counting and probing. */
    void track(LiveTracker tracker) {
        if (tracker != null) {
            for (int i = 0; i < Math.min(probesSent.get(), PROBES); i++) {
                probeSent.set(i, 0);
                probeHeard.set(i, 0);
            }
            probesSent.set(0);
        }
        this.tracker = tracker;
    }

    /** How long each probe heard since the last {@link #track} took, in nanoseconds, and how many were sent. */
    long[] probes() {
        int sent = Math.min(probesSent.get(), PROBES);
        long[] heard = new long[sent];
        int n = 0;
        for (int i = 0; i < sent; i++) {
            if (probeHeard.get(i) > 0) {
                heard[n++] = probeHeard.get(i);
            }
        }
        return java.util.Arrays.copyOf(heard, n);
    }

    int probesSent() {
        return Math.min(probesSent.get(), PROBES);
    }

    /** What stopped the listener, or null while it listens. */
    String failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                PGNotification[] arrived = notifications.getNotifications(WAIT_MILLIS);
                long now = System.nanoTime();
                LiveTracker current = tracker;
                if (arrived != null && current != null) {
                    for (PGNotification notice : arrived) {
                        if (PROBE_CHANNEL.equals(notice.getName())) {
                            heardProbe(notice.getParameter(), now);
                        } else {
                            current.notice(notice.getParameter(), now);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            if (running) {
                failure = e.getMessage();
            }
        }
    }

    private void heardProbe(String payload, long now) {
        int i = Integer.parseInt(payload);
        long sent = i < PROBES ? probeSent.get(i) : 0;
        if (sent != 0) {
            probeHeard.compareAndSet(i, 0, Math.max(1, now - sent));
        }
    }

    private void probe() {
        try (PreparedStatement notify = probeConnection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, PROBE_CHANNEL);
            while (running) {
                int i = probesSent.get();
                if (tracker != null && i < PROBES) {
                    notify.setString(2, Integer.toString(i));
                    probeSent.set(i, System.nanoTime());
                    probesSent.set(i + 1);
                    notify.execute();
                }
                Thread.sleep(PROBE_MILLIS); // the probe's pace, not a wait for something
            }
        } catch (SQLException e) {
            if (running) {
                failure = "probe: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        probe.interrupt();
        try {
            thread.join(5_000);
            probe.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probeConnection.close();
        connection.close();
    }
}
