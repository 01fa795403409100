package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushReconciler;
import io.stkpush.api.PushReconciler.Reconciliation;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;
import io.stkpush.testing.Configs;
import io.stkpush.testing.MutableClock;

/**
 * {@code stkpush:reconcile}: asking about one push now, on the real ledger and the real push service's answer path,
 * with a scripted provider and a clock moved by hand.
 */
class PushReconcilerTest {

    private static final SubscriberId WANJIRU = new SubscriberId("sub-1");
    private static final Duration WINDOW = Duration.ofSeconds(96);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final ScriptedStatuses provider = new ScriptedStatuses(clock);
    private final List<ExecutorService> pools = new ArrayList<>();
    private JdbcLedger ledger;
    private ProviderAnswers answers;
    private PushReconciler reconciler;
    private int phones;

    @BeforeEach
    void setUp() {
        ledger = TestLedgers.ledger(TestLedgers.migratedH2(), clock);
        answers = TestPushServices.providerAnswers(ledger, clock, null);
        reconciler = new PushReconcilerComponent(answers, provider, clock);
    }

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    // ---- asked, and the answer applied as a scheduled query's is ----------------------------------------

    @Test
    void aPushLeftForReviewIsAskedNowAndItsLatePaymentHeldAsAScheduledQueryWouldHoldIt() {
        Push push = leftForReview();
        provider.script(push.checkoutRequestId(), ScriptedStatuses.PAID);

        Reconciliation done = reconciler.reconcile(push.id());

        assertTrue(done.asked());
        assertEquals(1, provider.queries.size());
        Push after = done.push();
        assertEquals(after, reload(push), "the push returned is the push as recorded");
        assertEquals(Outcome.SUCCEEDED, after.outcome());
        assertEquals(PushStatus.TIMEOUT, after.status(), "the operator already saw TIMEOUT");
        assertFalse(after.needsReview(), "the answer settled it");
        Payment payment = ledger.findPayment(after.paymentId()).orElseThrow();
        assertEquals(UnredeemedReason.LATE_PAYMENT, payment.unredeemedReason());
        assertEquals(WANJIRU, payment.intendedSubscriberId());
        assertEquals("M-Pesa says: The service request is processed successfully. Settled: TIMEOUT (outcome"
                + " SUCCEEDED). Payment received after waiting ended: it is held under Unredeemed Payments for review.",
                done.report());
        JournalEntry journaled = ledger.recentJournal(1).get(0);
        assertEquals(ProviderEvent.Channel.STATUS_QUERY, journaled.event().channel());
        assertEquals(push.id(), journaled.event().pushId());
        assertEquals(ProviderEvent.Disposition.SETTLED, journaled.disposition());
        assertTrue(journaled.note().startsWith(PushReconcilerComponent.JOURNAL_NOTE + "; SUCCEEDED, payment "),
                journaled.note());
    }

    @Test
    void theAnswerLeavesThePushAsTheSameAnswerToAScheduledQueryWould() {
        for (StatusAnswer answer : List.of(ScriptedStatuses.PAID, ScriptedStatuses.CANCELLED, new StatusAnswer(
                StatusAnswer.State.FINAL, Outcome.FAILED, PushReason.WRONG_PIN, "2001", "The initiator information is invalid."))) {
            Push reconciled = accepted();
            Push polled = accepted();
            provider.script(reconciled.checkoutRequestId(), answer);
            provider.script(polled.checkoutRequestId(), answer);

            reconciler.reconcile(reconciled.id());
            clock.advance(Duration.ofSeconds(8));
            poller().tick();

            Push a = reload(reconciled);
            Push b = reload(polled);
            assertEquals(List.of(b.status(), b.outcome(), b.reason(), b.resultCode(), b.providerText()),
                    List.of(a.status(), a.outcome(), a.reason(), a.resultCode(), a.providerText()), answer.toString());
            assertEquals(b.paymentId() == null, a.paymentId() == null);
            assertEquals(b.nextPollAt(), a.nextPollAt(), "settled: neither is asked about again");
        }
    }

