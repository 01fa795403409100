package io.stkpush.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.Configs;

/** The DS component: configuration, the optional directory and listeners that come and go. */
class PushPaymentsComponentTest {

    private final PaymentLedger ledger = TestLedgers.ledger(TestLedgers.migratedH2(), Clock.systemUTC());
    private final ScriptedProvider provider = new ScriptedProvider();

    private PushPaymentsComponent component(Map<String, Object> config) {
        return new PushPaymentsComponent(ledger, provider, id -> URI.create("/hooks/daraja/stk/" + id + "/t"),
                Configs.of(PushConfig.class, config));
    }

    private Push send(PushPaymentsComponent component, String phone) {
        return component.initiate(new PushRequest(new SubscriberId("sub-1"), PhoneNumber.parse(phone), Kes.of(50),
                new OperatorName("alice"), null));
    }

    @Test
    void theConfiguredWindowAppliesAndAChangeAppliesToTheNextPush() {
        PushPaymentsComponent component = component(Map.of("waitingWindowSeconds", 120));
        Push first = send(component, "0711111111");
        assertEquals(Duration.ofSeconds(120), Duration.between(first.createdAt(), first.waitUntil()));

        component.modified(Configs.of(PushConfig.class, Map.of("waitingWindowSeconds", 60, "description", "Fibre")));
        Push second = send(component, "0722222222");

        assertEquals(Duration.ofSeconds(60), Duration.between(second.createdAt(), second.waitUntil()));
        assertEquals("Fibre", provider.last().description());
    }

    @Test
    void aBadValueKeepsTheSettingsInForce() {
        PushPaymentsComponent component = component(Map.of("waitingWindowSeconds", 0));
        Push push = send(component, "0711111111");

        assertEquals(Duration.ofSeconds(96), Duration.between(push.createdAt(), push.waitUntil()));
    }

    @Test
    void listenersAndTheDirectoryMayComeAndGo() {
        PushPaymentsComponent component = component(Map.of());
        RecordingListener listener = new RecordingListener(ledger);
        component.addListener(listener);

        send(component, "0711111111");
        assertNull(provider.last().accountReference(), "no directory: the provider's own reference");
        int heard = listener.events().size();
        assertTrue(heard > 0);

        InMemoryDirectory directory = new InMemoryDirectory();
        directory.add("sub-1", "Wanjiru Kamau", "ACC1001");
        component.directory = directory;
        component.removeListener(listener);
        send(component, "0722222222");

        assertEquals("ACC1001", provider.last().accountReference());
        assertEquals(heard, listener.events().size());
    }
}
