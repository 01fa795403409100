package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;
import io.stkpush.callback.internal.JournalJanitor.Pass;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;
import io.stkpush.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Karaf killed between journaling a callback and processing it: the entry stays RECEIVED and Daraja never sends
 * it again. The janitor finishes it through the same code as a live hook, within what can still be checked. Each
 * test "kills" a request by journaling its body and doing nothing more, on the real push service and JDBC ledger
 * (H2), with time moved by hand.
 */
class JournalJanitorTest {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(120);
    private static final String SAFARICOM = "196.201.214.200";

    private final MutableClock clock = new MutableClock(START);
    private final SwitchableDataSource database = new SwitchableDataSource();
    private final JdbcLedger ledger = TestLedgers.migrated(database, clock);
    private final WatchedAnswers answers = new WatchedAnswers(TestPushServices.providerAnswers(ledger, clock, null));
    private final AtomicLong phones = new AtomicLong(20_000_000);

    @TempDir
    Path spoolDirectory;

    private CallbackSpool spool;
    private JournalJanitor janitor;

    @BeforeEach
    void spool() {
        // the replay waits an hour after a message is kept, so that only the janitor works in these tests
        spool = new CallbackSpool(answers, spoolDirectory, clock, Duration.ofHours(1), Duration.ofHours(1));
        spool.health = ledger;
        spool.journal = ledger;
        janitor = spool.janitor();
        janitor.configure(TestConfigs.config("allowListMode", "log"));
    }

    @AfterEach
    void stop() throws Exception {
        spool.deactivate();
        database.shutdown();
    }

