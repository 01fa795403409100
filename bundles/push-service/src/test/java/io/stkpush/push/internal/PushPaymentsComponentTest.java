package io.stkpush.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushSchedule;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.Configs;

/** The DS component: configuration, the poller's schedule, the optional directory and listeners that come and go. */
class PushPaymentsComponentTest {

    private final JdbcLedger ledger = TestLedgers.ledger(TestLedgers.migratedH2(), Clock.systemUTC());
    private final ScriptedProvider provider = new ScriptedProvider();

    /** The poller's schedule, changed in place as the poller's configuration changes it. */
    private static final class MovableSchedule implements PushSchedule {

        private volatile Duration window;

        MovableSchedule(Duration window) {
            this.window = window;
        }

        @Override
        public Duration waitingWindow() {
            return window;
        }

        @Override
        public Duration firstPoll() {
            return Duration.ofSeconds(8);
        }
    }

    private PushPaymentsComponent component(PushSchedule schedule, Map<String, Object> config) {
        return new PushPaymentsComponent(ledger, ledger, provider, id -> URI.create("/hooks/daraja/stk/" + id + "/t"),
                schedule, Configs.of(PushConfig.class, config));
    }

    private Push send(PushPaymentsComponent component, String phone) {
        return component.initiate(new PushRequest(new SubscriberId("sub-1"), PhoneNumber.parse(phone), Kes.of(50),
                new OperatorName("alice"), null));
    }

    @Test
    void theSchedulesWindowAppliesAndAChangeAppliesToTheNextPush() {
        MovableSchedule schedule = new MovableSchedule(Duration.ofSeconds(120));
        PushPaymentsComponent component = component(schedule, Map.of());
        Push first = send(component, "0711111111");
        assertEquals(Duration.ofSeconds(120), Duration.between(first.createdAt(), first.waitUntil()));

        schedule.window = Duration.ofSeconds(60);
        component.modified(Configs.of(PushConfig.class, Map.of("description", "Fibre")));
        Push second = send(component, "0722222222");

        assertEquals(Duration.ofSeconds(60), Duration.between(second.createdAt(), second.waitUntil()));
        assertEquals(Duration.ofSeconds(120), Duration.between(first.createdAt(), first.waitUntil()),
                "a push keeps the window it was sent with");
        assertEquals("Fibre", provider.last().description());
    }

    @Test
    void aWrongPrefixListIsRefusedAndTheRunningConfigurationKept() {
        PushPaymentsComponent component = component(TestPushServices.SCHEDULE, Map.of());

        component.modified(Configs.of(PushConfig.class, Map.of("description", "Fibre",
                "safaricomPrefixes", new String[] { "7x" })));
        send(component, "0711111111");
        assertEquals("Internet", provider.last().description(), "nothing of the refused change applies");
        assertThrows(InvalidPhoneNumberException.class, () -> send(component, "0100123456"));

        component.modified(Configs.of(PushConfig.class, Map.of("safaricomPrefixes", new String[] { "" })));
        assertEquals(PushStatus.WAITING, send(component, "0100123456").status(), "an empty list checks nothing");
    }

    @Test
    void windowKeysLeftInAnOldConfigurationChangeNothing() {
        // waitingWindowSeconds and firstPollSeconds moved to the poller; a file from before still names them
        PushPaymentsComponent component = component(TestPushServices.SCHEDULE,
                Map.of("waitingWindowSeconds", 0, "firstPollSeconds", 0));
        Push push = send(component, "0711111111");

        assertEquals(Duration.ofSeconds(96), Duration.between(push.createdAt(), push.waitUntil()));
    }

    @Test
    void listenersAndTheDirectoryMayComeAndGo() {
        PushPaymentsComponent component = component(TestPushServices.SCHEDULE, Map.of());
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

    @Test
    void theAnswersReachTheSameListenersAsTheFrontDesk() {
        PushPaymentsComponent component = component(TestPushServices.SCHEDULE, Map.of());
        RecordingListener listener = new RecordingListener(ledger);
        component.addListener(listener);
        Push push = send(component, "0711111111");

        JournaledMessage callback = component.journal(new ProviderEvent(ProviderEvent.Channel.STK_CALLBACK,
                push.id(), null, "{}"));
        component.settle(callback, new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER,
                "1032", "Request cancelled by user", null));

        PaymentEvent last = listener.events().get(listener.events().size() - 1);
        assertEquals(PushStatus.CANCELLED, last.status());
        assertEquals(PushStatus.CANCELLED, component.find(push.id()).orElseThrow().status());
        assertEquals(ProviderEvent.Disposition.SETTLED, ledger.recentJournal(1).get(0).disposition());
    }
}
