package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalArchive;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.Kes;
import io.stkpush.api.LedgerUnreachableException;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPayment;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.text.OperatorText;
import io.stkpush.schema.Jdbc;
import io.stkpush.schema.ListedMigrations;
import io.stkpush.testing.MutableClock;

/**
 * What every database under the ledger must do. Each test gets an empty database (H2) or schema (PostgreSQL);
 * time only moves when the test moves the clock.
 */
abstract class PaymentLedgerContract {

    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(96);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(8);
    static final OperatorName OPERATOR = new OperatorName("jane");
    static final SubscriberId ALICE = new SubscriberId("sub-alice");
    static final SubscriberId BOB = new SubscriberId("sub-bob");
    static final int RACE_ROUNDS = 20;

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final AtomicInteger RECEIPTS = new AtomicInteger();

    protected final MutableClock clock = new MutableClock(START);
    protected TestDatabase database;
    protected DataSource pool;
    protected JdbcLedger ledger;

    protected abstract TestDatabase createDatabase() throws Exception;

    @BeforeEach
    void emptyLedger() throws Exception {
        database = createDatabase();
        pool = database.newPool();
        LedgerSchema.migrate(pool);
        ledger = new JdbcLedger(pool, clock, LatePaymentPolicy.UNREDEEMED);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    // ---- sending -----------------------------------------------------------------------------------------

    @Test
    void aPushIsRecordedAsSendingBeforeTheProviderIsCalled() {
        NewPush request = newPush(ALICE, phone(), 1000, "plan-10mbps");

        Push push = ledger.createPush(request);

        assertEquals(request.id(), push.id());
        assertEquals(PushStatus.SENDING, push.status());
        assertEquals(ALICE, push.subscriberId());
        assertEquals(request.request().phone(), push.phone());
        assertEquals(Kes.of(1000), push.amount());
        assertEquals(OPERATOR, push.operator());
        assertEquals("plan-10mbps", push.planId());
        assertEquals(START, push.createdAt());
        assertEquals(START, push.updatedAt());
        assertEquals(START.plus(WINDOW), push.waitUntil());
        assertNull(push.outcome());
        assertNull(push.checkoutRequestId());
        assertNull(push.nextPollAt());
        assertEquals(0, push.pollAttempts());
        assertEquals(push, ledger.findPush(push.id()).orElseThrow());
        assertEquals(push.id(), ledger.findOpenPush(push.phone()).orElseThrow().id());
    }

    @Test
    void aSecondPromptToAPhoneIsRefusedWhileTheFirstIsWaitedOn() {
        PhoneNumber phone = phone();
        Push first = ledger.createPush(newPush(ALICE, phone, 1000, null));
        ledger.recordAcceptance(first.id(), merchantId(), checkoutId(), START.plus(POLL_INTERVAL));

        PromptAlreadyOpenException refused = assertThrows(PromptAlreadyOpenException.class,
                () -> ledger.createPush(newPush(BOB, phone, 500, null)));

        assertEquals(first.id(), refused.openPush());
        assertEquals(1, countPushes());
    }

    @Test
    void aReceiptThatPaidAnotherPushCannotPayThisOneToo() {
        Push a = accepted(ALICE, phone(), 1000);
        Push b = accepted(BOB, phone(), 1000);
        Receipt receipt = receipt();
        SettleResult paidA = ledger.settle(success(a, 1000, receipt));

        SettleResult refused = ledger.settle(success(b, 1000, receipt));

        assertEquals(SettleResult.Kind.CONFLICT, refused.kind());
        assertEquals(paidA.payment().id(), refused.payment().id(), "the payment it already made");
        Push stillWaiting = ledger.findPush(b.id()).orElseThrow();
        assertEquals(PushStatus.WAITING, stillWaiting.status());
        assertNull(stillWaiting.outcome());
        assertNull(stillWaiting.paymentId());
        assertEquals(a.id(), ledger.findPaymentByReceipt(receipt).orElseThrow().pushId());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(a.id()).orElseThrow().status());
    }

    @Test
    void recentPushesNewestFirstOfAnyStatusOrOne() {
        Push first = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.stopWaiting(first.id(), OPERATOR);
        clock.advance(Duration.ofSeconds(1));
        Push second = accepted(ALICE, phone(), 1000);
        clock.advance(Duration.ofSeconds(1));
        Push third = ledger.createPush(newPush(BOB, phone(), 500, null));

        assertEquals(List.of(third.id(), second.id(), first.id()),
                ledger.recentPushes(null, 10).stream().map(Push::id).toList());
        assertEquals(List.of(third.id(), second.id()), ledger.recentPushes(null, 2).stream().map(Push::id).toList());
        assertEquals(List.of(first.id()),
                ledger.recentPushes(PushStatus.STOPPED, 10).stream().map(Push::id).toList());
        assertEquals(List.of(second.id()),
                ledger.recentPushes(PushStatus.WAITING, 10).stream().map(Push::id).toList());
        assertEquals(List.of(), ledger.recentPushes(null, 0));
    }

    @Test
    void thePhoneIsFreeAgainOnceTheWaitEnds() {
        PhoneNumber phone = phone();
        Push stopped = ledger.createPush(newPush(ALICE, phone, 1000, null));
        ledger.stopWaiting(stopped.id(), OPERATOR);
        Push timedOut = ledger.createPush(newPush(ALICE, phone, 1000, null));
        ledger.endWaitingWindow(timedOut.id());
        Push paid = accepted(ALICE, phone, 1000);
        ledger.settle(success(paid, 1000, receipt()));

        Push next = ledger.createPush(newPush(ALICE, phone, 1000, null));

        assertEquals(PushStatus.SENDING, next.status());
        assertEquals(next.id(), ledger.findOpenPush(phone).orElseThrow().id());
    }

    @Test
    void aReusedPushIdIsNotMistakenForAnOpenPrompt() {
        NewPush request = newPush(ALICE, phone(), 1000, null);
        Push push = ledger.createPush(request);
        ledger.stopWaiting(push.id(), OPERATOR);

        assertThrows(IllegalStateException.class, () -> ledger.createPush(request));
        assertEquals(PushStatus.STOPPED, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void onlyOnePromptPerPhoneWhenManyAreSentAtOnce() throws Exception {
        PhoneNumber phone = phone();
        List<Object> results = race(8, () -> ledger.createPush(newPush(ALICE, phone, 1000, null)));

        List<Push> created = only(results, Push.class);
        assertEquals(1, created.size(), () -> "results: " + results);
        assertEquals(7, only(results, PromptAlreadyOpenException.class).size(), () -> "results: " + results);
        assertEquals(created.get(0).id(), ledger.findOpenPush(phone).orElseThrow().id());
    }

    // ---- the provider accepts ----------------------------------------------------------------------------

    @Test
    void anAcceptedPushWaitsWithTheProviderIdsAndItsFirstStatusQuery() {
        Push push = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        clock.advance(Duration.ofSeconds(2));
        CheckoutRequestId checkout = checkoutId();
        MerchantRequestId merchant = merchantId();

        Push waiting = ledger.recordAcceptance(push.id(), merchant, checkout, START.plus(POLL_INTERVAL));

        assertEquals(PushStatus.WAITING, waiting.status());
        assertEquals(checkout, waiting.checkoutRequestId());
        assertEquals(merchant, waiting.merchantRequestId());
        assertEquals(START.plus(POLL_INTERVAL), waiting.nextPollAt());
        assertEquals(START.plusSeconds(2), waiting.updatedAt());
        assertEquals(waiting, ledger.findPushByCheckoutRequestId(checkout).orElseThrow());
    }

    @Test
    void theSameAcceptanceTwiceChangesNothing() {
        Push push = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        CheckoutRequestId checkout = checkoutId();
        MerchantRequestId merchant = merchantId();
        Push first = ledger.recordAcceptance(push.id(), merchant, checkout, START.plus(POLL_INTERVAL));
        clock.advance(Duration.ofSeconds(5));

        Push again = ledger.recordAcceptance(push.id(), merchant, checkout, START.plusSeconds(60));

        assertEquals(first, again);
    }

    @Test
    void anAcceptanceAfterTheOutcomeOrAfterStopWaitingKeepsTheStatusAndRecordsTheIds() {
        Push settled = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.settle(new Settlement(settled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Cancelled on the phone.", null));
        Push stopped = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.stopWaiting(stopped.id(), OPERATOR);
        CheckoutRequestId settledCheckout = checkoutId();
        CheckoutRequestId stoppedCheckout = checkoutId();

        Push a = ledger.recordAcceptance(settled.id(), merchantId(), settledCheckout, START.plus(POLL_INTERVAL));
        Push b = ledger.recordAcceptance(stopped.id(), merchantId(), stoppedCheckout, START.plus(POLL_INTERVAL));

        assertEquals(PushStatus.CANCELLED, a.status());
        assertEquals(settledCheckout, a.checkoutRequestId());
        assertNull(a.nextPollAt(), "a settled push is not polled");
        assertEquals(PushStatus.STOPPED, b.status());
        assertEquals(stoppedCheckout, b.checkoutRequestId());
        assertEquals(START.plus(POLL_INTERVAL), b.nextPollAt(), "a stopped push is still reconciled");
        assertTrue(ledger.findOpenPush(stopped.phone()).isEmpty());
    }

    @Test
    void aLostProviderAnswerLeavesThePushWaitingNeverFailed() {
        Push push = ledger.createPush(newPush(ALICE, phone(), 1000, null));

        Push waiting = ledger.recordDeliveryUnknown(push.id(), "No answer from M-Pesa yet; the prompt may be on the phone.");

        assertEquals(PushStatus.WAITING, waiting.status());
        assertEquals(PushReason.ANSWER_LOST, waiting.reason());
        assertEquals("No answer from M-Pesa yet; the prompt may be on the phone.", waiting.providerText());
        assertEquals("No answer from M-Pesa; the prompt may still reach the phone.", words(waiting));
        assertNull(waiting.checkoutRequestId());
        assertNull(waiting.outcome());
        assertTrue(ledger.findOpenPush(push.phone()).isPresent());
        // a late acceptance still gives it its ids
        CheckoutRequestId checkout = checkoutId();
        assertEquals(checkout,
                ledger.recordAcceptance(push.id(), merchantId(), checkout, START.plus(POLL_INTERVAL)).checkoutRequestId());
    }

    @Test
    void anUnknownPushIsReported() {
        PushId nobody = PushId.random();

        assertThrows(UnknownPaymentException.class,
                () -> ledger.recordAcceptance(nobody, merchantId(), checkoutId(), START));
        assertThrows(UnknownPaymentException.class, () -> ledger.recordDeliveryUnknown(nobody, "lost"));
        assertThrows(UnknownPaymentException.class, () -> ledger.stopWaiting(nobody, OPERATOR));
        assertThrows(UnknownPaymentException.class, () -> ledger.endWaitingWindow(nobody));
        assertThrows(UnknownPaymentException.class,
                () -> ledger.settle(new Settlement(nobody, Outcome.FAILED, PushReason.WRONG_PIN, "2001", "Wrong PIN.",
                        null)));
        assertThrows(UnknownPaymentException.class, () -> ledger.recordPollAttempt(nobody, "node-a", null));
        assertTrue(ledger.findPush(nobody).isEmpty());
    }

    @Test
    void aSettlementMarksItsJournalEntryInTheSameTransaction() {
        Push push = accepted(ALICE, phone(), 1000);
        long entry = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, push.id(), "196.201.214.200", "{}"));
        long again = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, push.id(), "196.201.214.200", "{}"));
        Receipt receipt = receipt();

        SettleResult first = ledger.settle(success(push, 1000, receipt), entry, r -> "settled as " + r.kind());
        SettleResult second = ledger.settle(success(push, 1000, receipt), again, r -> "then " + r.kind());

        assertEquals(SettleResult.Kind.SETTLED, first.kind());
        assertEquals(SettleResult.Kind.DUPLICATE, second.kind());
        Map<Long, JournalEntry> journal = ledger.recentJournal(10).stream()
                .collect(Collectors.toMap(JournalEntry::id, e -> e));
        assertEquals(Disposition.SETTLED, journal.get(entry).disposition());
        assertEquals("settled as SETTLED", journal.get(entry).note());
        assertEquals(Disposition.DUPLICATE, journal.get(again).disposition());
        assertEquals("then DUPLICATE", journal.get(again).note());
    }

