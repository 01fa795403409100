package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.testing.Configs;
import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;
import io.stkpush.testing.MutableClock;

/**
 * The poller on the real ledger and the real push service's answer path, a scripted provider and a clock moved by
 * hand: no sleeping.
 */
class StatusPollerTest {

    private static final SubscriberId WANJIRU = new SubscriberId("sub-1");
    private static final Duration WINDOW = Duration.ofSeconds(96);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final ScriptedStatuses provider = new ScriptedStatuses(clock);
    private final List<ExecutorService> pools = new ArrayList<>();
    private DataSource database;
    private JdbcLedger ledger;
    private Instant sentAt;

    @BeforeEach
    void setUp() {
        database = TestLedgers.migratedH2();
        ledger = TestLedgers.ledger(database, clock);
        sentAt = clock.instant();
    }

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private StatusPoller poller(String nodeId) {
        return poller(nodeId, ledger);
    }

    /** A node: its own ledger instance (as on another Karaf) over the shared database, its own threads. */
    private StatusPoller poller(String nodeId, JdbcLedger nodeLedger) {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        pools.add(threads);
        return new StatusPoller(TestPushServices.providerAnswers(nodeLedger, clock, null), nodeLedger,
                () -> provider, clock, EVERY_8_SECONDS, nodeId, 20, LEASE, threads);
    }

    /**
     * The shipped window and back-off with a query every 8 s from 8 s on and no jitter, so the times are exact
     * (the shipped first query and interval are checked in {@link PollingScheduleTest}).
     */
    static final PollingSchedule EVERY_8_SECONDS = PollingSchedule.from(Configs.of(PollerConfig.class,
            Map.of("firstQuerySeconds", 8, "queryIntervalSeconds", 8, "jitterPercent", 0)));

    /** A push the provider accepted, first query due in 8 s: what the push service leaves behind. */
    private Push accepted(int n) {
        PhoneNumber phone = new PhoneNumber(String.format("2547%08d", n));
        Push push = ledger.createPush(new NewPush(PushId.random(),
                new PushRequest(WANJIRU, phone, Kes.of(1500), new OperatorName("alice"), null), WINDOW));
        return ledger.recordAcceptance(push.id(), new MerchantRequestId("mr-" + n), new CheckoutRequestId("ws_CO_" + n),
                clock.instant().plusSeconds(8));
    }

    private Push reload(Push push) {
        return ledger.findPush(push.id()).orElseThrow();
    }

    /** Ticks once a second up to {@code seconds} after the push was sent. */
    private void tickEverySecondUntil(StatusPoller poller, long seconds) {
        while (clock.instant().isBefore(sentAt.plusSeconds(seconds))) {
            clock.advance(Duration.ofSeconds(1));
            poller.tick();
        }
    }

    private List<Long> secondsAfterSending(List<Instant> times) {
        return times.stream().map(t -> Duration.between(sentAt, t).toSeconds()).toList();
    }

    @Test
    void whileTheOperatorWaitsThePushIsAskedAboutEvery8SecondsTwelveTimes() {
        Push push = accepted(1);

        tickEverySecondUntil(poller("node-a"), 100);

        assertEquals(List.of(8L, 16L, 24L, 32L, 40L, 48L, 56L, 64L, 72L, 80L, 88L, 96L),
                secondsAfterSending(provider.queryTimes(push.checkoutRequestId())));
        assertEquals(12, reload(push).pollAttempts());
    }

    @Test
    void theWindowEndsAt96SecondsWithTimeoutWhileReconciliationGoesOn() {
        Push push = accepted(1);
        StatusPoller poller = poller("node-a");

        tickEverySecondUntil(poller, 95);
        assertEquals(PushStatus.WAITING, reload(push).status());

        tickEverySecondUntil(poller, 96);
        assertEquals(PushStatus.TIMEOUT, reload(push).status());
        assertEquals(sentAt.plusSeconds(96 + 60), reload(push).nextPollAt(), "reconciliation continues");

        tickEverySecondUntil(poller, 156);
        assertEquals(13, provider.queryTimes(push.checkoutRequestId()).size());
        assertNull(reload(push).outcome());
    }

