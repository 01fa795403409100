package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.stkpush.api.CallbackBacklog;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.WaitingCallbacks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The spool component's life: across restarts, a replay cut off half way, a new directory, and stopping. */
class CallbackSpoolTest {

    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @TempDir
    Path elsewhere;

    @Test
    void theSpoolSurvivesARestartAndIsReplayedInOrderWhenTheDatabaseIsBack() throws Exception {
        Push first = f.waitingPush(1);
        Push second = f.waitingPush(1);
        Push third = f.waitingPush(1);
        long before = f.lastJournalId();
        f.database.down(true);
        f.post(f.stkPath(first.id()), Callbacks.success(first.checkoutRequestId().value(), receipt("A")));
        f.post(f.stkPath(second.id()), Callbacks.failure(second.checkoutRequestId().value(), "2001", "Wrong PIN"));
        f.post(f.stkPath(third.id()), Callbacks.success(third.checkoutRequestId().value(), receipt("C")));

        f.restart(f.spoolDirectory); // Karaf stopped and started again, the database still down
        assertEquals(3, f.spool.status().messages());
        f.database.down(false);
        f.awaitSpool(0);

        List<JournalEntry> replayed = f.journalAfter(before);
        assertEquals(List.of(first.id(), second.id(), third.id()),
                replayed.stream().map(e -> e.event().pushId()).toList(), "in the order they arrived");
        assertEquals(PushStatus.CONFIRMED, f.push(first.id()).status());
        assertEquals(PushStatus.FAILED, f.push(second.id()).status());
        assertEquals(PushStatus.CONFIRMED, f.push(third.id()).status());
    }

    @Test
    void aPaymentIsRecordedOnceWhenTheReplayIsCutOffAfterProcessingAndBeforeTheMessageIsMarkedDone()
            throws Exception {
        Push push = f.waitingPush(1);
        String receipt = receipt("ONCE");
        long before = f.lastJournalId();
        f.database.down(true);
        f.post(f.stkPath(push.id()), Callbacks.success(push.checkoutRequestId().value(), receipt));
        Path file = f.spoolDirectory.resolve(SpoolFile.FILE_NAME);
        byte[] beforeReplay = Files.readAllBytes(file);

        f.database.down(false);
        f.awaitSpool(0);
        assertEquals(PushStatus.CONFIRMED, f.push(push.id()).status());
        // the crash: Karaf dies after the settlement committed, before the "done" marker reached the disk
        f.spool.deactivate();
        Files.write(file, beforeReplay);
        f.restart(f.spoolDirectory); // the replay starts at once: the DUPLICATE entry below shows it ran again
        f.awaitSpool(0);

        assertEquals(1, f.ledger.findPayments(PaymentQuery.all()).stream()
                .filter(p -> p.receipt() != null && p.receipt().value().equals(receipt)).count(), "one payment");
        assertEquals(PushStatus.CONFIRMED, f.push(push.id()).status());
        assertEquals(List.of(Disposition.SETTLED, Disposition.DUPLICATE),
                f.journalAfter(before).stream().map(JournalEntry::disposition).toList());
    }

    @Test
    void aNewSpoolDirectoryTakesNewMessagesWhileTheOldOneIsReplayedFirst() throws Exception {
        Push first = f.waitingPush(1);
        Push second = f.waitingPush(1);
        long before = f.lastJournalId();
        f.database.down(true);
        f.post(f.stkPath(first.id()), Callbacks.failure(first.checkoutRequestId().value(), "1032", "Cancelled"));

        f.spool.modified(TestConfigs.config("spoolDirectory", elsewhere.toString()));
        f.post(f.stkPath(second.id()), Callbacks.failure(second.checkoutRequestId().value(), "1032", "Cancelled"));

        assertEquals(2, f.spool.status().messages());
        assertEquals(elsewhere, f.spool.status().directory());
        assertTrue(Files.size(elsewhere.resolve(SpoolFile.FILE_NAME)) > 0);
        f.database.down(false);
        f.awaitSpool(0);
        assertEquals(List.of(first.id(), second.id()),
                f.journalAfter(before).stream().map(e -> e.event().pushId()).toList());
        assertEquals(0, Files.size(f.spoolDirectory.resolve(SpoolFile.FILE_NAME)));
    }

