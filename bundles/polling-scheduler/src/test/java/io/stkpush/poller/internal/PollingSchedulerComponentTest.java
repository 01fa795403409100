package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;
import io.stkpush.testing.Configs;

class PollingSchedulerComponentTest {

    private final JdbcLedger ledger = TestLedgers.ledger(TestLedgers.migratedH2(), Clock.systemUTC());
    private final ProviderAnswers answers = TestPushServices.providerAnswers(ledger);
    private final ScriptedStatuses provider = new ScriptedStatuses(Clock.systemUTC());

    @Test
    void onceActiveItTicksAndAsksAboutDuePushes() throws Exception {
        Push push = ledger.createPush(new NewPush(PushId.random(), new PushRequest(new SubscriberId("sub-1"),
                new PhoneNumber("254700000001"), Kes.of(10), new OperatorName("alice"), null), Duration.ofSeconds(96)));
        ledger.recordAcceptance(push.id(), new MerchantRequestId("mr-1"), new CheckoutRequestId("ws_CO_1"),
                Instant.now());
        PollingSchedulerComponent component = new PollingSchedulerComponent(answers, ledger,
                provider, Configs.of(PollerConfig.class, Map.of("tickMillis", 10L)));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (provider.queries.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling for the first tick, bounded by the deadline
            }
            assertEquals(new CheckoutRequestId("ws_CO_1"), provider.queries.get(0).checkoutRequestId());
        } finally {
            component.deactivate();
        }
    }

    @Test
    void itStopsCleanlyWhenTheBundleStops() {
        PollingSchedulerComponent component = new PollingSchedulerComponent(answers, ledger,
                provider, Configs.of(PollerConfig.class, Map.of("tickMillis", 10L)));

        component.deactivate();

        assertTrue(component.ticks.isTerminated());
        assertTrue(component.queries.isTerminated());
    }

    @Test
    void aBadBackOffKeepsItFromStarting() {
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedulerComponent(answers, ledger, provider,
                Configs.of(PollerConfig.class, Map.of("reconciliationBackoff", "1m,5m"))));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedulerComponent(answers, ledger, provider,
                Configs.of(PollerConfig.class, Map.of("threads", 0))));
    }

    @Test
    void eachNodeGetsItsOwnDefaultId() {
        String id = PollingSchedulerComponent.defaultNodeId();
        assertFalse(id.isBlank());
        assertFalse(id.equals(PollingSchedulerComponent.defaultNodeId()));
    }
}