    @Test
    void whenTheCallbackNeverComesPollingAloneConfirmsThePaymentLinkedWithoutReceipt() {
        Push push = accepted(1);
        provider.script(push.checkoutRequestId(), ScriptedStatuses.PENDING, ScriptedStatuses.PENDING,
                ScriptedStatuses.PAID);

        tickEverySecondUntil(poller("node-a"), 40);

        Push confirmed = reload(push);
        assertEquals(PushStatus.CONFIRMED, confirmed.status());
        assertNull(confirmed.nextPollAt(), "a settled push is not asked about again");
        assertEquals(3, provider.queryTimes(push.checkoutRequestId()).size());
        Payment payment = ledger.findPayment(confirmed.paymentId()).orElseThrow();
        assertEquals(WANJIRU, payment.subscriberId());
        assertNull(payment.receipt(), "the query has no receipt; the callback fills it in later");
        assertEquals(Kes.of(1500), payment.amount());
        assertEquals(push.phone().msisdn(), payment.phone());
        assertEquals(PaymentSource.STK, payment.source());
        assertEquals(sentAt.plusSeconds(24), payment.paidAt());
    }

    @Test
    void eachStatusAnswerIsJournaledWithWhatWasDoneWithIt() {
        Push push = accepted(1);
        provider.script(push.checkoutRequestId(), ScriptedStatuses.PENDING, ScriptedStatuses.CANCELLED);

        tickEverySecondUntil(poller("node-a"), 20);

        List<JournalEntry> journal = ledger.recentJournal(10);
        assertEquals(List.of(ProviderEvent.Disposition.SETTLED, ProviderEvent.Disposition.NOTED),
                journal.stream().map(JournalEntry::disposition).toList());
        assertTrue(journal.stream().allMatch(e -> e.event().channel() == ProviderEvent.Channel.STATUS_QUERY
                && push.id().equals(e.event().pushId())));
        assertTrue(journal.get(0).event().body().contains("1032"), journal.get(0).event().body());
        assertEquals(PushStatus.CANCELLED, reload(push).status());
    }

    @Test
    void aLateSuccessAfterTheTimeoutIsAnUnredeemedPayment() {
        Push push = accepted(1);
        List<Object> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(ScriptedStatuses.PENDING);
        }
        answers.add(ScriptedStatuses.PAID);
        provider.script(push.checkoutRequestId(), answers.toArray());

        tickEverySecondUntil(poller("node-a"), 160);