    @Test
    void aSettlementThatFailsLeavesItsJournalEntryReceivedAndAMissingEntryDoesNotFailIt() {
        PushId nobody = PushId.random();
        long entry = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, nobody, "196.201.214.200", "{}"));

        assertThrows(UnknownPaymentException.class, () -> ledger.settle(
                new Settlement(nobody, Outcome.FAILED, PushReason.WRONG_PIN, "2001", "Wrong PIN.", null), entry,
                r -> "must not be written"));
        JournalEntry kept = ledger.recentJournal(1).get(0);
        assertEquals(entry, kept.id());
        assertEquals(Disposition.RECEIVED, kept.disposition());

        Push push = accepted(ALICE, phone(), 1000);
        assertEquals(SettleResult.Kind.SETTLED, ledger.settle(new Settlement(push.id(), Outcome.CANCELLED,
                PushReason.CANCELLED_BY_SUBSCRIBER, "1032", null, null), 987_654_321L, r -> "nowhere").kind());
        assertEquals(PushStatus.CANCELLED, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void aSettlementJournalsItsMessageInTheSameTransactionWithWhatItDid() {
        Push push = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        ProviderEvent callback = new ProviderEvent(Channel.STK_CALLBACK, push.id(), "196.201.214.200", "{\"a\":1}");

        JournaledSettlement first = ledger.settle(success(push, 1000, receipt), callback, r -> "settled as " + r.kind());
        JournaledSettlement again = ledger.settle(success(push, 1000, receipt), callback, r -> "then " + r.kind());

        assertEquals(SettleResult.Kind.SETTLED, first.result().kind());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
        assertEquals(SettleResult.Kind.DUPLICATE, again.result().kind());
        Map<Long, JournalEntry> journal = ledger.recentJournal(10).stream()
                .collect(Collectors.toMap(JournalEntry::id, e -> e));
        assertEquals(2, journal.size());
        assertEquals(callback, journal.get(first.journalId()).event(), "the raw message, as received");
        assertEquals(Disposition.SETTLED, journal.get(first.journalId()).disposition());
        assertEquals("settled as SETTLED", journal.get(first.journalId()).note());
        assertEquals(Disposition.DUPLICATE, journal.get(again.journalId()).disposition());
        assertEquals("then DUPLICATE", journal.get(again.journalId()).note());
        assertTrue(ledger.unprocessed(Set.of(Channel.STK_CALLBACK), clock.instant().plusSeconds(1), 10).isEmpty(),
                "handled: nothing for the janitor");
    }

    @Test
    void anAnswerNamingAnotherTransactionIsRefusedAndChangesNothing() {
        Push push = accepted(ALICE, phone(), 1000);
        ProviderEvent callback = new ProviderEvent(Channel.STK_CALLBACK, push.id(), "196.201.214.200", "{}");
        Settlement.Transaction other = new Settlement.Transaction(push.merchantRequestId(),
                new CheckoutRequestId("ws_CO_someone_else"));

        JournaledSettlement refused = ledger.settle(success(push, 1000, receipt()).naming(other), callback,
                r -> "refused as " + r.kind());

        assertEquals(SettleResult.Kind.MISMATCH, refused.result().kind());
        assertEquals(PushStatus.WAITING, ledger.findPush(push.id()).orElseThrow().status());
        assertNull(refused.result().payment());
        JournalEntry entry = ledger.recentJournal(1).get(0);
        assertEquals(Disposition.REJECTED, entry.disposition());
        assertEquals("refused as MISMATCH", entry.note());
        assertEquals("CheckoutRequestID ws_CO_someone_else is not the push's " + push.checkoutRequestId().value(),
                other.mismatchWith(push));

        Settlement.Transaction its = new Settlement.Transaction(push.merchantRequestId(), push.checkoutRequestId());
        assertEquals(SettleResult.Kind.SETTLED, ledger.settle(success(push, 1000, receipt()).naming(its), callback,
                r -> "settled").result().kind());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
    }

    // ---- group commit ------------------------------------------------------------------------------------

    /** Settles every answer from a thread of its own while the ledger's turn is held, so that they form one group. */
    private List<Future<JournaledSettlement>> settleAsOneGroup(List<Settlement> answers) throws Exception {
        return settleAsOneGroup(answers, i -> new ProviderEvent(Channel.STK_CALLBACK, answers.get(i).pushId(),
                "196.201.214.200", "{\"for\":\"" + answers.get(i).pushId() + "\"}"));
    }

    /** As above, answer {@code i} brought by {@code message.apply(i)}. */
    private List<Future<JournaledSettlement>> settleAsOneGroup(List<Settlement> answers,
            IntFunction<ProviderEvent> message) throws Exception {
        GroupCommit groups = ledger.groupCommit();
        ExecutorService callers = Executors.newFixedThreadPool(answers.size());
        List<Future<JournaledSettlement>> results = new ArrayList<>();
        groups.turn.lock();
        try {
            for (int i = 0; i < answers.size(); i++) {
                Settlement answer = answers.get(i);
                ProviderEvent callback = message.apply(i);
                results.add(callers.submit(() -> ledger.settle(answer, callback, r -> "grouped " + r.kind())));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (groups.queued() < answers.size() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(answers.size(), groups.queued(), "every answer waits for the turn");
        } finally {
            groups.turn.unlock();
            callers.shutdown();
        }
        assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS));
        return results;
    }

    @Test
    void answersSettledTogetherKeepEveryRuleOfAnswersSettledAlone() throws Exception {
        List<Push> plain = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            plain.add(accepted(ALICE, phone(), 1000 + i));
        }
        Push twice = accepted(ALICE, phone(), 1100);
        Push first = accepted(ALICE, phone(), 1200);
        Push second = accepted(BOB, phone(), 1200);
        Push cancelled = accepted(BOB, phone(), 1300);
        Push other = accepted(BOB, phone(), 1400);
        Receipt shared = receipt();
        Settlement twiceOver = success(twice, 1100, receipt());
        List<Settlement> answers = new ArrayList<>();
        plain.forEach(p -> answers.add(success(p, p.amount().shillings(), receipt())));
        answers.add(twiceOver);
        answers.add(twiceOver);
        answers.add(success(first, 1200, shared));
        answers.add(success(second, 1200, shared));
        answers.add(new Settlement(cancelled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                null, null));
        answers.add(success(other, 1400, receipt()).naming(new Settlement.Transaction(other.merchantRequestId(),
                new CheckoutRequestId("ws_CO_not_this_one"))));
        answers.add(new Settlement(PushId.random(), Outcome.FAILED, PushReason.WRONG_PIN, "2001", null, null));

        List<Future<JournaledSettlement>> results = settleAsOneGroup(answers);

        assertEquals(answers.size(), ledger.groupCommit().largestGroup(), "one transaction for all");
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(SettleResult.Kind.SETTLED, results.get(i).get().result().kind());
            Push settled = ledger.findPush(plain.get(i).id()).orElseThrow();
            assertEquals(PushStatus.CONFIRMED, settled.status());
            assertEquals(answers.get(i).paid().receipt(), settled.receipt());
        }
        assertEquals(Set.of(SettleResult.Kind.SETTLED, SettleResult.Kind.DUPLICATE), Set.of(
                results.get(5).get().result().kind(), results.get(6).get().result().kind()), "one receipt, once");
        assertEquals(Set.of(SettleResult.Kind.SETTLED, SettleResult.Kind.CONFLICT), Set.of(
                results.get(7).get().result().kind(), results.get(8).get().result().kind()),
                "one receipt pays one push");
        assertEquals(1, Stream.of(first, second).map(p -> ledger.findPush(p.id()).orElseThrow().status())
                .filter(status -> status == PushStatus.WAITING).count(), "the other push still waits");
        assertEquals(PushStatus.CANCELLED, ledger.findPush(cancelled.id()).orElseThrow().status());
        assertEquals(SettleResult.Kind.MISMATCH, results.get(10).get().result().kind());
        assertEquals(PushStatus.WAITING, ledger.findPush(other.id()).orElseThrow().status());
        ExecutionException unknown = assertThrows(ExecutionException.class, () -> results.get(11).get());
        assertTrue(unknown.getCause() instanceof UnknownPaymentException, unknown.toString());

        Map<Long, JournalEntry> journal = ledger.recentJournal(100).stream()
                .collect(Collectors.toMap(JournalEntry::id, e -> e));
        assertEquals(answers.size() - 1, journal.size(), "every answer journaled but the unknown push's");
        for (int i = 0; i < answers.size() - 1; i++) {
            JournaledSettlement r = results.get(i).get();
            JournalEntry entry = journal.get(r.journalId());
            assertEquals(answers.get(i).pushId(), entry.event().pushId());
            assertEquals(Disposition.of(r.result().kind()), entry.disposition());
            assertEquals("grouped " + r.result().kind(), entry.note());
        }
    }

    @Test
    void aGroupWhoseTransactionFailsIsSettledOneAnswerAtATime() throws Exception {
        List<Push> pushes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pushes.add(accepted(ALICE, phone(), 2000 + i));
        }
        List<Settlement> answers = pushes.stream().map(p -> success(p, p.amount().shillings(), receipt())).toList();

        // a NUL character in one body: PostgreSQL refuses it in a text column, which fails the group's transaction
        List<Future<JournaledSettlement>> results = settleAsOneGroup(answers, i -> new ProviderEvent(
                Channel.STK_CALLBACK, answers.get(i).pushId(), null, i == 1 ? "{\"bad\":\"\u0000\"}" : "{}"));

        for (int i = 0; i < answers.size(); i++) {
            if (i == 1) {
                continue; // refused by PostgreSQL, kept by H2: either way it is its own
            }
            assertEquals(SettleResult.Kind.SETTLED, results.get(i).get().result().kind());
            assertEquals(PushStatus.CONFIRMED, ledger.findPush(pushes.get(i).id()).orElseThrow().status());
        }
        boolean refused;
        try {
            results.get(1).get();
            refused = false;
        } catch (ExecutionException e) {
            refused = true;
        }
        assertEquals("PostgreSQL".equals(database.product()), refused, "refused by PostgreSQL alone");
        assertEquals(refused ? PushStatus.WAITING : PushStatus.CONFIRMED,
                ledger.findPush(pushes.get(1).id()).orElseThrow().status(), "all or nothing for the answer at fault");
    }

    @Test
    void aSettlementThatFailsJournalsNothingForItsCallerToJournalItAlone() {
        PushId nobody = PushId.random();
        ProviderEvent callback = new ProviderEvent(Channel.STK_CALLBACK, nobody, "196.201.214.200", "{}");

        assertThrows(UnknownPaymentException.class, () -> ledger.settle(
                new Settlement(nobody, Outcome.FAILED, PushReason.WRONG_PIN, "2001", "Wrong PIN.", null), callback,
                r -> "must not be written"));

        assertTrue(ledger.recentJournal(10).isEmpty());
    }

    @Test
    void theArchiveTakesOldHandledEntriesWhosePushHasAnOutcomeAndRemovesOnlyThose() {
        Push paid = accepted(ALICE, phone(), 100);
        ledger.settle(success(paid, 100, receipt()));
        Push waiting = accepted(BOB, phone(), 200);
        long ofPaid = ledger.journal(callbackFor(paid.id()), Disposition.SETTLED, "settled");
        long ofWaiting = ledger.journal(callbackFor(waiting.id()), Disposition.NOTED, "result code 4999 is not final");
        long c2b = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, "196.201.214.200", "{}"),
                Disposition.SETTLED, "recorded");
        long ofUnknownPush = ledger.journal(callbackFor(PushId.random()), Disposition.ORPHAN, "no such push");
        long unprocessed = ledger.journal(callbackFor(paid.id()), Disposition.RECEIVED, "not processed");
        Instant cutoff = clock.instant().plus(Duration.ofHours(1));
        clock.advance(Duration.ofHours(2));
        long recent = ledger.journal(callbackFor(paid.id()), Disposition.DUPLICATE, "repeat");

        assertEquals(new JournalArchive.ArchiveCount(3, 2), ledger.countArchivable(cutoff));
        assertEquals(List.of(ofPaid, c2b, ofUnknownPush), entryIds(ledger.archivable(cutoff, 0, 10)), "in id order");
        assertEquals(List.of(ofPaid, c2b), entryIds(ledger.archivable(cutoff, 0, 2)));
        assertEquals(List.of(ofUnknownPush), entryIds(ledger.archivable(cutoff, c2b, 10)), "after the id given");

        assertEquals(3, ledger.removeArchived(cutoff, List.of(ofPaid, ofWaiting, c2b, ofUnknownPush, unprocessed,
                recent)), "what may be archived, whatever the caller names");
        assertEquals(List.of(recent, unprocessed, ofWaiting), entryIds(ledger.recentJournal(10)));
        assertEquals(new JournalArchive.ArchiveCount(0, 2), ledger.countArchivable(cutoff));

        ledger.settle(new Settlement(waiting.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Request cancelled by user", null));
        assertEquals(List.of(ofWaiting), entryIds(ledger.archivable(cutoff, 0, 10)), "once its push has an outcome");
    }

    private static ProviderEvent callbackFor(PushId pushId) {
        return new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200", "{\"for\":\"" + pushId + "\"}");
    }

    private static List<Long> entryIds(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::id).collect(Collectors.toList());
    }

    @Test
    void aMessageHandledAlreadyIsJournaledWithWhatWasDoneInOneWrite() {
        long refused = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, null, "10.0.0.9", "{}"),
                Disposition.REJECTED, "bad token");
        long kept = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, null, "10.0.0.9", "{}"),
                Disposition.RECEIVED, "not processed: IllegalStateException");

        Map<Long, JournalEntry> journal = ledger.recentJournal(10).stream()
                .collect(Collectors.toMap(JournalEntry::id, e -> e));
        assertEquals(Disposition.REJECTED, journal.get(refused).disposition());
        assertEquals("bad token", journal.get(refused).note());
        assertEquals(Disposition.RECEIVED, journal.get(kept).disposition());
        assertEquals(List.of(kept), ledger.unprocessed(Set.of(Channel.STK_CALLBACK), clock.instant().plusSeconds(1),
                10).stream().map(JournalEntry::id).collect(Collectors.toList()), "only the one not handled");
    }

    // ---- outcomes while the operator waits ---------------------------------------------------------------

    @Test
    void paidWhileTheOperatorWaitsIsConfirmedAndLinkedToTheSubscriber() {
        Push push = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        clock.advance(Duration.ofSeconds(20));

        SettleResult result = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        Push confirmed = result.push();
        assertEquals(PushStatus.CONFIRMED, confirmed.status());
        assertEquals(Outcome.SUCCEEDED, confirmed.outcome());
        assertEquals("0", confirmed.resultCode());
        assertEquals(PushReason.PAID, confirmed.reason());
        assertEquals(receipt, confirmed.receipt());
        assertEquals(Kes.of(1000), confirmed.paidAmount());
        assertEquals(START.plusSeconds(20), confirmed.updatedAt());
        assertNull(confirmed.nextPollAt(), "a settled push is no longer polled");
        Payment payment = result.payment();
        assertEquals(confirmed.paymentId(), payment.id());
        assertEquals(ALICE, payment.subscriberId());
        assertEquals(ALICE, payment.intendedSubscriberId());
        assertEquals(push.id(), payment.pushId());
        assertEquals(Kes.of(1000), payment.amount());
        assertEquals(PaymentSource.STK, payment.source());
        assertEquals(START.plusSeconds(19), payment.paidAt());
        assertEquals(START.plusSeconds(20), payment.recordedAt());
        assertNull(payment.unredeemedReason());
        assertFalse(payment.isUnredeemed());
        assertTrue(ledger.findOpenPush(push.phone()).isEmpty(), "the phone is free again");
        assertEquals(payment, ledger.findPaymentByReceipt(receipt).orElseThrow());
        assertEquals(payment, ledger.findPayment(payment.id()).orElseThrow());
    }

    @Test
    void theSettledPushReturnedIsThePushAsRecorded() {
        Push paid = accepted(ALICE, phone(), 1000);
        Push paidOtherAmount = accepted(BOB, phone(), 1000);
        Push paidLate = accepted(ALICE, phone(), 300);
        ledger.stopWaiting(paidLate.id(), OPERATOR);
        Push paidByC2bFirst = accepted(ALICE, phone(), 700);
        Receipt c2bReceipt = receipt();
        ledger.recordPayment(c2b(c2bReceipt, 700, null));
        Push cancelled = accepted(BOB, phone(), 1000);
        clock.advance(Duration.ofSeconds(7));

        List<SettleResult> results = List.of(
                ledger.settle(success(paid, 1000, receipt())),
                ledger.settle(success(paidOtherAmount, 900, receipt())),
                ledger.settle(success(paidLate, 300, receipt())),
                ledger.settle(success(paidByC2bFirst, 700, c2bReceipt)),
                ledger.settle(new Settlement(cancelled.id(), Outcome.CANCELLED, null, "1032", null, null)));

        for (SettleResult result : results) {
            assertEquals(SettleResult.Kind.SETTLED, result.kind());
            assertEquals(ledger.findPush(result.push().id()).orElseThrow(), result.push());
        }
    }

    @Test
    void cancelledOnThePhone() {
        Push push = accepted(ALICE, phone(), 1000);

        SettleResult result = ledger.settle(
                new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                        "The subscriber cancelled the prompt.", null));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(PushStatus.CANCELLED, result.push().status());
        assertEquals("1032", result.push().resultCode());
        assertEquals(PushReason.CANCELLED_BY_SUBSCRIBER, result.push().reason());
        assertEquals("The subscriber cancelled the prompt.", result.push().providerText());
        assertEquals("The subscriber cancelled the payment on their phone.", words(result.push()));
        assertNull(result.payment());
        assertNull(result.push().paymentId());
        assertEquals(0, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void failedWithAPlainReasonAndNoAnswerTimesOut() {
        Push wrongPin = accepted(ALICE, phone(), 1000);
        Push neverAnswered = accepted(BOB, phone(), 500);

        Push failed = ledger.settle(new Settlement(wrongPin.id(), Outcome.FAILED, PushReason.WRONG_PIN, "2001",
                "Wrong PIN entered.", null)).push();
        Push timeout = ledger.settle(new Settlement(neverAnswered.id(), Outcome.NO_RESPONSE, PushReason.NO_RESPONSE,
                "1037", "The phone could not be reached.", null)).push();

        assertEquals(PushStatus.FAILED, failed.status());
        assertEquals(PushReason.WRONG_PIN, failed.reason());
        assertEquals("Wrong PIN entered.", failed.providerText());
        assertEquals("Wrong M-Pesa PIN entered.", words(failed));
        assertEquals(PushStatus.TIMEOUT, timeout.status());
        assertEquals(Outcome.NO_RESPONSE, timeout.outcome());
    }

    @Test
    void anAnswerThatSaysNothingKeepsWhatThePushSaid() {
        Push lost = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordDeliveryUnknown(lost.id(), "No answer from M-Pesa.");
        Push worded = accepted(BOB, phone(), 1000);

        Push cancelled = ledger.settle(new Settlement(lost.id(), Outcome.CANCELLED, null, "1032", null, null)).push();
        Push failed = ledger.settle(new Settlement(worded.id(), Outcome.FAILED, null, "2028",
                "The request is not permitted according to product assignment.", null)).push();

        assertEquals(PushReason.ANSWER_LOST, cancelled.reason());
        assertEquals("No answer from M-Pesa.", cancelled.providerText());
        assertEquals("1032", cancelled.resultCode());
        assertNull(failed.reason());
        assertEquals("The request is not permitted according to product assignment.", words(failed));
    }

    @Test
    void aPushCarriesWhatItsPaymentPaid() {
        Push paid = accepted(ALICE, phone(), 1000);
        Push paidLess = accepted(BOB, phone(), 1000);
        Push cancelled = accepted(ALICE, phone(), 500);
        assertNull(paid.paidAmount());

        ledger.settle(success(paid, 1000, receipt()));
        ledger.settle(success(paidLess, 600, receipt()));
        ledger.settle(new Settlement(cancelled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                null, null));

        assertEquals(Kes.of(1000), ledger.findPush(paid.id()).orElseThrow().paidAmount());
        assertEquals(Kes.of(600), ledger.findPush(paidLess.id()).orElseThrow().paidAmount());
        assertEquals(Kes.of(1000), ledger.findPush(paidLess.id()).orElseThrow().amount());
        assertNull(ledger.findPush(cancelled.id()).orElseThrow().paidAmount());
    }

    @Test
    void theSameOutcomeAgainIsADuplicateThatChangesNothing() {
        Push push = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        SettleResult first = ledger.settle(success(push, 1000, receipt));
        clock.advance(Duration.ofSeconds(3));

        SettleResult again = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.DUPLICATE, again.kind());
        assertEquals(first.push(), again.push());
        assertEquals(first.payment(), again.payment());
        assertTrue(first.paymentRecorded());
        assertFalse(again.paymentRecorded(), "nothing new to announce");
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void theCallbackReceiptCompletesASuccessFirstKnownFromAStatusQuery() {
        Push push = accepted(ALICE, phone(), 1000);
        SettleResult byQuery = ledger.settle(success(push, 1000, null));
        assertNull(byQuery.payment().receipt());
        Receipt receipt = receipt();

        SettleResult byCallback = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.DUPLICATE, byCallback.kind());
        assertEquals(receipt, byCallback.payment().receipt());
        assertEquals(byQuery.payment().id(), byCallback.payment().id());
        assertEquals(receipt, byCallback.push().receipt());
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void aSuccessIsNeverDowngraded() {
        Push push = accepted(ALICE, phone(), 1000);
        SettleResult paid = ledger.settle(success(push, 1000, receipt()));

        SettleResult late = ledger.settle(new Settlement(push.id(), Outcome.FAILED, PushReason.INSUFFICIENT_FUNDS, "1",
                "Insufficient balance.", null));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertEquals(PushStatus.CONFIRMED, late.push().status());
        assertEquals(Outcome.SUCCEEDED, late.push().outcome());
        assertEquals(paid.payment(), late.payment());
        assertEquals(paid.push(), ledger.findPush(push.id()).orElseThrow());
    }

    @Test
    void aFailureIsNeverUpgraded() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(new Settlement(push.id(), Outcome.FAILED, PushReason.WRONG_PIN, "2001", "Wrong PIN entered.",
                null));

        SettleResult late = ledger.settle(success(push, 1000, receipt()));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertEquals(PushStatus.FAILED, late.push().status());
        assertEquals(Outcome.FAILED, ledger.findPush(push.id()).orElseThrow().outcome());
    }

    @Test
    void aPaidReceiptAfterAnotherOutcomeIsKeptUnredeemedNeverLost() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(new Settlement(push.id(), Outcome.FAILED, PushReason.NO_RESPONSE, "1037", "No response.", null));
        Receipt receipt = receipt();

        SettleResult late = ledger.settle(success(push, 1000, receipt));
        SettleResult again = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertEquals(Outcome.FAILED, late.push().outcome());
        Payment kept = late.payment();
        assertEquals(receipt, kept.receipt());
        assertTrue(kept.isUnredeemed());
        assertEquals("outcome_conflict", kept.unredeemedReason().code());
        assertEquals(ALICE, kept.intendedSubscriberId());
        assertEquals(kept, again.payment(), "the same receipt is kept once");
        assertTrue(late.paymentRecorded());
        assertFalse(again.paymentRecorded());
        assertEquals(List.of(kept), ledger.findPayments(PaymentQuery.unredeemed()));
    }

    @Test
    void aQuerySuccessWithoutReceiptAfterAnotherOutcomeRecordsNothing() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Cancelled.", null));

        SettleResult late = ledger.settle(success(push, 1000, null));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertNull(late.payment());
        assertEquals(0, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void aDifferentAmountIsConfirmedButHeldUnredeemed() {
        Push push = accepted(ALICE, phone(), 1000);

        SettleResult result = ledger.settle(success(push, 900, receipt()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals("Payment received, but KES 900 differs from the KES 1000 asked: it is held under Unredeemed"
                + " Payments for review.", words(result.push()));
        assertEquals(PushReason.AMOUNT_MISMATCH_HELD, result.push().reason());
        assertEquals(Kes.of(900), result.push().paidAmount());
        Payment payment = result.payment();
        assertTrue(payment.isUnredeemed());
        assertEquals(UnredeemedReason.AMOUNT_MISMATCH, payment.unredeemedReason());
        assertEquals(ALICE, payment.intendedSubscriberId());
        assertEquals(Kes.of(900), payment.amount());
        assertEquals(List.of(payment), ledger.findPayments(PaymentQuery.unredeemed()));
    }

    // ---- evidence of payment is never overruled by silence ------------------------------------------------

    @Test
    void aCallbackReceiptWithinTheWindowOverrulesTheStatusQuerysNoResponse() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(Duration.ofSeconds(30));
        SettleResult expired = ledger.settle(queryAnswer(push, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED,
                "1037"));
        assertEquals(PushStatus.TIMEOUT, expired.push().status());
        clock.advance(Duration.ofSeconds(20)); // the subscriber was still typing the PIN
        Receipt receipt = receipt();

        SettleResult paid = ledger.settle(success(push, 1000, receipt));
        SettleResult again = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.SETTLED, paid.kind(), "published as a settlement");
        assertTrue(paid.paymentRecorded());
        assertEquals(PushStatus.CONFIRMED, paid.push().status());
        assertEquals(Outcome.SUCCEEDED, paid.push().outcome());
        assertEquals(ALICE, paid.payment().subscriberId());
        assertEquals(receipt, paid.payment().receipt());
        Push stored = ledger.findPush(push.id()).orElseThrow();
        assertEquals(PushStatus.CONFIRMED, stored.status());
        assertEquals(receipt, stored.receipt());
        assertEquals(SettleResult.Kind.DUPLICATE, again.kind());
        assertEquals(List.of(paid.payment()), ledger.findPayments(PaymentQuery.all()));
        assertEquals(List.of(), ledger.findPayments(PaymentQuery.unredeemed()));
    }

    @Test
    void aC2bReceiptOverrulesTheStatusQueryAsACallbackDoes() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(queryAnswer(push, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));
        PaidDetails paid = new PaidDetails(receipt(), Kes.of(1000), null, clock.instant(), PaymentSource.C2B);

        SettleResult result = ledger.settle(new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, null, null,
                paid, Settlement.Evidence.C2B_CONFIRMATION));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(ALICE, result.payment().subscriberId());
    }

    @Test
    void aReceiptAfterTheWindowOverrulesTheQueryAsALatePayment() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(Duration.ofSeconds(40));
        ledger.settle(queryAnswer(push, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));
        clock.advance(WINDOW);

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(PushStatus.TIMEOUT, result.push().status(), "the operator saw it end; that stays");
        assertEquals(Outcome.SUCCEEDED, ledger.findPush(push.id()).orElseThrow().outcome());
        assertEquals(UnredeemedReason.LATE_PAYMENT, result.payment().unredeemedReason());
        assertEquals(ALICE, result.payment().intendedSubscriberId());
        assertEquals(List.of(result.payment()), ledger.findPayments(PaymentQuery.unredeemed()));
    }

    @Test
    void aStatusQuerySuccessDoesNotOverruleTheQuerysOwnEarlierAnswer() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(queryAnswer(push, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));

        SettleResult result = ledger.settle(new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0", null,
                new PaidDetails(null, Kes.of(1000), null, clock.instant(), PaymentSource.STK),
                Settlement.Evidence.STATUS_QUERY));

        assertEquals(SettleResult.Kind.CONFLICT, result.kind(), "no receipt: not evidence of payment");
        assertEquals(PushStatus.TIMEOUT, ledger.findPush(push.id()).orElseThrow().status());
        assertEquals(List.of(), ledger.findPayments(PaymentQuery.all()));
    }

    @Test
    void aCallbacksNonSuccessStillStandsAgainstALaterCallbackSuccess() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.settle(new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Request cancelled by user.", null, Settlement.Evidence.CALLBACK));

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertEquals(SettleResult.Kind.CONFLICT, result.kind());
        assertEquals(PushStatus.CANCELLED, ledger.findPush(push.id()).orElseThrow().status());
        assertEquals(UnredeemedReason.OUTCOME_CONFLICT, result.payment().unredeemedReason());
    }

    @Test
    void aReceiptPaidWithinTheWindowConfirmsAPushWhoseWindowEndedBeforeTheCallbackCame() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(WINDOW.minusSeconds(3));
        Instant paidAt = clock.instant(); // M-Pesa's own time of payment, inside the window
        clock.advance(Duration.ofSeconds(3));
        ledger.endWaitingWindow(push.id());
        clock.advance(Duration.ofSeconds(4)); // the callback is slow

        SettleResult result = ledger.settle(new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0", null,
                new PaidDetails(receipt(), Kes.of(1000), null, paidAt, PaymentSource.STK)));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(ALICE, result.payment().subscriberId());
    }

    @Test
    void afterStopWaitingAReceiptIsLateEvenWithinTheWindow() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);
        ledger.settle(queryAnswer(push, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertEquals(PushStatus.STOPPED, result.push().status());
        assertEquals(UnredeemedReason.LATE_PAYMENT, result.payment().unredeemedReason());
    }

    @Test
    void aReceiptThatPaidAnotherPushDoesNotOverruleTheQuery() {
        Push first = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        ledger.settle(success(first, 1000, receipt));
        Push second = accepted(BOB, phone(), 1000);
        ledger.settle(queryAnswer(second, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));

        SettleResult result = ledger.settle(success(second, 1000, receipt));

        assertEquals(SettleResult.Kind.CONFLICT, result.kind());
        assertEquals(PushStatus.TIMEOUT, ledger.findPush(second.id()).orElseThrow().status());
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void aSecondDifferentReceiptForAPaidPushIsHeldUnredeemed() {
        Push push = accepted(ALICE, phone(), 1000);
        SettleResult paid = ledger.settle(success(push, 1000, receipt()));
        Receipt second = receipt();

        SettleResult again = ledger.settle(success(push, 1000, second));
        SettleResult repeated = ledger.settle(success(push, 1000, second));

        assertEquals(SettleResult.Kind.CONFLICT, again.kind());
        assertTrue(again.paymentRecorded());
        assertEquals(second, again.payment().receipt());
        assertEquals(UnredeemedReason.OUTCOME_CONFLICT, again.payment().unredeemedReason());
        assertEquals(ALICE, again.payment().intendedSubscriberId());
        assertFalse(repeated.paymentRecorded(), "kept once");
        assertEquals(paid.payment(), ledger.findPaymentByReceipt(paid.payment().receipt()).orElseThrow());
        assertEquals(2, ledger.findPayments(PaymentQuery.all()).size());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void thePushesAwaitingAPaymentAreRecentUnpaidAndWithoutAFirmOutcome() {
        Push old = accepted(ALICE, phone(), 1000);
        clock.advance(Duration.ofMinutes(11));
        Push waiting = accepted(ALICE, phone(), 1000);
        Push queried = accepted(ALICE, phone(), 1000);
        ledger.settle(queryAnswer(queried, Outcome.NO_RESPONSE, PushReason.PROMPT_EXPIRED, "1037"));
        Push cancelled = accepted(ALICE, phone(), 1000);
        ledger.settle(new Settlement(cancelled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                null, null, Settlement.Evidence.CALLBACK));
        Push paid = accepted(ALICE, phone(), 1000);
        ledger.settle(success(paid, 1000, receipt()));
        accepted(ALICE, phone(), 900);
        accepted(BOB, phone(), 1000);

        List<PushId> found = ledger.pushesAwaitingPayment(ALICE, Kes.of(1000), clock.instant()).stream()
                .map(Push::id).toList();

        assertEquals(List.of(waiting.id(), queried.id()), found);
        // paid two minutes ago: the push from eleven minutes ago could be meant, those created after it cannot
        assertEquals(List.of(old.id()), ledger.pushesAwaitingPayment(ALICE, Kes.of(1000),
                clock.instant().minus(Duration.ofMinutes(2))).stream().map(Push::id).toList());
    }

    Settlement queryAnswer(Push push, Outcome outcome, PushReason reason, String code) {
        return new Settlement(push.id(), outcome, reason, code, "DS timeout user cannot be reached", null,
                Settlement.Evidence.STATUS_QUERY);
    }

    // ---- late payments -----------------------------------------------------------------------------------

    @Test
    void paidAfterStopWaitingIsHeldUnredeemedForTheIntendedSubscriber() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertLateAndUnredeemed(result, PushStatus.STOPPED);
    }

    @Test
    void paidAfterTheWindowClosedIsHeldUnredeemedForTheIntendedSubscriber() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(WINDOW);
        ledger.endWaitingWindow(push.id());
        clock.advance(Duration.ofSeconds(2)); // M-Pesa's time of payment (a second before the callback) is after it

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertLateAndUnredeemed(result, PushStatus.TIMEOUT);
    }

    private void assertLateAndUnredeemed(SettleResult result, PushStatus statusKept) {
        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(statusKept, result.push().status());
        assertEquals(Outcome.SUCCEEDED, result.push().outcome());
        assertEquals(PushReason.LATE_PAYMENT_HELD, result.push().reason());
        assertEquals("Payment received after waiting ended: it is held under Unredeemed Payments for review.",
                words(result.push()));
        assertEquals(result.payment().id(), result.push().paymentId());
        assertTrue(result.payment().isUnredeemed());
        assertEquals(UnredeemedReason.LATE_PAYMENT, result.payment().unredeemedReason());
        assertEquals(ALICE, result.payment().intendedSubscriberId());
        assertEquals(List.of(result.payment()), ledger.findPayments(PaymentQuery.unredeemed()));
        assertNull(result.push().nextPollAt(), "reconciliation ends with the outcome");
    }

    @Test
    void withAutoLinkAPaymentAfterStopWaitingIsConfirmedAndLinked() {
        ledger = new JdbcLedger(pool, clock, LatePaymentPolicy.AUTO_LINK);
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(ALICE, result.payment().subscriberId());
        assertNull(result.payment().unredeemedReason());
    }

    @Test
    void withAutoLinkAPaymentAfterTheWindowClosedIsConfirmedAndLinked() {
        ledger = new JdbcLedger(pool, clock, LatePaymentPolicy.AUTO_LINK);
        Push push = accepted(ALICE, phone(), 1000);
        ledger.endWaitingWindow(push.id());

        SettleResult result = ledger.settle(success(push, 1000, receipt()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(ALICE, result.payment().subscriberId());
    }

    @Test
    void withAutoLinkALateWrongAmountIsStillHeld() {
        ledger = new JdbcLedger(pool, clock, LatePaymentPolicy.AUTO_LINK);
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);

        SettleResult result = ledger.settle(success(push, 1500, receipt()));

        assertEquals(PushStatus.STOPPED, result.push().status());
        assertEquals(UnredeemedReason.AMOUNT_MISMATCH, result.payment().unredeemedReason());
    }

    @Test
    void aPolicyChangeAppliesToTheNextSettlement() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);

        ledger.latePaymentPolicy(LatePaymentPolicy.AUTO_LINK);

        assertEquals(ALICE, ledger.settle(success(push, 1000, receipt())).payment().subscriberId());
    }

    @Test
    void aLateFailureIsRecordedButTheOperatorKeepsSeeingStopped() {
        Push push = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(push.id(), OPERATOR);

        SettleResult result = ledger.settle(new Settlement(push.id(), Outcome.FAILED, PushReason.INSUFFICIENT_FUNDS,
                "1", "Insufficient balance.", null));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(PushStatus.STOPPED, result.push().status());
        assertEquals(Outcome.FAILED, result.push().outcome());
    }

    // ---- stop waiting and the window ---------------------------------------------------------------------

    @Test
    void stopWaitingFreesThePhoneButReconciliationGoesOn() {
        Push push = accepted(ALICE, phone(), 1000);

        Push stopped = ledger.stopWaiting(push.id(), OPERATOR).push();

        assertEquals(PushStatus.STOPPED, stopped.status());
        assertNull(stopped.outcome());
        assertEquals(push.nextPollAt(), stopped.nextPollAt());
        assertTrue(ledger.findOpenPush(push.phone()).isEmpty());
        clock.advance(POLL_INTERVAL);
        assertEquals(List.of(push.id()), ids(ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30))));
    }

    @Test
    void theWindowClosingTimesOutOnlyAPushStillWaitedOn() {
        Push waiting = accepted(ALICE, phone(), 1000);
        Push paid = accepted(BOB, phone(), 500);
        Push confirmed = ledger.settle(success(paid, 500, receipt())).push();
        clock.advance(WINDOW);

        Push timedOut = ledger.endWaitingWindow(waiting.id()).push();
        Push unchanged = ledger.endWaitingWindow(paid.id()).push();
        Push notStopped = ledger.stopWaiting(paid.id(), OPERATOR).push();

        assertEquals(PushStatus.TIMEOUT, timedOut.status());
        assertNull(timedOut.outcome());
        assertTrue(ledger.findOpenPush(waiting.phone()).isEmpty());
        assertEquals(confirmed, unchanged);
        assertEquals(confirmed, notStopped);
        assertEquals(PushStatus.TIMEOUT, ledger.stopWaiting(waiting.id(), OPERATOR).push().status());
    }

    @Test
    void onlyTheCallThatEndsTheWaitIsTheOneThatChangedIt() {
        Push stopped = accepted(ALICE, phone(), 1000);
        Push timedOut = accepted(BOB, phone(), 500);
        Push paid = accepted(ALICE, phone(), 700);
        ledger.settle(success(paid, 700, receipt()));
        clock.advance(WINDOW);

        PushChange stop = ledger.stopWaiting(stopped.id(), OPERATOR);
        PushChange stopAgain = ledger.stopWaiting(stopped.id(), new OperatorName("tom"));
        PushChange windowAfterStop = ledger.endWaitingWindow(stopped.id());
        PushChange window = ledger.endWaitingWindow(timedOut.id());
        PushChange windowAgain = ledger.endWaitingWindow(timedOut.id());
        PushChange stopAfterWindow = ledger.stopWaiting(timedOut.id(), OPERATOR);

        assertTrue(stop.changed());
        assertFalse(stopAgain.changed());
        assertFalse(windowAfterStop.changed());
        assertEquals(stop.push(), stopAgain.push());
        assertEquals(stop.push(), windowAfterStop.push());
        assertTrue(window.changed());
        assertFalse(windowAgain.changed());
        assertFalse(stopAfterWindow.changed());
        assertEquals(PushStatus.TIMEOUT, stopAfterWindow.push().status());
        assertFalse(ledger.stopWaiting(paid.id(), OPERATOR).changed());
        assertFalse(ledger.endWaitingWindow(paid.id()).changed());
    }

    @Test
    void pushesPastTheirWindowAreTheOnesStillWaitedOnOldestFirst() {
        Push older = accepted(ALICE, phone(), 1000);
        clock.advance(Duration.ofSeconds(10));
        Push newer = ledger.createPush(newPush(BOB, phone(), 500, null));
        Push stopped = accepted(ALICE, phone(), 700);
        ledger.stopWaiting(stopped.id(), OPERATOR);
        Push settled = accepted(BOB, phone(), 300);
        ledger.settle(new Settlement(settled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Cancelled on the phone.", null));

        assertEquals(List.of(), ledger.pushesPastTheirWindow(10), "no window has ended yet");
        clock.advance(WINDOW);
        askedJustNow(older); // as the running poller does

        assertEquals(List.of(older.id(), newer.id()),
                ledger.pushesPastTheirWindow(10).stream().map(Push::id).toList());
        assertEquals(List.of(older.id()), ledger.pushesPastTheirWindow(1).stream().map(Push::id).toList());
    }

    @Test
    void aPushWhoseStatusQueryIsLongOverdueIsAskedAboutBeforeItsWaitEnds() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(WINDOW.plusSeconds(60)); // nothing polled meanwhile: the node was down

        assertEquals(List.of(), ledger.pushesPastTheirWindow(10), "its answer may be a payment made in time");

        askedJustNow(push);
        assertEquals(List.of(push.id()), ledger.pushesPastTheirWindow(10).stream().map(Push::id).toList());
    }

    @Test
    void aWindowIsDeferredForAnOverdueQueryFiveMinutesAtMost() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(WINDOW.plus(Duration.ofMinutes(5)));

        assertEquals(List.of(push.id()), ledger.pushesPastTheirWindow(10).stream().map(Push::id).toList());
    }

    /** The poller leases the push, asks, and schedules the next query. */
    private void askedJustNow(Push push) {
        ledger.leaseDuePolls("node-a", 100, Duration.ofSeconds(30));
        ledger.recordPollAttempt(push.id(), "node-a", clock.instant().plus(POLL_INTERVAL));
    }

    // ---- payments ----------------------------------------------------------------------------------------

    @Test
    void aReceiptIsRecordedOnceWhicheverPathReportsIt() {
        Receipt receipt = receipt();
        NewPayment c2b = c2b(receipt, 700, null);

        RecordedPayment first = ledger.recordPayment(c2b);
        RecordedPayment again = ledger.recordPayment(c2b);

        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.payment(), again.payment());
        assertEquals(UnredeemedReason.UNKNOWN_ACCOUNT, first.payment().unredeemedReason());
        assertEquals("ACC-77", first.payment().accountReference());
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void aPaymentWithoutReceiptIsRecordedEachTime() {
        ledger.recordPayment(c2b(null, 700, ALICE));
        ledger.recordPayment(c2b(null, 700, ALICE));

        assertEquals(2, ledger.findPayments(PaymentQuery.ofSubscriber(ALICE)).size());
    }

    @Test
    void aC2bConfirmationFirstBecomesThePushPaymentWhenTheCallbackFollows() {
        Push push = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        Payment c2b = ledger.recordPayment(c2b(receipt, 1000, null)).payment();

        SettleResult result = ledger.settle(success(push, 1000, receipt));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(c2b.id(), result.payment().id());
        assertEquals(push.id(), result.payment().pushId());
        assertEquals(ALICE, result.payment().subscriberId());
        assertEquals(c2b.id(), result.push().paymentId());
        assertEquals(receipt, result.push().receipt());
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void aC2bConfirmationAfterTheCallbackIsADuplicate() {
        Push push = accepted(ALICE, phone(), 1000);
        Receipt receipt = receipt();
        Payment paid = ledger.settle(success(push, 1000, receipt)).payment();

        RecordedPayment c2b = ledger.recordPayment(c2b(receipt, 1000, null));

        assertTrue(c2b.duplicate());
        assertEquals(paid, c2b.payment());
        assertEquals(1, ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void anUnredeemedPaymentIsLinkedOnceWithWhoAndWhen() {
        Payment unredeemed = ledger.recordPayment(c2b(receipt(), 700, null)).payment();
        clock.advance(Duration.ofMinutes(5));

        Payment linked = ledger.linkPayment(unredeemed.id(), BOB, OPERATOR);

        assertEquals(BOB, linked.subscriberId());
        assertEquals(OPERATOR, linked.linkedBy());
        assertEquals(START.plus(Duration.ofMinutes(5)), linked.linkedAt());
        assertEquals(linked, ledger.findPayment(unredeemed.id()).orElseThrow());
        PaymentAlreadyLinkedException twice = assertThrows(PaymentAlreadyLinkedException.class,
                () -> ledger.linkPayment(unredeemed.id(), ALICE, new OperatorName("tom")));
        assertEquals(linked, twice.payment());
        assertThrows(UnknownPaymentException.class, () -> ledger.linkPayment(PaymentId.random(), BOB, OPERATOR));
        assertEquals(BOB, ledger.findPayment(unredeemed.id()).orElseThrow().subscriberId());
    }

    @Test
    void theListingFiltersBySubscriberUnredeemedAndTimeNewestFirst() {
        Payment alicePaid = ledger.recordPayment(c2bAt(ALICE, null, 1)).payment();
        Payment meantForAlice = ledger.recordPayment(c2bAt(null, ALICE, 2)).payment();
        Payment bobPaid = ledger.recordPayment(c2bAt(BOB, null, 3)).payment();
        Payment nobody = ledger.recordPayment(c2bAt(null, null, 4)).payment();

        assertEquals(List.of(nobody, bobPaid, meantForAlice, alicePaid), ledger.findPayments(PaymentQuery.all()));
        assertEquals(List.of(meantForAlice, alicePaid), ledger.findPayments(PaymentQuery.ofSubscriber(ALICE)));
        assertEquals(List.of(nobody, meantForAlice), ledger.findPayments(PaymentQuery.unredeemed()));
        assertEquals(List.of(meantForAlice),
                ledger.findPayments(new PaymentQuery(ALICE, true, null, null, 10)));
        assertEquals(List.of(bobPaid, meantForAlice),
                ledger.findPayments(PaymentQuery.all().between(START.plusSeconds(2 * 3600), START.plusSeconds(4 * 3600))));
        assertEquals(List.of(nobody, bobPaid), ledger.findPayments(new PaymentQuery(null, false, null, null, 2)));
    }

    // ---- journal -----------------------------------------------------------------------------------------

    @Test
    void everyProviderMessageIsJournaledFirstAndThenMarked() {
        PushId pushId = PushId.random();
        long first = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200", "{\"Body\":1}"));
        clock.advance(Duration.ofSeconds(1));
        long second = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{\"TransID\":\"X\"}"));

        // committed on its own: another node sees it at once
        JdbcLedger otherNode = new JdbcLedger(database.newPool(), clock, LatePaymentPolicy.UNREDEEMED);
        List<JournalEntry> received = otherNode.recentJournal(10);
        assertEquals(List.of(second, first), received.stream().map(JournalEntry::id).collect(Collectors.toList()));
        JournalEntry callback = received.get(1);
        assertEquals(Disposition.RECEIVED, callback.disposition());
        assertEquals(new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200", "{\"Body\":1}"),
                callback.event());
        assertEquals(START, callback.receivedAt());

        ledger.markJournaled(first, Disposition.SETTLED, "confirmed push");

        JournalEntry marked = ledger.recentJournal(1 + 1).get(1);
        assertEquals(Disposition.SETTLED, marked.disposition());
        assertEquals("confirmed push", marked.note());
        assertEquals(1, ledger.recentJournal(1).size());
        assertThrows(UnknownPaymentException.class, () -> ledger.markJournaled(second + 1000, Disposition.ORPHAN, null));
    }

    @Test
    void unprocessedListsTheMessagesStillReceivedFromTheChannelsAskedOldestFirst() {
        Set<Channel> hooks = Set.of(Channel.STK_CALLBACK, Channel.C2B_CONFIRMATION, Channel.C2B_VALIDATION);
        PushId pushId = PushId.random();
        long killed = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200", "{\"Body\":1}"));
        long confirmation = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{\"TransID\":1}"));
        clock.advance(Duration.ofSeconds(1));
        long settled = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, PushId.random(), null, "{}"));
        ledger.markJournaled(settled, Disposition.SETTLED, "confirmed push");
        long failed = ledger.journal(new ProviderEvent(Channel.C2B_VALIDATION, null, null, "{}"));
        ledger.markJournaled(failed, Disposition.RECEIVED, "not processed: LedgerUnavailableException");
        long statusAnswer = ledger.journal(new ProviderEvent(Channel.STATUS_QUERY, pushId, null, "{}"));
        clock.advance(Duration.ofSeconds(1));
        long young = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, PushId.random(), null, "{}"));

        // another node sees them: each was committed on its own
        JdbcLedger otherNode = new JdbcLedger(database.newPool(), clock, LatePaymentPolicy.UNREDEEMED);
        List<JournalEntry> left = otherNode.unprocessed(hooks, START.plusSeconds(2), 10);

        assertEquals(List.of(killed, confirmation, failed), left.stream().map(JournalEntry::id).toList(),
                "RECEIVED hook messages before the time, by time and then id; not the settled, the status answer"
                        + " or the one received at that time");
        assertEquals(new JournalEntry(killed, new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200",
                "{\"Body\":1}"), START, Disposition.RECEIVED, null), left.get(0));
        assertEquals("not processed: LedgerUnavailableException", left.get(2).note());
        assertEquals(List.of(killed, confirmation, failed, young),
                ledger.unprocessed(hooks, START.plusSeconds(3), 10).stream().map(JournalEntry::id).toList());
        assertEquals(List.of(killed), ledger.unprocessed(hooks, START.plusSeconds(3), 1).stream()
                .map(JournalEntry::id).toList());
        assertEquals(List.of(statusAnswer), ledger.unprocessed(Set.of(Channel.STATUS_QUERY), START.plusSeconds(3), 10)
                .stream().map(JournalEntry::id).toList());
        assertEquals(List.of(), ledger.unprocessed(hooks, START, 10), "nothing received before the first");
        assertEquals(List.of(), ledger.unprocessed(Set.of(), START.plusSeconds(3), 10));

        ledger.markJournaled(killed, Disposition.DUPLICATE, null);
        assertEquals(List.of(confirmation, failed), ledger.unprocessed(hooks, START.plusSeconds(2), 10).stream()
                .map(JournalEntry::id).toList());
    }

    @Test
    void unprocessedMessagesAreFoundThroughTheirOwnIndex() throws Exception {
        for (int i = 0; i < 50; i++) {
            long id = ledger.journal(new ProviderEvent(Channel.STATUS_QUERY, PushId.random(), null, "{}"));
            ledger.markJournaled(id, Disposition.NOTED, null);
        }
        String sql = JournalTable.unprocessedSql(2);
        try (Connection c = pool.getConnection()) {
            boolean postgres = database.product().equals("PostgreSQL");
            if (postgres) {
                try (var st = c.createStatement()) {
                    // a table this small is read whole otherwise: the question is whether the index can serve
                    st.execute("SET enable_seqscan = off");
                }
            }
            StringBuilder plan = new StringBuilder();
            try (var ps = c.prepareStatement("EXPLAIN " + sql)) {
                Jdbc.setInstant(ps, 1, START.plusSeconds(60));
                ps.setString(2, Channel.C2B_CONFIRMATION.name());
                ps.setString(3, Channel.STK_CALLBACK.name());
                ps.setInt(4, 100);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            assertTrue(plan.toString().toLowerCase().contains("provider_event_unprocessed_ix"), plan.toString());
            if (postgres) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT indexdef FROM pg_indexes"
                        + " WHERE indexname = 'provider_event_unprocessed_ix'")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getString(1).contains("WHERE ((disposition)::text = 'RECEIVED'::text)"),
                            "a partial index, of the RECEIVED entries alone: " + rs.getString(1));
                }
            }
        }
    }

    // ---- polling -----------------------------------------------------------------------------------------

    @Test
    void onlyDueUnsettledAcceptedPushesAreLeased() {
        Push due = accepted(ALICE, phone(), 1000);
        Push notYetDue = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordAcceptance(notYetDue.id(), merchantId(), checkoutId(), START.plus(Duration.ofMinutes(5)));
        Push neverAccepted = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordDeliveryUnknown(neverAccepted.id(), "lost");
        Push settled = accepted(BOB, phone(), 1000);
        ledger.settle(new Settlement(settled.id(), Outcome.CANCELLED, null, "1032", null, null));
        clock.advance(POLL_INTERVAL);

        List<Push> leased = ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));

        assertEquals(List.of(due.id()), ids(leased));
    }

    @Test
    void aLeasedPushIsNotLeasedAgainUntilTheLeaseRunsOut() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(POLL_INTERVAL);
        assertEquals(1, ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30)).size());

        assertEquals(List.of(), ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(push.id()), ids(ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30))));
        // node-a's lease is gone: its report is ignored
        Push ignored = ledger.recordPollAttempt(push.id(), "node-a", START.plusSeconds(100));
        assertEquals(0, ignored.pollAttempts());
    }

    @Test
    void aPollAttemptIsCountedAndTheNextOneScheduled() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(POLL_INTERVAL);
        ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));

        Push polled = ledger.recordPollAttempt(push.id(), "node-a", START.plus(POLL_INTERVAL.multipliedBy(2)));

        assertEquals(1, polled.pollAttempts());
        assertEquals(START.plus(POLL_INTERVAL.multipliedBy(2)), polled.nextPollAt());
        assertEquals(List.of(), ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30)), "not due yet");
        clock.advance(POLL_INTERVAL);
        assertEquals(List.of(push.id()), ids(ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30))),
                "the lease was released");
        Push lastAttempt = ledger.recordPollAttempt(push.id(), "node-b", null);
        assertEquals(2, lastAttempt.pollAttempts());
        assertNull(lastAttempt.nextPollAt());
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30)), "no more attempts");
    }

    @Test
    void aPutOffQueryIsNotCountedAndIsDueAgainWhenAsked() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(POLL_INTERVAL);
        ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));

        Push deferred = ledger.deferPoll(push.id(), "node-a", clock.instant().plusSeconds(2));

        assertEquals(0, deferred.pollAttempts(), "nothing was asked");
        assertEquals(clock.instant().plusSeconds(2), deferred.nextPollAt());
        assertFalse(deferred.needsReview());
        assertEquals(List.of(), ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30)), "not due yet");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(push.id()), ids(ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30))),
                "the lease was released");
        // node-a's lease is gone: its deferral is ignored, the query still due now
        assertEquals(clock.instant(), ledger.deferPoll(push.id(), "node-a", clock.instant().plusSeconds(60))
                .nextPollAt());
        assertEquals(1, ledger.recordPollAttempt(push.id(), "node-b", clock.instant().plus(POLL_INTERVAL))
                .pollAttempts(), "a query made is counted");
    }

    // ---- review ------------------------------------------------------------------------------------------

    @Test
    void whenPollingGivesUpThePushIsLeftForReviewUntilAnAnswerSettlesIt() {
        Push push = accepted(ALICE, phone(), 1000);
        Push answered = accepted(BOB, phone(), 500);
        clock.advance(POLL_INTERVAL);
        ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));
        assertFalse(ledger.recordPollAttempt(answered.id(), "node-a", START.plusSeconds(60)).needsReview());

        Push givenUp = ledger.recordPollAttempt(push.id(), "node-a", null);

        assertTrue(givenUp.needsReview());
        assertEquals(START.plus(POLL_INTERVAL), givenUp.reviewSince());
        assertEquals(List.of(givenUp), ledger.pushesNeedingReview(10));
        clock.advance(Duration.ofDays(3));
        Push settled = ledger.settle(success(push, 1000, receipt())).push();
        assertFalse(settled.needsReview(), "a late callback settles it after all");
        assertEquals(settled, ledger.findPush(push.id()).orElseThrow());
        assertEquals(List.of(), ledger.pushesNeedingReview(10));
    }

    @Test
    void aPromptTheProviderNeverAcknowledgedNeedsReviewOnceTheWaitEnds() {
        Push lost = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordDeliveryUnknown(lost.id(), "No answer from M-Pesa.");
        Push stopped = ledger.createPush(newPush(BOB, phone(), 1000, null));
        ledger.recordDeliveryUnknown(stopped.id(), "No answer from M-Pesa.");
        Push acknowledged = accepted(ALICE, phone(), 1000);
        assertFalse(ledger.findPush(lost.id()).orElseThrow().needsReview(), "its callback may still come");
        clock.advance(Duration.ofSeconds(96));

        Push timedOut = ledger.endWaitingWindow(lost.id()).push();
        ledger.stopWaiting(stopped.id(), OPERATOR);
        ledger.endWaitingWindow(acknowledged.id());

        assertTrue(timedOut.needsReview());
        assertEquals(List.of(lost.id(), stopped.id()), ids(ledger.pushesNeedingReview(10)));
        assertFalse(ledger.findPush(acknowledged.id()).orElseThrow().needsReview(), "it is still polled");
        // the provider's acknowledgement turns up after all: polling takes over
        Push polled = ledger.recordAcceptance(lost.id(), merchantId(), checkoutId(), START.plusSeconds(100));
        assertFalse(polled.needsReview());
        assertEquals(START.plusSeconds(100), polled.nextPollAt());
        assertEquals(List.of(stopped.id()), ids(ledger.pushesNeedingReview(10)));
    }

    @Test
    void leasingTakesAtMostTheMaximumOldestFirst() {
        List<PushId> pushes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Push push = ledger.createPush(newPush(ALICE, phone(), 1000, null));
            ledger.recordAcceptance(push.id(), merchantId(), checkoutId(), START.plusSeconds(5 - i));
            pushes.add(push.id());
        }
        clock.advance(POLL_INTERVAL);

        List<Push> leased = ledger.leaseDuePolls("node-a", 2, Duration.ofSeconds(30));

        assertEquals(Set.of(pushes.get(4), pushes.get(3)), Set.copyOf(ids(leased)));
    }

    @Test
    void leasedPushesComeInTheOrderTheirQueriesFellDueAndEachToOneOwner() {
        PushId[] byDueTime = new PushId[5];
        for (int seconds : new int[] {4, 1, 5, 2, 3}) {
            Push push = ledger.createPush(newPush(ALICE, phone(), 1000, null));
            ledger.recordAcceptance(push.id(), merchantId(), checkoutId(), START.plusSeconds(seconds));
            byDueTime[seconds - 1] = push.id();
        }
        List<PushId> dueOrder = List.of(byDueTime);
        clock.advance(POLL_INTERVAL);

        List<Push> first = ledger.leaseDuePolls("node-a", 3, Duration.ofSeconds(30));
        List<Push> rest = ledger.leaseDuePolls("node-b", 10, Duration.ofSeconds(30));

        assertEquals(dueOrder.subList(0, 3), ids(first));
        assertEquals(dueOrder.subList(3, 5), ids(rest));
        assertEquals(List.of(), ledger.leaseDuePolls("node-c", 10, Duration.ofSeconds(30)));
        assertEquals(START.plusSeconds(1), first.get(0).nextPollAt());
    }

    @Test
    void aLeaseTakesThreeStatementsHoweverManyPushesAreDue() {
        for (int i = 0; i < 12; i++) {
            accepted(ALICE, phone(), 1000);
        }
        clock.advance(POLL_INTERVAL);
        AtomicInteger statements = new AtomicInteger();
        JdbcLedger counted = new JdbcLedger(countingStatements(pool, statements), clock, LatePaymentPolicy.UNREDEEMED);

        List<Push> leased = counted.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));

        assertEquals(10, leased.size());
        assertEquals(3, statements.get(), "lock the due rows, lease them, read them");
    }

    // ---- the administrator's counts ----------------------------------------------------------------------

    @Test
    void anEmptyLedgerCountsNothingAndThePollerIsNotBehind() {
        LedgerCounts counts = ledger.counts();

        assertEquals(new LedgerCounts(0, 0, 0, 0, null, null, START), counts);
        assertEquals(Duration.ZERO, counts.pollerLag());
    }

    @Test
    void eachPushIsCountedByWhatItWaitsFor() {
        ledger.createPush(newPush(ALICE, phone(), 1000, null)); // sending
        accepted(ALICE, phone(), 1000); // waiting
        Push lostAnswer = ledger.createPush(newPush(BOB, phone(), 1000, null));
        ledger.recordDeliveryUnknown(lostAnswer.id(), "No answer from M-Pesa."); // waiting, nothing to query
        Push stopped = accepted(BOB, phone(), 1000);
        ledger.stopWaiting(stopped.id(), OPERATOR); // reconciling
        Push timedOut = accepted(ALICE, phone(), 1000);
        ledger.endWaitingWindow(timedOut.id()); // reconciling
        Push neverAcknowledged = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordDeliveryUnknown(neverAcknowledged.id(), "No answer from M-Pesa.");
        ledger.endWaitingWindow(neverAcknowledged.id()); // left for review: nothing to query
        Push givenUp = accepted(BOB, phone(), 1000);
        ledger.endWaitingWindow(givenUp.id());
        clock.advance(POLL_INTERVAL);
        ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));
        ledger.recordPollAttempt(givenUp.id(), "node-a", null); // left for review: polling gave up
        ledger.recordPollAttempt(timedOut.id(), "node-a", clock.instant().plus(Duration.ofMinutes(1)));
        Push confirmed = accepted(ALICE, phone(), 1000);
        ledger.settle(success(confirmed, 1000, receipt())); // settled: not counted
        Push lateFailure = accepted(BOB, phone(), 1000);
        ledger.stopWaiting(lateFailure.id(), OPERATOR);
        ledger.settle(new Settlement(lateFailure.id(), Outcome.FAILED, PushReason.INSUFFICIENT_FUNDS, "1", null,
                null)); // settled, though the operator sees STOPPED: not counted

        LedgerCounts counts = ledger.counts();

        assertEquals(3, counts.waiting(), "sending, waiting, and waiting with its answer lost");
        assertEquals(2, counts.reconciling(), "stopped and timed out, still queried");
        assertEquals(2, counts.needingReview(), "never acknowledged, and given up");
        assertEquals(0, counts.unredeemed());
        assertEquals(clock.instant(), counts.at());
    }

    @Test
    void anAnswerThatSettlesAPushLeftForReviewTakesItOffTheCount() {
        Push lost = ledger.createPush(newPush(ALICE, phone(), 1000, null));
        ledger.recordDeliveryUnknown(lost.id(), "No answer from M-Pesa.");
        ledger.stopWaiting(lost.id(), OPERATOR);
        assertEquals(1, ledger.counts().needingReview());

        ledger.settle(new Settlement(lost.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032", null,
                null));

        LedgerCounts counts = ledger.counts();
        assertEquals(0, counts.needingReview());
        assertEquals(0, counts.reconciling());
    }

    @Test
    void unredeemedCountsThePaymentsLinkedToNoSubscriberUntilLinked() {
        Payment unknownAccount = ledger.recordPayment(c2b(receipt(), 700, null)).payment();
        ledger.recordPayment(c2b(receipt(), 700, ALICE)); // linked at once
        Push late = accepted(ALICE, phone(), 1000);
        ledger.stopWaiting(late.id(), OPERATOR);
        ledger.settle(success(late, 1000, receipt())); // held: late_payment
        Push paid = accepted(BOB, phone(), 1000);
        ledger.settle(success(paid, 1000, receipt())); // linked to Bob
        assertEquals(2, ledger.counts().unredeemed());

        ledger.linkPayment(unknownAccount.id(), BOB, OPERATOR);

        assertEquals(1, ledger.counts().unredeemed());
    }

    @Test
    void thePollerLagIsHowLongTheMostOverdueStatusQueryHasBeenDue() {
        Push first = accepted(ALICE, phone(), 1000); // due at START + 8 s
        clock.advance(Duration.ofSeconds(3));
        accepted(BOB, phone(), 1000); // due at START + 11 s
        Push settled = accepted(ALICE, phone(), 1000);
        ledger.settle(success(settled, 1000, receipt()));
        assertNull(ledger.counts().oldestDuePush(), "nothing due yet");

        clock.set(START.plusSeconds(20));
        LedgerCounts counts = ledger.counts();

        assertEquals(first.id(), counts.oldestDuePush());
        assertEquals(START.plus(POLL_INTERVAL), counts.oldestDuePollAt());
        assertEquals(Duration.ofSeconds(12), counts.pollerLag());
        // once asked about and rescheduled, the next one is the most overdue
        ledger.leaseDuePolls("node-a", 1, Duration.ofSeconds(30));
        ledger.recordPollAttempt(first.id(), "node-a", START.plusSeconds(28));
        assertEquals(Duration.ofSeconds(9), ledger.counts().pollerLag());
    }

    @Test
    void aPushWhosePollingGaveUpIsNotOverdue() {
        Push push = accepted(ALICE, phone(), 1000);
        clock.advance(POLL_INTERVAL);
        ledger.leaseDuePolls("node-a", 10, Duration.ofSeconds(30));
        ledger.recordPollAttempt(push.id(), "node-a", null);
        clock.advance(Duration.ofDays(1));

        LedgerCounts counts = ledger.counts();

        assertNull(counts.oldestDuePush());
        assertNull(counts.oldestDuePollAt());
        assertEquals(Duration.ZERO, counts.pollerLag());
        assertEquals(1, counts.needingReview());
    }

    @Test
    void countingOnAnUnreachableDatabaseFailsWithoutItsSecrets() {
        JdbcLedger down = new JdbcLedger(unreachable(), clock, LatePaymentPolicy.UNREDEEMED);

        LedgerUnreachableException failure = assertThrows(LedgerUnreachableException.class, down::counts);

        assertFalse(failure.getMessage().contains("s3cret") || failure.getMessage().contains("db.internal"),
                failure.getMessage());
    }

    // ---- health and failures -----------------------------------------------------------------------------

    @Test
    void healthNamesTheDatabaseAndTheSchemaVersion() {
        LedgerHealth health = ledger.health();

        assertTrue(health.up());
        assertEquals(database.product(), health.product());
        assertNotNull(health.productVersion());
        assertEquals("9", health.schemaVersion());
        assertNull(health.problem());
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutItsSecrets() {
        JdbcLedger down = new JdbcLedger(unreachable(), clock, LatePaymentPolicy.UNREDEEMED);

        LedgerHealth health = down.health();
        LedgerUnreachableException failure = assertThrows(LedgerUnreachableException.class,
                () -> down.findPush(PushId.random()));

        assertFalse(health.up());
        assertNotNull(health.problem());
        for (String text : List.of(health.problem(), failure.getMessage())) {
            assertFalse(text.contains("s3cret") || text.contains("db.internal") || text.contains("ledger_admin"),
                    text);
        }
    }

    /** A DataSource whose driver error carries the URL, user and password, as some drivers' do. */
    private static DataSource unreachable() {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw new SQLException("Cannot connect to jdbc:postgresql://db.internal:5432/ledger"
                                + "?user=ledger_admin&password=s3cret", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    // ---- migrations --------------------------------------------------------------------------------------

    @Test
    void migratingAgainChangesNothing() {
        assertEquals("9", LedgerSchema.migrate(pool));
        assertEquals("9", LedgerSchema.migrate(database.newPool()));
        assertEquals("9", ledger.health().schemaVersion());
    }

    @Test
    void aPushWrittenBeforeReasonsKeepsItsSentenceAsProviderText() throws Exception {
        TestDatabase old = createDatabase();
        try {
            DataSource before = old.newPool();
            List<String> upToV3 = LedgerSchema.MIGRATIONS.subList(0,
                    LedgerSchema.MIGRATIONS.indexOf("V4__reasons.sql"));
            new ListedMigrations(LedgerSchema.class.getClassLoader(), "db/stkpush/", upToV3)
                    .flyway(before, LedgerSchema.HISTORY_TABLE).migrate();
            PushId id = PushId.random();
            String sentence = "The balance is insufficient for the transaction.";
            try (var c = before.getConnection(); var ps = c.prepareStatement("INSERT INTO push_request (id,"
                    + " subscriber_id, phone, amount, status, outcome, result_code, message, operator_name, created_at,"
                    + " updated_at, wait_until) VALUES (?, 'sub-alice', '254700000001', 1000, 'FAILED', 'FAILED',"
                    + " '1', ?, 'jane', ?, ?, ?)")) {
                ps.setObject(1, id.value());
                ps.setString(2, sentence);
                Jdbc.setInstant(ps, 3, START);
                Jdbc.setInstant(ps, 4, START);
                Jdbc.setInstant(ps, 5, START.plus(WINDOW));
                ps.executeUpdate();
            }

            assertEquals("9", LedgerSchema.migrate(before));

            Push push = new JdbcLedger(before, clock, LatePaymentPolicy.UNREDEEMED).findPush(id).orElseThrow();
            assertNull(push.reason());
            assertEquals(sentence, push.providerText());
            assertEquals("1", push.resultCode());
            assertEquals(sentence, words(push));
        } finally {
            old.close();
        }
    }

    @Test
    void theSchemaIsCreatedBesideTheHostsOwnTables() throws Exception {
        TestDatabase shared = createDatabase();
        try {
            DataSource host = shared.newPool();
            try (var c = host.getConnection(); var st = c.createStatement()) {
                st.execute("CREATE TABLE host_invoice (id INTEGER PRIMARY KEY, total BIGINT)");
            }

            assertEquals("9", LedgerSchema.migrate(host));
            Push push = new JdbcLedger(host, clock, LatePaymentPolicy.UNREDEEMED)
                    .createPush(newPush(ALICE, phone(), 10, null));
            assertEquals(PushStatus.SENDING, push.status());
        } finally {
            shared.close();
        }
    }

    @Test
    void twoNodesStartingTogetherMigrateTheSchemaOnce() throws Exception {
        TestDatabase empty = createDatabase();
        try {
            DataSource nodeA = empty.newPool();
            DataSource nodeB = empty.newPool();

            List<Object> versions = race(2, () -> LedgerSchema.migrate(nodeA), () -> LedgerSchema.migrate(nodeB));

            assertEquals(List.of("9", "9"), versions);
            JdbcLedger onB = new JdbcLedger(nodeB, clock, LatePaymentPolicy.UNREDEEMED);
            Push push = new JdbcLedger(nodeA, clock, LatePaymentPolicy.UNREDEEMED)
                    .createPush(newPush(ALICE, phone(), 10, null));
            assertEquals(push, onB.findPush(push.id()).orElseThrow());
        } finally {
            empty.close();
        }
    }

    // ---- races -------------------------------------------------------------------------------------------

    @Test
    void twoDifferentAnswersRacingLeaveExactlyOneOutcome() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Push push = accepted(ALICE, phone(), 1000);

            List<Object> results = race(2, () -> ledger.settle(success(push, 1000, receipt())),
                    () -> ledger.settle(new Settlement(push.id(), Outcome.FAILED, PushReason.INSUFFICIENT_FUNDS, "1",
                            "Insufficient balance.", null)));

            List<SettleResult> settled = only(results, SettleResult.class);
            assertEquals(2, settled.size(), () -> "results: " + results);
            assertEquals(1, count(settled, SettleResult.Kind.SETTLED));
            assertEquals(1, count(settled, SettleResult.Kind.CONFLICT));
            Push after = ledger.findPush(push.id()).orElseThrow();
            // the receipt is money either way: linked when the success won, held unredeemed when it lost
            assertEquals(1, paymentsOf(push));
            assertEquals(after.outcome() != Outcome.SUCCEEDED,
                    ledger.findPayments(PaymentQuery.all()).stream()
                            .filter(p -> push.id().equals(p.pushId())).findFirst().orElseThrow().isUnredeemed());
            assertEquals(after.outcome() == Outcome.SUCCEEDED ? PushStatus.CONFIRMED : PushStatus.FAILED,
                    after.status());
        }
    }

    @Test
    void twoCopiesOfOneAnswerRacingRecordOnePayment() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Push push = accepted(ALICE, phone(), 1000);
            Receipt receipt = receipt();

            List<Object> results = race(2, () -> ledger.settle(success(push, 1000, receipt)),
                    () -> ledger.settle(success(push, 1000, receipt)));

            List<SettleResult> settled = only(results, SettleResult.class);
            assertEquals(2, settled.size(), () -> "results: " + results);
            assertEquals(1, count(settled, SettleResult.Kind.SETTLED));
            assertEquals(1, count(settled, SettleResult.Kind.DUPLICATE));
            assertEquals(1, paymentsOf(push));
            assertEquals(settled.get(0).payment().id(), settled.get(1).payment().id());
        }
    }

    @Test
    void aCallbackAndAC2bConfirmationRacingRecordOnePayment() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Push push = accepted(ALICE, phone(), 1000);
            Receipt receipt = receipt();

            List<Object> results = race(2, () -> ledger.settle(success(push, 1000, receipt)),
                    () -> ledger.recordPayment(c2b(receipt, 1000, null)));

            assertEquals(1, only(results, SettleResult.class).size(), () -> "results: " + results);
            assertEquals(1, only(results, RecordedPayment.class).size(), () -> "results: " + results);
            Payment payment = ledger.findPaymentByReceipt(receipt).orElseThrow();
            assertEquals(push.id(), payment.pushId());
            assertEquals(ALICE, payment.subscriberId());
            assertEquals(payment.id(), ledger.findPush(push.id()).orElseThrow().paymentId());
        }
    }

    @Test
    void stopWaitingTwiceAndTheWindowEndingRacingChangeThePushOnce() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            Push push = accepted(ALICE, phone(), 1000);

            List<Object> results = race(3, () -> ledger.stopWaiting(push.id(), OPERATOR),
                    () -> ledger.stopWaiting(push.id(), new OperatorName("tom")),
                    () -> ledger.endWaitingWindow(push.id()));

            List<PushChange> changes = only(results, PushChange.class);
            assertEquals(3, changes.size(), () -> "results: " + results);
            assertEquals(1, changes.stream().filter(PushChange::changed).count(), () -> "results: " + results);
            Push after = ledger.findPush(push.id()).orElseThrow();
            for (PushChange change : changes) {
                assertEquals(after, change.push(), "every caller sees the push as the winner left it");
            }
        }
    }

    @Test
    void twoNodesLeasingAtOnceNeverPollThePushTwice() throws Exception {
        Set<PushId> all = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            all.add(accepted(ALICE, phone(), 1000).id());
        }
        clock.advance(POLL_INTERVAL);
        JdbcLedger nodeA = new JdbcLedger(database.newPool(), clock, LatePaymentPolicy.UNREDEEMED);
        JdbcLedger nodeB = new JdbcLedger(database.newPool(), clock, LatePaymentPolicy.UNREDEEMED);

        List<Object> results = race(4, () -> leaseAll(nodeA, "a1"), () -> leaseAll(nodeA, "a2"),
                () -> leaseAll(nodeB, "b1"), () -> leaseAll(nodeB, "b2"));

        List<PushId> leased = new ArrayList<>();
        for (Object result : results) {
            assertTrue(result instanceof List, () -> "results: " + results);
            ((List<?>) result).forEach(id -> leased.add((PushId) id));
        }
        assertEquals(all.size(), leased.size(), "no push leased twice, none left out");
        assertEquals(all, new HashSet<>(leased));
    }

    private static List<PushId> leaseAll(JdbcLedger node, String owner) {
        List<PushId> mine = new ArrayList<>();
        List<Push> batch;
        do {
            batch = node.leaseDuePolls(owner, 3, Duration.ofMinutes(5));
            mine.addAll(ids(batch));
        } while (!batch.isEmpty());
        return mine;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Starts all tasks at the same instant; each result is the value returned or the exception thrown. */
    @SafeVarargs
    static List<Object> race(int threads, Callable<?>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<?> task = tasks[i % tasks.length];
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return task.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code dataSource}, counting the statements prepared on its connections. */
    private static DataSource countingStatements(DataSource dataSource, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (c, call, callArgs) -> {
                                if (call.getName().equals("prepareStatement")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(connection, call, callArgs);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static <T> List<T> only(List<Object> results, Class<T> type) {
        return results.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    private static long count(List<SettleResult> results, SettleResult.Kind kind) {
        return results.stream().filter(r -> r.kind() == kind).count();
    }

    static List<PushId> ids(List<Push> pushes) {
        return pushes.stream().map(Push::id).collect(Collectors.toList());
    }

    private long paymentsOf(Push push) {
        return ledger.findPayments(PaymentQuery.all()).stream().filter(p -> push.id().equals(p.pushId())).count();
    }

    private long countPushes() {
        try (var c = pool.getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM push_request")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** A push the provider accepted, its first status query due one interval from now. */
    Push accepted(SubscriberId subscriber, PhoneNumber phone, long amount) {
        Push push = ledger.createPush(newPush(subscriber, phone, amount, null));
        return ledger.recordAcceptance(push.id(), merchantId(), checkoutId(), clock.instant().plus(POLL_INTERVAL));
    }

    Settlement success(Push push, long amount, Receipt receipt) {
        PaidDetails paid = new PaidDetails(receipt, Kes.of(amount), "2547****0000", clock.instant().minusSeconds(1),
                PaymentSource.STK);
        return new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0",
                "The service request is processed successfully.", paid);
    }

    NewPayment c2b(Receipt receipt, long amount, SubscriberId subscriber) {
        return new NewPayment(receipt, Kes.of(amount), "2547****1111", clock.instant(), PaymentSource.C2B, subscriber,
                null, "ACC-77", subscriber == null ? UnredeemedReason.UNKNOWN_ACCOUNT : null);
    }

    /** A C2B payment paid {@code hours} after the start. */
    NewPayment c2bAt(SubscriberId subscriber, SubscriberId intended, int hours) {
        return new NewPayment(receipt(), Kes.of(100 * hours), null, START.plusSeconds(hours * 3600L), PaymentSource.C2B,
                subscriber, intended, null, subscriber == null ? UnredeemedReason.UNKNOWN_ACCOUNT : null);
    }

    /** What the operator reads about the push. */
    static String words(Push push) {
        return OperatorText.english().push(push);
    }

    static NewPush newPush(SubscriberId subscriber, PhoneNumber phone, long amount, String planId) {
        return new NewPush(PushId.random(), new PushRequest(subscriber, phone, Kes.of(amount), OPERATOR, planId),
                WINDOW);
    }

    static PhoneNumber phone() {
        return new PhoneNumber(String.format("2547%08d", PHONES.incrementAndGet()));
    }

    static Receipt receipt() {
        return new Receipt(String.format("TST%07d", RECEIPTS.incrementAndGet()));
    }

    static CheckoutRequestId checkoutId() {
        return new CheckoutRequestId("ws_CO_" + PushId.random());
    }

    static MerchantRequestId merchantId() {
        return new MerchantRequestId("mr-" + PushId.random());
    }
}
