package io.stkpush.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.Push;
import io.stkpush.testing.Configs;

/** On the embedded H2 database there is one node: the relay stops at once and announces nothing. */
class OneNodeTest {

    private final KnownPayments ledger = new KnownPayments();
    private final HikariDataSource h2 = pool();
    private EventRelayComponent relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.deactivate();
        }
        h2.close();
    }

    @Test
    void onTheEmbeddedDatabaseEventsStayOnThisNode() throws Exception {
        relay = new EventRelayComponent(h2, ledger, Configs.of(RelayConfig.class, Map.of()));
        RecordingListener local = new RecordingListener();
        relay.addListener(local);

        assertTrue(RecordingListener.until(Duration.ofSeconds(10), () -> !RecordingListener.relayThreadAlive()),
                "the relay thread stops once it sees the database is not PostgreSQL");
        Push push = ledger.confirmedPush();
        relay.onPaymentEvent(PaymentEvent.of(Type.PUSH_STATUS_CHANGED, push, "Payment received and recorded.",
                Instant.now()));

        assertTrue(local.events.isEmpty(), "the relay hands local listeners only other nodes' events");
        assertEquals(0, h2.getHikariPoolMXBean().getActiveConnections(), "the connection went back to the pool");
    }

    @Test
    void aDisabledRelayStartsNothing() {
        relay = new EventRelayComponent(h2, ledger, Configs.of(RelayConfig.class, Map.of("enabled", false)));

        relay.onPaymentEvent(PaymentEvent.of(Type.PUSH_STATUS_CHANGED, ledger.confirmedPush(), "x", Instant.now()));

        assertFalse(RecordingListener.relayThreadAlive());
        assertEquals(0, h2.getHikariPoolMXBean().getActiveConnections());
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:relay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