    @Test
    void aSuccessLeftUnprocessedIsSettledOnceWithItsReceiptAndMarked() {
        Push push = waitingPush();
        String receipt = "NLJ7RT61SV";
        long entry = killedAfterJournaling(Channel.STK_CALLBACK, push.id(),
                Callbacks.success(push.checkoutRequestId().value(), receipt));
        clock.advance(GRACE.plusSeconds(1));

        Pass pass = janitor.pass();

        assertEquals(new Pass(1, 0, 0, 0, 0), pass);
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
        Payment payment = ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(push.id(), payment.pushId(), "the receipt the callback carried, on its push");
        JournalEntry marked = entry(entry);
        assertEquals(Disposition.SETTLED, marked.disposition());
        assertTrue(marked.note().startsWith("not processed before a restart (received at " + START
                + "); taken up by the journal janitor at "), marked.note());

        List<JournalEntry> journal = ledger.recentJournal(100);
        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass(), "the second pass finds nothing");
        assertEquals(journal, ledger.recentJournal(100), "and changes nothing");
        assertEquals(1, answers.settlements.size(), "settled once");
    }

    @Test
    void aCallbackYoungerThanTheGracePeriodIsLeftToTheRequestStillProcessingIt() {
        Push push = waitingPush();
        long entry = killedAfterJournaling(Channel.STK_CALLBACK, push.id(),
                Callbacks.failure(push.checkoutRequestId().value(), "1032", "Request cancelled by user"));
        clock.advance(GRACE.minusSeconds(1));

        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass());
        assertEquals(Disposition.RECEIVED, entry(entry).disposition());
        assertEquals(PushStatus.WAITING, ledger.findPush(push.id()).orElseThrow().status());

        clock.advance(Duration.ofSeconds(2));
        assertEquals(new Pass(1, 0, 0, 0, 0), janitor.pass());
        assertEquals(PushStatus.CANCELLED, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void theGracePeriodIsConfiguredAndNeverUnderThirtySeconds() {
        janitor.configure(TestConfigs.config("unprocessedAfterSeconds", 600L));
        assertEquals(Duration.ofMinutes(10), janitor.grace());
        janitor.configure(TestConfigs.config("unprocessedAfterSeconds", 5L));
        assertEquals(Duration.ofSeconds(30), janitor.grace());
        assertEquals(GRACE, JournalJanitor.graceOf(TestConfigs.config().unprocessedAfterSeconds()), "the default");
    }

    @Test
    void aCallbackForAPushThatKnowsNoCheckoutIdIsLeftForReviewAndSettlesNothing() {
        // the push's answer was lost: nothing to check the callback's ids against, and its token was never checked
        Push lost = ledger.createPush(newPush());
        PushStatus before = ledger.recordDeliveryUnknown(lost.id(), "read timed out").status();
        long forLost = killedAfterJournaling(Channel.STK_CALLBACK, lost.id(),
                Callbacks.success("ws_CO_191220191020363925", "NLJ7RT61SW"));
        PushId unknown = PushId.random();
        long forUnknown = killedAfterJournaling(Channel.STK_CALLBACK, unknown,
                Callbacks.success("ws_CO_191220191020363926", "NLJ7RT61SX"));
        clock.advance(GRACE.plusSeconds(1));

        assertEquals(new Pass(0, 2, 0, 0, 0), janitor.pass());

        assertEquals(Disposition.NOTED, entry(forLost).disposition());
        assertTrue(entry(forLost).note().endsWith("the push knows no CheckoutRequestID to check it against; its URL "
                + "token cannot be checked now, so nothing is applied: needs review"), entry(forLost).note());
        assertEquals(Disposition.NOTED, entry(forUnknown).disposition());
        assertTrue(entry(forUnknown).note().endsWith("no such push; its URL token cannot be checked now, so nothing "
                + "is applied: needs review"), entry(forUnknown).note());
        assertEquals(List.of(), answers.settlements);
        assertEquals(before, ledger.findPush(lost.id()).orElseThrow().status());
        assertTrue(ledger.findPaymentByReceipt(new Receipt("NLJ7RT61SW")).isEmpty());
        assertTrue(ledger.findPaymentByReceipt(new Receipt("NLJ7RT61SX")).isEmpty(),
                "not held unredeemed either, as a live orphan with a valid token would be");
        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass());
    }

    @Test
    void aC2bConfirmationIsLeftForReviewAndRecordsNothingAndAValidationIsNoted() {
        long confirmation = killedAfterJournaling(Channel.C2B_CONFIRMATION, null,
                Callbacks.c2b("NLJ41HAY6Q", "150.00", "ACC-7", "2547 ***** 126"));
        long validation = killedAfterJournaling(Channel.C2B_VALIDATION, null,
                Callbacks.c2b("NLJ41HAY6R", "10.00", "ACC-7", "2547 ***** 126"));
        clock.advance(GRACE.plusSeconds(1));

        assertEquals(new Pass(0, 1, 0, 1, 0), janitor.pass());

        assertEquals(Disposition.NOTED, entry(confirmation).disposition());
        assertTrue(entry(confirmation).note().endsWith("C2B confirmation NLJ41HAY6Q of KES 150 for account ACC-7; "
                + "its URL token cannot be checked now, so it is not recorded: needs review against M-Pesa's "
                + "statement"), entry(confirmation).note());
        assertTrue(ledger.findPaymentByReceipt(new Receipt("NLJ41HAY6Q")).isEmpty());
        assertEquals(List.of(), answers.c2bPayments);
        assertEquals(Disposition.NOTED, entry(validation).disposition());
        assertTrue(entry(validation).note().endsWith("validation for NLJ41HAY6R not answered (M-Pesa applied the "
                + "ResponseType registered); nothing to record"), entry(validation).note());
    }

    @Test
    void aBodyThatIsNotACallbackIsRejectedAsOnArrival() {
        Push push = waitingPush();
        long notJson = killedAfterJournaling(Channel.STK_CALLBACK, push.id(), "<xml/>");
        long noAmount = killedAfterJournaling(Channel.C2B_CONFIRMATION, null,
                "{\"TransID\":\"NLJ41HAY6S\",\"BillRefNumber\":\"ACC-7\"}");
        long noPushInTheUrl = killedAfterJournaling(Channel.STK_CALLBACK, null,
                Callbacks.success(push.checkoutRequestId().value(), "NLJ7RT61SY"));
        clock.advance(GRACE.plusSeconds(1));

        assertEquals(new Pass(0, 0, 3, 0, 0), janitor.pass());

        assertEquals(Disposition.REJECTED, entry(notJson).disposition());
        assertEquals(Disposition.REJECTED, entry(noAmount).disposition());
        assertTrue(entry(noAmount).note().endsWith("TransAmount is missing."), entry(noAmount).note());
        assertEquals(Disposition.REJECTED, entry(noPushInTheUrl).disposition());
        assertEquals(PushStatus.WAITING, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void aSenderTheAllowListRefusesIsRejectedAsOnArrival() {
        janitor.configure(TestConfigs.config("allowListMode", "enforce"));
        Push refused = waitingPush();
        Push allowed = waitingPush();
        long fromElsewhere = journal(Channel.STK_CALLBACK, refused.id(), "203.0.113.9",
                Callbacks.success(refused.checkoutRequestId().value(), "NLJ7RT61SZ"));
        long fromSafaricom = journal(Channel.STK_CALLBACK, allowed.id(), SAFARICOM,
                Callbacks.success(allowed.checkoutRequestId().value(), "NLJ7RT61T0"));
        clock.advance(GRACE.plusSeconds(1));

        assertEquals(new Pass(1, 0, 1, 0, 0), janitor.pass());

        assertEquals(Disposition.REJECTED, entry(fromElsewhere).disposition());
        assertTrue(entry(fromElsewhere).note().endsWith("source address 203.0.113.9 not in the allow list"));
        assertEquals(PushStatus.WAITING, ledger.findPush(refused.id()).orElseThrow().status());
        assertEquals(Disposition.SETTLED, entry(fromSafaricom).disposition());
    }

    @Test
    void anEntryTheSpoolIsAboutToReplayIsLeftToTheSpool() throws Exception {
        Push push = waitingPush();
        String body = Callbacks.success(push.checkoutRequestId().value(), "NLJ7RT61T1");
        long entry = killedAfterJournaling(Channel.STK_CALLBACK, push.id(), body);
        // as a live hook does when processing fails: marked, then spooled with its journal id
        answers.mark(new JournaledMessage(entry), Disposition.RECEIVED, "not processed: LedgerUnavailableException");
        spool.keep(new SpooledMessage(Channel.STK_CALLBACK, push.id().toString(), "token", SAFARICOM, false,
                clock.instant(), body, entry));
        clock.advance(GRACE.plusSeconds(1));

        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass());

        assertEquals(Disposition.RECEIVED, entry(entry).disposition());
        assertEquals(PushStatus.WAITING, ledger.findPush(push.id()).orElseThrow().status());
        assertEquals(Set.of(entry), spool.spooledJournalIds());
    }

    @Test
    void whileTheDatabaseIsDownNothingIsTakenAndTheNextPassFinishesIt() {
        Push push = waitingPush();
        long entry = killedAfterJournaling(Channel.STK_CALLBACK, push.id(),
                Callbacks.success(push.checkoutRequestId().value(), "NLJ7RT61T2"));
        clock.advance(GRACE.plusSeconds(1));
        database.down(true);

        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass());

        database.down(false);
        assertEquals(Disposition.RECEIVED, entry(entry).disposition());
        assertEquals(new Pass(1, 0, 0, 0, 0), janitor.pass());
        assertEquals(Disposition.SETTLED, entry(entry).disposition());
    }

    @Test
    void anEntryWhoseProcessingKeepsFailingWhileTheLedgerAnswersIsLeftForReviewWithoutHoldingUpTheRest() {
        Push push = waitingPush();
        long failing = killedAfterJournaling(Channel.STK_CALLBACK, push.id(),
                Callbacks.success(push.checkoutRequestId().value(), "NLJ7RT61T3"));
        long confirmation = killedAfterJournaling(Channel.C2B_CONFIRMATION, null,
                Callbacks.c2b("NLJ41HAY6T", "5.00", "ACC-8", "2547 ***** 126"));
        clock.advance(GRACE.plusSeconds(1));
        answers.failWith(new IllegalStateException("push service failing"));

        assertEquals(new Pass(0, 1, 0, 0, 1), janitor.pass(), "the confirmation behind it is finished");
        assertEquals(Disposition.RECEIVED, entry(failing).disposition());
        assertEquals(Disposition.NOTED, entry(confirmation).disposition());
        assertEquals(new Pass(0, 0, 0, 0, 1), janitor.pass());
        assertEquals(Disposition.RECEIVED, entry(failing).disposition(), "tried again");

        assertEquals(new Pass(0, 1, 0, 0, 0), janitor.pass());

        assertEquals(Disposition.NOTED, entry(failing).disposition());
        assertTrue(entry(failing).note().endsWith("not processed before a restart; the journal janitor failed 3 times "
                + "(IllegalStateException): needs review"), entry(failing).note());
        assertEquals(new Pass(0, 0, 0, 0, 0), janitor.pass());
    }

    @Test
    void theSpoolsThreadRunsTheJanitorShortlyAfterTheStart() {
        Push push = waitingPush();
        long entry = killedAfterJournaling(Channel.STK_CALLBACK, push.id(),
                Callbacks.success(push.checkoutRequestId().value(), "NLJ7RT61T4"));
        clock.advance(GRACE.plusSeconds(1));
        Set<String> threads = new CopyOnWriteArraySet<>();
        answers.failWhen(settlement -> {
            threads.add(Thread.currentThread().getName());
            return false;
        }, null);

        spool.sweepEvery(Duration.ZERO, Duration.ofMillis(50));

        HooksFixture.await(() -> entry(entry).disposition() == Disposition.SETTLED,
                () -> "still " + entry(entry).disposition());
        assertEquals(Set.of(CallbackSpool.THREAD_NAME), threads);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** What a hook did before Karaf was killed: journaled the body, nothing more. */
    private long killedAfterJournaling(Channel channel, PushId pushId, String body) {
        return journal(channel, pushId, SAFARICOM, body);
    }

    private long journal(Channel channel, PushId pushId, String sender, String body) {
        return answers.journal(new ProviderEvent(channel, pushId, sender, body)).id();
    }

    private JournalEntry entry(long id) {
        return ledger.recentJournal(1000).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    private NewPush newPush() {
        PhoneNumber phone = new PhoneNumber("2547" + phones.incrementAndGet());
        // a window longer than the grace period: the push still waits when the janitor comes
        return new NewPush(PushId.random(), new PushRequest(new SubscriberId("SUB-1"), phone, Kes.of(1),
                new OperatorName("operator"), null), Duration.ofMinutes(10));
    }

    /** A push Daraja accepted, with both of its ids. */
    private Push waitingPush() {
        Push push = ledger.createPush(newPush());
        String checkout = "ws_CO_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return ledger.recordAcceptance(push.id(), new MerchantRequestId(Callbacks.merchantFor(checkout)),
                new CheckoutRequestId(checkout), clock.instant().plusSeconds(8));
    }
}
