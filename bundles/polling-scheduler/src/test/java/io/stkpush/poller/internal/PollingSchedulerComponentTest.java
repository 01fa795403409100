package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.api.PaymentLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.Configs;

class PollingSchedulerComponentTest {

    private final PaymentLedger ledger = TestLedgers.ledger(TestLedgers.migratedH2(), Clock.systemUTC());
    private final ScriptedStatuses provider = new ScriptedStatuses(Clock.systemUTC());

    @Test
    void itStopsCleanlyWhenTheBundleStops() {
        PollingSchedulerComponent component = new PollingSchedulerComponent(new LedgerPushPayments(ledger), ledger,
                provider, Configs.of(PollerConfig.class, Map.of("tickMillis", 10L)));

        component.deactivate();

        assertTrue(component.ticks.isTerminated());
        assertTrue(component.queries.isTerminated());
    }

    @Test
    void aBadBackOffKeepsItFromStarting() {
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedulerComponent(
                new LedgerPushPayments(ledger), ledger, provider,
                Configs.of(PollerConfig.class, Map.of("reconciliationBackoff", "1m,5m"))));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedulerComponent(
                new LedgerPushPayments(ledger), ledger, provider, Configs.of(PollerConfig.class, Map.of("threads", 0))));
    }

    @Test
    void eachNodeGetsItsOwnDefaultId() {
        String id = PollingSchedulerComponent.defaultNodeId();
        assertFalse(id.isBlank());
        assertFalse(id.equals(PollingSchedulerComponent.defaultNodeId()));
    }
}
