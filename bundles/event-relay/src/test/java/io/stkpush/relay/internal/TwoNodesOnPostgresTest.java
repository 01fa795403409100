package io.stkpush.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.Push;
import io.stkpush.api.text.OperatorText;
import io.stkpush.testing.Configs;

/**
 * Two nodes' relays on one PostgreSQL, each with its own pool and a local listener standing for its WebSocket
 * bridge; the ledger they read is shared, as the nodes' is. Needs {@code -Dstkpush.test.pg.url=jdbc:...}
 * (user and password {@code postgres}); skipped without it unless {@code -Dstkpush.test.pg.required=true}.
 * Each test uses a channel of its own, so runs never hear each other.
 */
class TwoNodesOnPostgresTest {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final OperatorText WORDS = OperatorText.english();

    private final String channel = "relay_test_" + UUID.randomUUID().toString().replace("-", "");
    private final KnownPayments ledger = new KnownPayments();
    private final List<Node> nodes = new ArrayList<>();

    static String url() {
        return System.getProperty("stkpush.test.pg.url", "").strip();
    }

    @BeforeAll
    static void requirePostgres() {
        if (Boolean.getBoolean("stkpush.test.pg.required")) {
            assertFalse(url().isEmpty(), "stkpush.test.pg.required is set but stkpush.test.pg.url is not");
        }
        assumeFalse(url().isEmpty(), "no stkpush.test.pg.url: PostgreSQL tests skipped");
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::stop);
    }

    @Test
    void anEventOnOneNodeReachesTheOtherNodesListenersOnceAndNeverItsOwn() throws Exception {
        Node a = node("a");
        Node b = node("b");
        awaitListening(a, b);

        Push push = ledger.confirmedPush();
        Payment payment = ledger.payment(push.paymentId());
        PaymentEvent confirmed = PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, WORDS.push(push), Instant.now());
        PaymentEvent recorded = PaymentEvent.of(Type.PAYMENT_RECORDED, payment, push, WORDS.paymentRecorded(payment),
                Instant.now());
        a.relay.onPaymentEvent(confirmed);
        a.relay.onPaymentEvent(recorded);
        PaymentEvent markerFromA = marker(a);
        PaymentEvent markerFromB = marker(b);

        assertTrue(b.local.awaitHanded(markerFromA, WAIT));
        assertEquals(List.of(confirmed, recorded, markerFromA), b.local.events,
                "node b's listener gets each of node a's events once, as node a published them");
        assertTrue(a.local.awaitHanded(markerFromB, WAIT));
        // notifications arrive in commit order: node a heard its own events before b's marker and handed none over
        assertEquals(List.of(markerFromB), a.local.events);
    }

    @Test
    void aRelayedEventHandedBackToTheRelayIsNotAnnouncedAgain() throws Exception {
        Node a = node("a");
        Node b = node("b");
        awaitListening(a, b);
        b.relay.addListener(event -> b.relay.onPaymentEvent(event)); // a listener that echoes what it hears

        PaymentEvent fromA = marker(a);
        assertTrue(b.local.awaitHanded(fromA, WAIT));
        PaymentEvent fromB = marker(b);

        assertTrue(a.local.awaitHanded(fromB, WAIT));
        assertEquals(List.of(fromB), a.local.events, "node a never hears its own event back");
    }

    @Test
    void aNodeHearsTheOthersAgainAfterTheDatabaseDroppedItsConnection() throws Exception {
        Node a = node("a");
        Node b = node("b");
        awaitListening(a, b);

        try (Connection admin = DriverManager.getConnection(url(), USER, PASSWORD);
                Statement st = admin.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + b.applicationName + "'");
        }

        assertTrue(heardAfterRetries(a, b, Duration.ofSeconds(30)), "node b listens again after reconnecting");
    }

    @Test
    void stoppingLeavesNoThreadAndNoConnectionListening() throws Exception {
        Node a = node("a");
        Node b = node("b");
        awaitListening(a, b);

        a.relay.deactivate();
        b.relay.deactivate();

        assertFalse(RecordingListener.relayThreadAlive());
        for (Node node : List.of(a, b)) {
            assertEquals(0, node.pool.getHikariPoolMXBean().getActiveConnections(), "handed back to the pool");
            // the pool's connections, the one the relay listened on among them
            try (Connection connection = node.pool.getConnection(); Statement st = connection.createStatement();
                    ResultSet channels = st.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
                channels.next();
                assertEquals(0, channels.getInt(1), "no longer listening");
            }
        }
    }

    /** Each relay starts listening on its own thread: wait until each hears the other. */
    private void awaitListening(Node a, Node b) throws Exception {
        assertTrue(heardAfterRetries(a, b, WAIT) && heardAfterRetries(b, a, WAIT), "both nodes listening");
        a.local.events.clear();
        b.local.events.clear();
    }

    /** Publishes markers on {@code from} until {@code to} hears one; notices sent before it listened are lost. */
    private boolean heardAfterRetries(Node from, Node to, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (to.local.awaitHanded(marker(from), Duration.ofMillis(500))) {
                return true;
            }
        }
        return false;
    }

    /** A fresh event published on {@code node}, as its push service would after a commit. */
    private PaymentEvent marker(Node node) {
        Push push = ledger.confirmedPush();
        PaymentEvent event = PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, WORDS.push(push), Instant.now());
        node.relay.onPaymentEvent(event);
        return event;
    }

    private Node node(String name) {
        String applicationName = "stkpush-relay-test-" + name + "-" + channel.substring(channel.length() - 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(2); // the relay listens on one and borrows the other to send
        config.setConnectionTimeout(5000);
        config.addDataSourceProperty("ApplicationName", applicationName);
        HikariDataSource pool = new HikariDataSource(config);
        EventRelayComponent relay = new EventRelayComponent(pool, ledger,
                Configs.of(RelayConfig.class, Map.of("channel", channel)));
        RecordingListener local = new RecordingListener();
        relay.addListener(local);
        Node node = new Node(relay, local, pool, applicationName);
        nodes.add(node);
        return node;
    }

    private record Node(EventRelayComponent relay, RecordingListener local, HikariDataSource pool,
            String applicationName) {

        void stop() {
            relay.deactivate(); // a second stop does nothing
            pool.close();
        }
    }
}