    @Test
    void aPendingAnswerLeavesTheScheduleAndTheLeaseAlone() {
        Push push = accepted(); // its first query is due in 8 s
        clock.advance(Duration.ofSeconds(3));

        Reconciliation done = reconciler.reconcile(push.id());

        assertTrue(done.asked());
        assertEquals("M-Pesa says: The transaction is still under processing. No outcome yet; the scheduled status"
                + " queries carry on.", done.report());
        assertEquals(push, done.push(), "nothing about the push changed");
        assertEquals(ProviderEvent.Disposition.NOTED, ledger.recentJournal(1).get(0).disposition());
        assertEquals(PushReconcilerComponent.JOURNAL_NOTE, ledger.recentJournal(1).get(0).note());

        // the poller asks when it would have, once, and its lease and attempt count are its own
        StatusPoller poller = poller();
        clock.set(push.createdAt().plusSeconds(7));
        assertEquals(0, poller.tick().queried(), "not due before 8 s: asking now did not move the query earlier");
        clock.set(push.createdAt().plusSeconds(8));
        assertEquals(1, poller.tick().queried());
        assertEquals(1, reload(push).pollAttempts());
        assertEquals(push.createdAt().plusSeconds(16), reload(push).nextPollAt());
    }

    @Test
    void askingWhileANodeHoldsTheLeaseDoesNotTakeItsLeaseAway() {
        Push push = accepted();
        clock.advance(Duration.ofSeconds(8));
        assertEquals(1, ledger.leaseDuePolls("node-a", 20, LEASE).size());

        reconciler.reconcile(push.id());

        assertEquals(1, ledger.recordPollAttempt(push.id(), "node-a", clock.instant().plusSeconds(8)).pollAttempts(),
                "node-a still holds its lease and records its attempt");
    }

    @Test
    void aPushPollingGaveUpOnThatIsStillPendingStaysLeftForReview() {
        Push push = leftForReview();

        Reconciliation done = reconciler.reconcile(push.id());

        assertTrue(done.asked());
        assertTrue(done.push().needsReview());
        assertNull(done.push().nextPollAt());
        assertTrue(done.report().endsWith("No outcome yet; the push stays left for review."), done.report());
    }

    @Test
    void anAnswerNobodyMappedChangesNothingAndSaysToCheckThePortal() {
        Push push = accepted();
        provider.script(push.checkoutRequestId(), new StatusAnswer(StatusAnswer.State.UNKNOWN, null,
                PushReason.UNKNOWN_ANSWER, "E3008", "Error, the user has a bad debt contract."));

        Reconciliation done = reconciler.reconcile(push.id());

        assertTrue(done.asked());
        assertNull(done.push().outcome());
        assertEquals("M-Pesa says: Error, the user has a bad debt contract. M-Pesa answered with result code E3008,"
                + " which stkpush does not know. Check the payment on the M-Pesa portal.", done.report());
        assertEquals(ProviderEvent.Disposition.NOTED, ledger.recentJournal(1).get(0).disposition());
    }