        Push late = reload(push);
        assertEquals(PushStatus.TIMEOUT, late.status(), "the operator already saw TIMEOUT");
        Payment payment = ledger.findPayment(late.paymentId()).orElseThrow();
        assertTrue(payment.isUnredeemed());
        assertEquals(UnredeemedReason.LATE_PAYMENT, payment.unredeemedReason());
        assertEquals(WANJIRU, payment.intendedSubscriberId());
    }

    @Test
    void afterTwelveAttemptsItBacksOffThenGivesUpAfter72HoursForReview() {
        Push push = accepted(1);
        StatusPoller poller = poller("node-a");

        Push current = push;
        while (current.nextPollAt() != null) {
            clock.set(current.nextPollAt());
            poller.tick();
            current = reload(push);
        }

        List<Instant> times = provider.queryTimes(push.checkoutRequestId());
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)).toSeconds());
        }
        assertEquals(List.of(8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, 8L, // the 12 quick attempts
                60L, 300L, 1800L, 7200L, 86400L, 86400L, // the back-off, the last delay repeating
                259200L - 182256L), // one last look at the 72 h limit
                gaps);
        assertEquals(sentAt.plus(Duration.ofHours(72)), times.get(times.size() - 1));
        assertEquals(19, current.pollAttempts());
        assertNull(current.outcome(), "no answer: left for review, not failed");
        assertEquals(PushStatus.TIMEOUT, current.status());
        assertEquals(times.get(times.size() - 1), current.reviewSince());
        assertEquals(List.of(push.id()), ledger.pushesNeedingReview(10).stream().map(Push::id).toList());
    }

    @Test
    void anUnmappedAnswerIsNotFinalAndReconciliationGoesOn() {
        Push push = accepted(1);
        provider.script(push.checkoutRequestId(),
                new StatusAnswer(StatusAnswer.State.UNKNOWN, null, PushReason.UNKNOWN_ANSWER, "E3008",
                        "Error, the user has a bad debt contract."));

        tickEverySecondUntil(poller("node-a"), 8);

        Push still = reload(push);
        assertNull(still.outcome());
        assertEquals(PushStatus.WAITING, still.status());
        assertEquals(sentAt.plusSeconds(16), still.nextPollAt());
        assertEquals(ProviderEvent.Disposition.NOTED, ledger.recentJournal(1).get(0).disposition());
    }

    @Test
    void aProviderFailureDoesNotStopTheTickForTheOtherPushes() {
        Push refused = accepted(1);
        Push broken = accepted(2);
        Push fine = accepted(3);
        provider.script(refused.checkoutRequestId(),
                new ProviderException(ProviderException.Kind.UNKNOWN, PushReason.PROVIDER_UNREACHABLE, null,
                        "M-Pesa cannot be reached.", null));
        provider.script(broken.checkoutRequestId(), new IllegalStateException("connection reset"));
        provider.script(fine.checkoutRequestId(), ScriptedStatuses.PAID);
        clock.advance(Duration.ofSeconds(8));

        StatusPoller.Tick tick = poller("node-a").tick();

        assertEquals(3, tick.queried());
        for (Push push : List.of(refused, broken)) {
            assertEquals(1, reload(push).pollAttempts());
            assertEquals(clock.instant().plusSeconds(8), reload(push).nextPollAt(), "asked again at the next slot");
        }
        assertEquals(PushStatus.CONFIRMED, reload(fine).status());
    }

    @Test
    void aQueryRefusedByTheBudgetIsAskedAgainInAFewSecondsNotAtTheNextSlot() {
        Push deferred = accepted(1);
        provider.script(deferred.checkoutRequestId(),
                new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                        "The status query budget is used up for this second; nothing was sent.", null));
        clock.advance(Duration.ofSeconds(8));

        poller("node-a").tick();

        assertEquals(clock.instant().plusSeconds(2), reload(deferred).nextPollAt());
        assertNull(reload(deferred).outcome());
        assertEquals(0, reload(deferred).pollAttempts(), "nothing was asked: not counted as a query made");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, ledger.leaseDuePolls("node-b", 10, LEASE).size(), "the lease was released");
    }

    @Test
    void jitterSpreadsTheNextQueryWithinItsShareAndNeverPastTheLimit() {
        PollingSchedule spread = PollingSchedule.from(Configs.of(PollerConfig.class,
                Map.of("firstQuerySeconds", 8, "queryIntervalSeconds", 10, "jitterPercent", 20)));
        List<Long> delays = new ArrayList<>();
        for (double draw : new double[] {0.0, 0.5, 0.999}) {
            Push push = accepted(delays.size() + 1);
            provider.script(push.checkoutRequestId(), ScriptedStatuses.PENDING);
            ExecutorService threads = Executors.newFixedThreadPool(1);
            pools.add(threads);
            StatusPoller poller = new StatusPoller(TestPushServices.providerAnswers(ledger, clock, null), ledger,
                    () -> provider, clock, spread, "node-a", 20, LEASE, threads, () -> draw);
            Instant at = push.nextPollAt();
            clock.set(at);
            poller.tick();
            delays.add(Duration.between(at, reload(push).nextPollAt()).toMillis());
        }
        assertEquals(List.of(8000L, 10000L, 11996L), delays, "10 s spread by -20 %, 0 and almost +20 %");
    }

    @Test
    void twoNodesNeverAskAboutTheSamePushInTheSameTick() throws Exception {
        List<Push> pushes = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            pushes.add(accepted(i));
        }
        StatusPoller a = poller("node-a", TestLedgers.ledger(database, clock));
        StatusPoller b = poller("node-b", TestLedgers.ledger(database, clock));
        clock.advance(Duration.ofSeconds(8));

        // two rounds at the same instant: on H2 a rival's SKIP LOCKED may skip the whole first batch, so the
        // second round takes what is left; on either round a push is asked about by one node only
        int queried = ticksAtOnce(a, b) + ticksAtOnce(a, b);

        assertEquals(30, queried);
        Set<CheckoutRequestId> asked = new HashSet<>();
        for (ScriptedStatuses.Query query : provider.queries) {
            assertTrue(asked.add(query.checkoutRequestId()), "asked twice: " + query.checkoutRequestId());
        }
        assertEquals(30, asked.size());
        assertEquals(0, ticksAtOnce(a, b), "nothing is due again until 8 s later");
    }

    private static int ticksAtOnce(StatusPoller a, StatusPoller b) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<StatusPoller.Tick> tickA = CompletableFuture.supplyAsync(() -> {
            await(start);
            return a.tick();
        });
        CompletableFuture<StatusPoller.Tick> tickB = CompletableFuture.supplyAsync(() -> {
            await(start);
            return b.tick();
        });
        start.countDown();
        return tickA.get().queried() + tickB.get().queried();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void afterARestartANewSchedulerPicksUpWhereTheLastStopped() {
        Push push = accepted(1);
        tickEverySecondUntil(poller("node-a"), 16);
        assertEquals(2, reload(push).pollAttempts());

        // node-a is gone; a fresh scheduler (new node id, new threads) over the same ledger
        StatusPoller restarted = poller("node-a-restarted");
        tickEverySecondUntil(restarted, 30);

        assertEquals(List.of(8L, 16L, 24L), secondsAfterSending(provider.queryTimes(push.checkoutRequestId())));
        assertEquals(sentAt.plusSeconds(32), reload(push).nextPollAt());
    }

    @Test
    void aPushLeasedByANodeThatDiedIsAskedAboutOnceTheLeaseRunsOut() {
        Push push = accepted(1);
        clock.advance(Duration.ofSeconds(8));
        assertEquals(1, ledger.leaseDuePolls("node-that-dies", 20, LEASE).size());
        StatusPoller survivor = poller("node-b");

        assertEquals(0, survivor.tick().queried(), "the lease still holds");
        clock.advance(LEASE);
        assertEquals(1, survivor.tick().queried());
        assertEquals(1, reload(push).pollAttempts());
    }

    @Test
    void pushesWhoseAnswerWasLostAreNotQueriedButTheirWindowStillEnds() {
        Push push = ledger.createPush(new NewPush(PushId.random(), new PushRequest(WANJIRU,
                PhoneNumber.parse("0712345678"), Kes.of(10), new OperatorName("alice"), null), WINDOW));
        ledger.recordDeliveryUnknown(push.id(), "No answer from M-Pesa.");
        StatusPoller poller = poller("node-a");
        tickEverySecondUntil(poller, 95);

        clock.set(sentAt.plusSeconds(96));
        StatusPoller.Tick tick = poller.tick();

        assertEquals(new StatusPoller.Tick(1, 0), tick, "one window ended, nothing to ask about");
        assertTrue(provider.queries.isEmpty(), "no checkout id to ask about; the callback will settle it");
        assertEquals(PushStatus.TIMEOUT, reload(push).status());
        assertTrue(reload(push).needsReview(), "unless its callback still comes, nothing will settle it");
    }
}