    @Test
    void theBacklogCountsTheCallbacksKeptAndSinceWhenTheOldestWaitsUntilTheyAreReplayed() throws Exception {
        f.database.down(true);
        CallbackSpool spool = f.newSpool(elsewhere);
        try {
            assertEquals(new WaitingCallbacks(0, null, null), spool.waiting());
            String receipt = receipt("BL");
            for (int i = 0; i < 3; i++) {
                spool.keep(new SpooledMessage(Channel.C2B_CONFIRMATION, null, "t", "127.0.0.1", false,
                        HooksFixture.NOW.plusSeconds(60L * i), Callbacks.c2b(receipt + i, "1.00", "a", "x"), null));
            }

            assertEquals(new WaitingCallbacks(3, HooksFixture.NOW, null), spool.waiting(), "the first is the oldest");

            f.database.down(false);
            HooksFixture.await(() -> spool.waiting().count() == 0, () -> "still waiting: " + spool.waiting());
            assertEquals(new WaitingCallbacks(0, null, null), spool.waiting());
            assertTrue(f.ledger.findPaymentByReceipt(new Receipt(receipt + "2")).isPresent());
        } finally {
            spool.deactivate();
        }
    }

    @Test
    void theBacklogIsRegisteredForHealthWithoutAnyConfigurationProperty() {
        List<Object> registered = new ArrayList<>();
        AtomicInteger unregistered = new AtomicInteger();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                ServiceRegistration.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.incrementAndGet();
                        return null;
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof String[] names) {
                        registered.add(List.of(names));
                        registered.add(args[1]);
                        registered.add(args[2] == null ? "no properties" : args[2]);
                        return registration;
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });

        CallbackSpool spool = new CallbackSpool(context, f.answers,
                TestConfigs.config("spoolDirectory", elsewhere.toString(), "hmacKey", HooksFixture.KEY));
        spool.deactivate();

        assertEquals(List.of(CallbackBacklog.class.getName(), CallbackSpool.class.getName()), registered.get(0));
        assertSame(spool, registered.get(1));
        assertEquals("no properties", registered.get(2), "the HMAC key shares this configuration");
        assertEquals(1, unregistered.get());
        assertNull(spool.waiting().problem());
    }

    @Test
    void theReplayThreadIsGoneAfterDeactivate() throws Exception {
        Set<Thread> before = spoolThreads();
        f.database.down(true);
        CallbackSpool spool = f.newSpool(elsewhere);
        spool.keep(new SpooledMessage(Channel.C2B_CONFIRMATION, null, "t", "127.0.0.1", false, HooksFixture.NOW,
                Callbacks.c2b("THREAD0001", "1.00", "a", "x"), null));
        HooksFixture.await(() -> !mine(before).isEmpty(), () -> "the replay thread did not start");
        Set<Thread> started = mine(before);

        spool.deactivate();

        HooksFixture.await(() -> started.stream().noneMatch(Thread::isAlive), () -> "a replay thread is left behind");
        try (SpoolFile file = SpoolFile.open(elsewhere)) {
            assertEquals(1, file.size(), "the message stays for the next start, and the file is free again");
        }
        f.database.down(false);
    }

    @Test
    void theDefaultDirectoryIsUnderKarafData() {
        String saved = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            assertEquals(Path.of("/opt/karaf/data/stkpush/callback-spool"), CallbackSpool.directory(""));
            assertEquals(Path.of("/opt/karaf/data/spool-b"), CallbackSpool.directory("${karaf.data}/spool-b"));
            assertEquals(Path.of("/var/spool/stkpush"), CallbackSpool.directory(" /var/spool/stkpush "));
        } finally {
            if (saved == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", saved);
            }
        }
    }

    private static Set<Thread> spoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(CallbackSpool.THREAD_NAME)).collect(Collectors.toSet());
    }

    private static Set<Thread> mine(Set<Thread> before) {
        Set<Thread> now = spoolThreads();
        now.removeAll(before);
        return now;
    }

    private static String receipt(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
    }
}