    @Test
    void aCallbackThatSettlesThePushWhileTheQueryIsOutMakesTheAnswerADuplicate() {
        Push push = accepted();
        PaymentProvider racing = provider(id -> {
            ledger.settle(new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0", "ok", new PaidDetails(
                    new Receipt("TST0000001"), push.amount(), "2547****0001", clock.instant(), PaymentSource.STK)));
            return ScriptedStatuses.PAID;
        });

        Reconciliation done = new PushReconcilerComponent(answers, racing, clock).reconcile(push.id());

        assertTrue(done.asked());
        assertEquals(PushStatus.CONFIRMED, done.push().status());
        assertEquals(new Receipt("TST0000001"), done.push().receipt());
        assertTrue(done.report().endsWith("Already settled the same way: CONFIRMED."), done.report());
    }

    @Test
    void aDifferentAnswerAfterTheOutcomeIsNotApplied() {
        Push push = accepted();
        PaymentProvider racing = provider(id -> {
            ledger.settle(new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                    null, null));
            return ScriptedStatuses.PAID;
        });

        Reconciliation done = new PushReconcilerComponent(answers, racing, clock).reconcile(push.id());

        assertEquals(Outcome.CANCELLED, done.push().outcome());
        assertTrue(done.report().endsWith("Not applied: the push had already ended CANCELLED."), done.report());
    }

    // ---- not asked ---------------------------------------------------------------------------------------

    @Test
    void aSettledPushIsNotAskedAbout() {
        Push cancelled = accepted();
        ledger.settle(new Settlement(cancelled.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                null, null));
        Push lateFailure = accepted();
        ledger.stopWaiting(lateFailure.id(), new OperatorName("alice"));
        ledger.settle(new Settlement(lateFailure.id(), Outcome.FAILED, PushReason.INSUFFICIENT_FUNDS, "1", null, null));

        Reconciliation a = reconciler.reconcile(cancelled.id());
        Reconciliation b = reconciler.reconcile(lateFailure.id());

        assertEquals(new Reconciliation(reload(cancelled), false, "Already settled: CANCELLED."), a);
        assertEquals(new Reconciliation(reload(lateFailure), false, "Already settled: STOPPED (outcome FAILED)."), b);
        assertTrue(provider.queries.isEmpty());
    }

    @Test
    void aPushWhoseAnswerWasLostCannotBeAskedAbout() {
        Push push = ledger.createPush(newPush());
        ledger.recordDeliveryUnknown(push.id(), "No answer from M-Pesa.");

        Reconciliation done = reconciler.reconcile(push.id());

        assertFalse(done.asked());
        assertEquals(reload(push), done.push());
        assertEquals("Not asked: M-Pesa's answer to the prompt was lost, so there is no checkout request to ask about."
                + " Only its callback, if it still comes, or an operator can resolve this push.", done.report());
        assertTrue(provider.queries.isEmpty());
    }

    @Test
    void anUnknownPushIsRefused() {
        PushId nobody = PushId.random();

        UnknownPaymentException refused = assertThrows(UnknownPaymentException.class,
                () -> reconciler.reconcile(nobody));

        assertEquals("No push " + nobody + ".", refused.getMessage());
        assertTrue(provider.queries.isEmpty());
    }

    // ---- the provider fails ------------------------------------------------------------------------------

    @Test
    void aProviderFailureIsSaidInItsReasonsWordsAndThePushIsUnchanged() {
        Push push = leftForReview();
        int journaled = ledger.recentJournal(100).size();
        Object[] busy = new Object[PushReconcilerComponent.BUDGET_ATTEMPTS];
        Arrays.fill(busy, new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, "500.003.02",
                "System is busy. Please try again in few minutes.", null));
        provider.script(push.checkoutRequestId(), busy);

        Reconciliation done = reconciler.reconcile(push.id());

        assertTrue(done.asked());
        assertEquals(PushReconcilerComponent.BUDGET_ATTEMPTS, provider.queryTimes(push.checkoutRequestId()).size());
        assertEquals(push, done.push());
        assertEquals(push, reload(push));
        assertEquals("No status from M-Pesa: M-Pesa is busy. Try again in a few minutes. The push is unchanged.",
                done.report());
        assertEquals(journaled, ledger.recentJournal(100).size(), "no answer, nothing to journal");
    }

    @Test
    void aPersonAskingWhileTheQueryBudgetIsUsedUpIsAnsweredOnceATurnIsFree() {
        Push push = leftForReview();
        ProviderException budget = new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                "The status query budget is used up for this second; nothing was sent.", null);
        provider.script(push.checkoutRequestId(), budget, budget, ScriptedStatuses.CANCELLED);

        Reconciliation done = reconciler.reconcile(push.id());

        assertEquals(3, provider.queryTimes(push.checkoutRequestId()).size());
        assertTrue(done.report().startsWith("M-Pesa says: "), done.report());
        assertEquals(Outcome.CANCELLED, reload(push).outcome());
    }

    @Test
    void aLostQueryAnswerAndARefusalOnlyDarajaCanExplainAreSaidToo() {
        Push push = accepted();
        provider.script(push.checkoutRequestId(),
                new ProviderException(ProviderException.Kind.UNKNOWN, PushReason.ANSWER_LOST, null,
                        "No answer from M-Pesa about this prompt; it will be asked again.", null),
                new ProviderException(ProviderException.Kind.REJECTED, PushReason.PROVIDER_REFUSED, "404.001.03",
                        "The Daraja app has no API product for M-Pesa Express.", null));

        assertEquals("No status from M-Pesa: it did not answer the status query. The push is unchanged.",
                reconciler.reconcile(push.id()).report());
        assertEquals("No status from M-Pesa: The Daraja app has no API product for M-Pesa Express. The push is"
                + " unchanged.", reconciler.reconcile(push.id()).report());
        assertEquals(push, reload(push));
    }

    // ---- registration ------------------------------------------------------------------------------------

    @Test
    void itIsRegisteredAsThePushReconcilerOnTheAnswerDeskAndTheProvider() throws Exception {
        String description = "OSGI-INF/" + PushReconcilerComponent.class.getName() + ".xml";
        try (InputStream in = PushReconcilerComponent.class.getClassLoader().getResourceAsStream(description)) {
            assertNotNull(in, description + " (written by bnd before the tests run)");
            var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            assertEquals(PushReconciler.class.getName(),
                    ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
            NodeList references = xml.getElementsByTagName("reference");
            List<String> referenced = new ArrayList<>();
            for (int i = 0; i < references.getLength(); i++) {
                referenced.add(((Element) references.item(i)).getAttribute("interface"));
            }
            assertEquals(List.of(ProviderAnswers.class.getName(), PaymentProvider.class.getName()), referenced);
        }
    }

    // ------------------------------------------------------------------------------------------------------

    /** A push the provider accepted, its first query due 8 s from now. */
    private Push accepted() {
        Push push = ledger.createPush(newPush());
        return ledger.recordAcceptance(push.id(), new MerchantRequestId("mr-" + push.id()),
                new CheckoutRequestId("ws_CO_" + push.id()), clock.instant().plusSeconds(8));
    }

    /** An accepted push that timed out and whose status queries gave up: what an administrator reconciles. */
    private Push leftForReview() {
        Push push = accepted();
        clock.advance(WINDOW);
        ledger.endWaitingWindow(push.id());
        assertEquals(1, ledger.leaseDuePolls("node-a", 20, LEASE).size());
        Push givenUp = ledger.recordPollAttempt(push.id(), "node-a", null);
        assertTrue(givenUp.needsReview());
        return givenUp;
    }

    private NewPush newPush() {
        PhoneNumber phone = new PhoneNumber(String.format("2547%08d", ++phones));
        return new NewPush(PushId.random(), new PushRequest(WANJIRU, phone, Kes.of(1500), new OperatorName("alice"),
                null), WINDOW);
    }

    private Push reload(Push push) {
        return ledger.findPush(push.id()).orElseThrow();
    }

    private StatusPoller poller() {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        pools.add(threads);
        return new StatusPoller(answers, ledger, () -> provider, clock, StatusPollerTest.EVERY_8_SECONDS, "node-b",
                20, LEASE, threads);
    }

    @FunctionalInterface
    private interface Status {
        StatusAnswer of(CheckoutRequestId id);
    }

    /** A provider whose status answer is {@code status}: where a test acts while the query is out. */
    private static PaymentProvider provider(Status status) {
        return new PaymentProvider() {
            @Override
            public String name() {
                return "racing";
            }

            @Override
            public PushAcceptance push(ProviderPushRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public StatusAnswer queryStatus(CheckoutRequestId id) {
                return status.of(id);
            }
        };
    }
}
