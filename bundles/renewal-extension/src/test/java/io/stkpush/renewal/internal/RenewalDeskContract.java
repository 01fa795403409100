package io.stkpush.renewal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.Receipt;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;
import io.stkpush.testing.MutableClock;

/**
 * Renewals on the real push service and ledger, with a host that counts its calls: the host renews exactly once per
 * payment whatever arrives twice, in any order, on either of two "nodes", across a restart; nothing is renewed
 * without a payment; a failing host is retried with back-off, then the renewal is failed for an operator.
 * Run on H2 and on PostgreSQL.
 */
abstract class RenewalDeskContract {

    static final SubscriberId WANJIRU = new SubscriberId("sub-1");
    static final SubscriberId OTIENO = new SubscriberId("sub-2");
    static final PhoneNumber PHONE = PhoneNumber.parse("0712345678");
    static final OperatorName ALICE = new OperatorName("alice");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final CountingHost host = new CountingHost();
    final List<PaymentEvent> renewalEvents = new CopyOnWriteArrayList<>();
    final RenewalSettings settings = RenewalSettings.DEFAULTS;

    DataSource dataSource;
    JdbcLedger ledger;
    PushPayments pushes;
    ProviderAnswers answers;
    volatile boolean providerDown;
    RenewalDesk desk;

    /** A fresh database with the ledger's and the renewal's tables. */
    abstract DataSource migratedDatabase() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = migratedDatabase();
        RenewalSchema.migrate(dataSource);
        ledger = TestLedgers.ledger(dataSource, clock);
        pushes = TestPushServices.pushPayments(ledger, provider(), clock, null, null);
        answers = TestPushServices.providerAnswers(ledger, clock, null);
        desk = desk("node-a");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    RenewalDesk desk(String owner) {
        return new RenewalDesk(new RenewalStore(dataSource), pushes, () -> Optional.of(host), renewalEvents::add,
                clock, settings, owner);
    }

    private PaymentProvider provider() {
        return new PaymentProvider() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public PushAcceptance push(ProviderPushRequest request) throws ProviderException {
                if (providerDown) {
                    throw new IllegalStateException("provider bug");
                }
                return new PushAcceptance(new MerchantRequestId("m-" + request.pushId()),
                        new CheckoutRequestId("ws_CO_" + request.pushId()), "Success. Request accepted for processing");
            }

            @Override
            public StatusAnswer queryStatus(CheckoutRequestId id) {
                throw new UnsupportedOperationException("not polled here");
            }
        };
    }

    Renewal start() {
        return desk.start(WANJIRU, CountingHost.HOME, PHONE, ALICE);
    }

    Push push(Renewal renewal) {
        return pushes.find(renewal.pushId()).orElseThrow();
    }

    /** An STK callback: journaled, then settled, as the callback resource does. */
    void callback(Renewal renewal, Settlement settlement) {
        answers.settle(answers.journal(new ProviderEvent(ProviderEvent.Channel.STK_CALLBACK, renewal.pushId(),
                "196.201.214.200", "{}")), settlement);
    }

    Settlement paid(Renewal renewal, String receipt) {
        return new Settlement(renewal.pushId(), Outcome.SUCCEEDED, PushReason.PAID, "0",
                "The service request is processed successfully.", new PaidDetails(new Receipt(receipt),
                        renewal.amount(), PHONE.msisdn(), clock.instant(), PaymentSource.STK));
    }

    Settlement cancelled(Renewal renewal) {
        return new Settlement(renewal.pushId(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Request cancelled by user", null);
    }

    Renewal now(Renewal renewal) {
        return desk.find(renewal.id()).orElseThrow();
    }

    // ---- the guide's flow ---------------------------------------------------------------------------------------

    @Test
    void theIntentIsRecordedAndThePushSentForThePlansPrice() {
        Renewal renewal = start();

        assertEquals(RenewalState.PENDING, renewal.state());
        Push push = push(renewal);
        assertEquals(Kes.of(1500), push.amount());
        assertEquals("home-10", push.planId());
        assertEquals(WANJIRU, push.subscriberId());
        assertTrue(renewal.message().contains("Waiting for the payment"), renewal.message());
        assertEquals(0, host.total.get());
    }

    @Test
    void aConfirmedPaymentRenewsOnceWhateverArrivesTwice() {
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ409"));
        Renewal applied = desk.evaluate(renewal.id()).orElseThrow();

        assertEquals(RenewalState.APPLIED, applied.state());
        assertEquals(push(renewal).paymentId(), applied.paymentId());
        assertEquals(CountingHost.NEW_EXPIRY, applied.newExpiresAt());
        assertEquals("Renewed on Home 10 Mbps until 2026-04-02.", applied.message());

        // the callback again (scenario 06), the event again, a sweep, another node: nothing more
        callback(renewal, paid(renewal, "UCQ5UAQ409"));
        desk.evaluate(renewal.id());
        desk.sweep();
        desk("node-b").evaluate(renewal.id());
        assertEquals(1, host.total.get());
        assertEquals(1, host.callsFor(applied.paymentId()));
        assertTrue(renewalEvents.stream().anyMatch(e -> e.type() == PaymentEvent.Type.RENEWAL_CHANGED
                && renewal.pushId().equals(e.pushId()) && e.message().startsWith("Renewed on")));
    }

    @Test
    void twoNodesHearingThePaymentAtOnceRenewOnce() throws Exception {
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ410"));
        host.gate = new CountDownLatch(1); // the first caller stays inside the host until every node has tried
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RenewalDesk node = desk("node-" + i);
                tries.add(nodes.submit(() -> node.evaluate(renewal.id())));
            }
            awaitCalls(1);
            for (int i = 0; i < 4; i++) {
                desk("late-" + i).sweep(); // every other attempt sees the lease
            }
            host.gate.countDown();
            for (Future<?> t : tries) {
                t.get(10, TimeUnit.SECONDS);
            }
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(RenewalState.APPLIED, now(renewal).state());
        assertEquals(1, host.total.get());
    }

    @Test
    void paidWhileTheExtensionWasNotRunningIsRenewedByTheFirstSweepAfter() {
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ411")); // no one evaluates: the bundle was stopped

        RenewalDesk restarted = desk("node-after-restart");
        restarted.sweep();

        assertEquals(RenewalState.APPLIED, now(renewal).state());
        assertEquals(1, host.total.get());
    }

    @Test
    void aCallbackBeforeTheAcceptanceIsRecordedStillRenewsOnce() {
        // order-independence: the payment is settled before the renewal is first looked at, twice over
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ412"));
        desk.sweep();
        desk.sweep();
        assertEquals(RenewalState.APPLIED, now(renewal).state());
        assertEquals(1, host.total.get());
    }

    // ---- no payment, no renewal -----------------------------------------------------------------------------

    @Test
    void cancelledIsNotPaidAndNotRenewed() {
        Renewal renewal = start();
        callback(renewal, cancelled(renewal));

        Renewal after = desk.evaluate(renewal.id()).orElseThrow();
        assertEquals(RenewalState.NOT_PAID, after.state());
        assertTrue(after.message().startsWith("Not renewed: "), after.message());
        assertEquals(0, host.total.get());
    }

    @Test
    void stoppedWaitingIsNotPaidThenTheLatePaymentIsHeldAndLinkAndRenewAppliesIt() {
        Renewal renewal = start();
        pushes.stopWaiting(renewal.pushId(), ALICE);
        assertEquals(RenewalState.NOT_PAID, desk.evaluate(renewal.id()).orElseThrow().state());

        callback(renewal, paid(renewal, "UCQ5UAQ413")); // after the operator stopped waiting: late
        Renewal held = desk.evaluate(renewal.id()).orElseThrow();
        assertEquals(RenewalState.NOT_PAID, held.state());
        assertTrue(held.message().contains("Link and renew"), held.message());
        Payment late = pushes.findPayment(push(renewal).paymentId()).orElseThrow();
        assertEquals(UnredeemedReason.LATE_PAYMENT, late.unredeemedReason());
        assertEquals(0, host.total.get());

        Renewal linked = desk.linkAndRenew(renewal.id(), late.id(), new OperatorName("bob"));
        assertEquals(RenewalState.APPLIED, linked.state());
        Payment after = pushes.findPayment(late.id()).orElseThrow();
        assertEquals(WANJIRU, after.subscriberId());
        assertEquals("bob", after.linkedBy().value());
        // asked twice (a double click): the same answer, no second renewal
        assertEquals(RenewalState.APPLIED, desk.linkAndRenew(renewal.id(), late.id(), ALICE).state());
        assertEquals(1, host.total.get());
    }

    @Test
    void linkAndRenewHeardByTheWorkerBetweenLinkAndClaimNeverSaysLinkedWithoutRenewing() {
        Renewal renewal = start();
        pushes.stopWaiting(renewal.pushId(), ALICE);
        callback(renewal, paid(renewal, "UCQ5UAQ421"));
        desk.evaluate(renewal.id());
        Payment late = pushes.findPayment(push(renewal).paymentId()).orElseThrow();

        // Link and renew links first; the worker hears PAYMENT_LINKED and looks before the claim
        pushes.linkPayment(late.id(), WANJIRU, ALICE);
        desk.evaluate(renewal.id());
        Renewal applied = desk.linkAndRenew(renewal.id(), late.id(), ALICE);

        assertEquals(RenewalState.APPLIED, applied.state());
        assertEquals(1, host.total.get());
        List<String> told = renewalEvents.stream().map(PaymentEvent::message).toList();
        assertTrue(told.stream().noneMatch(m -> m.contains("without renewing")), told.toString());
        assertTrue(told.get(told.size() - 1).startsWith("Renewed on"), told.toString());
    }

    @Test
    void aLatePaymentLinkedWithoutRenewingDoesNotRenew() {
        Renewal renewal = start();
        pushes.stopWaiting(renewal.pushId(), ALICE);
        callback(renewal, paid(renewal, "UCQ5UAQ414"));
        pushes.linkPayment(push(renewal).paymentId(), WANJIRU, ALICE);

        Renewal after = desk.evaluate(renewal.id()).orElseThrow();
        assertEquals(RenewalState.NOT_PAID, after.state());
        assertTrue(after.message().contains("without renewing"), after.message());
        assertEquals(0, host.total.get());
    }

    @Test
    void linkAndRenewRefusesAPaymentSmallerThanThePriceOrLinkedToSomeoneElse() {
        Renewal renewal = start();
        pushes.stopWaiting(renewal.pushId(), ALICE);
        Renewal other = desk.start(OTIENO, CountingHost.CHEAP, PhoneNumber.parse("0722000111"), ALICE);
        pushes.stopWaiting(other.pushId(), ALICE);
        callback(other, paid(other, "UCQ5UAQ415")); // KES 500, late: unredeemed
        Payment small = pushes.findPayment(push(other).paymentId()).orElseThrow();

        RenewalRefused tooSmall = assertThrows(RenewalRefused.class,
                () -> desk.linkAndRenew(renewal.id(), small.id(), ALICE));
        assertEquals(409, tooSmall.status());
        assertTrue(tooSmall.getMessage().contains("less than the plan's price"), tooSmall.getMessage());

        callback(renewal, paid(renewal, "UCQ5UAQ416"));
        Payment own = pushes.findPayment(push(renewal).paymentId()).orElseThrow();
        pushes.linkPayment(own.id(), OTIENO, ALICE);
        RenewalRefused elsewhere = assertThrows(RenewalRefused.class,
                () -> desk.linkAndRenew(renewal.id(), own.id(), ALICE));
        assertEquals("linked_elsewhere", elsewhere.code());
        assertEquals(0, host.total.get());
    }

    @Test
    void aPhoneWithAPromptOpenKeepsNoIntent() {
        Renewal first = start();
        PromptAlreadyOpenException open = assertThrows(PromptAlreadyOpenException.class, this::start);
        assertEquals(first.pushId(), open.openPush());
        assertEquals(1, desk.list(WANJIRU, null, 10).size());
    }

    @Test
    void anotherNetworksNumberIsRefusedInPlainWordsAndKeepsNoIntent() {
        InvalidPhoneNumberException refused = assertThrows(InvalidPhoneNumberException.class,
                () -> desk.start(WANJIRU, CountingHost.HOME, PhoneNumber.parse("0733123456"), ALICE));
        assertEquals("0733 123 456 is not a Safaricom M-Pesa number: STK Push only reaches Safaricom lines.",
                refused.getMessage());
        assertEquals(0, desk.list(WANJIRU, null, 10).size());
    }

    @Test
    void aProviderFailingInsideLeavesThePromptPossiblyOnThePhoneSoTheRenewalWaits() {
        providerDown = true; // the push service cannot tell whether the prompt went out: it keeps waiting
        Renewal renewal = start();
        assertEquals(RenewalState.PENDING, now(renewal).state());
        callback(renewal, paid(renewal, "UCQ5UAQ420")); // and indeed it had
        assertEquals(RenewalState.APPLIED, desk.evaluate(renewal.id()).orElseThrow().state());
    }

    @Test
    void aPushThatNeverWentOutIsNotPaidOnceItsGraceIsOver() {
        RenewalDesk failing = new RenewalDesk(new RenewalStore(dataSource), new NeverSends(pushes),
                () -> Optional.of(host), renewalEvents::add, clock, settings, "node-f");
        Renewal renewal = failing.start(WANJIRU, CountingHost.HOME, PHONE, ALICE);
        assertEquals(RenewalState.PENDING, renewal.state(), "the push may still be on its way");

        clock.advance(settings.notSentAfter().plusSeconds(1));
        failing.sweep();
        Renewal after = now(renewal);
        assertEquals(RenewalState.NOT_PAID, after.state());
        assertEquals("Not renewed: the payment prompt was not sent.", after.message());
        assertEquals(0, host.total.get());
    }

    // ---- the host failing ---------------------------------------------------------------------------------------

    @Test
    void aFailingHostIsRetriedWithBackOffThenTheRenewalApplies() {
        host.failuresToCome.set(2);
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ417"));

        Renewal first = desk.evaluate(renewal.id()).orElseThrow();
        assertEquals(RenewalState.PENDING, first.state());
        assertEquals(1, first.attempts());
        assertEquals(clock.instant().plus(Duration.ofSeconds(5)), first.nextAttemptAt());
        assertTrue(first.message().startsWith("Paid, but the billing system has not renewed"), first.message());
        assertNotNull(push(renewal).paymentId(), "the payment stays recorded");
        assertEquals(WANJIRU, pushes.findPayment(push(renewal).paymentId()).orElseThrow().subscriberId());

        desk.sweep(); // not due yet
        assertEquals(1, host.total.get());

        clock.advance(Duration.ofSeconds(5));
        desk.sweep();
        Renewal second = now(renewal);
        assertEquals(2, second.attempts());
        assertEquals(clock.instant().plus(Duration.ofSeconds(10)), second.nextAttemptAt(), "doubled");

        clock.advance(Duration.ofSeconds(10));
        desk.sweep();
        assertEquals(RenewalState.APPLIED, now(renewal).state());
        assertEquals(3, host.total.get());
    }

    @Test
    void aHostThatKeepsRefusingFailsTheRenewalForAnOperatorWhoCanTryAgain() {
        host.refusal = "There is no plan 'home-10'.";
        Renewal renewal = start();
        callback(renewal, paid(renewal, "UCQ5UAQ418"));
        desk.evaluate(renewal.id());
        for (int i = 0; i < settings.attempts(); i++) {
            clock.advance(settings.maxRetry());
            desk.sweep();
        }
        Renewal failed = now(renewal);
        assertEquals(RenewalState.FAILED, failed.state());
        assertEquals(settings.attempts(), host.total.get());
        assertNull(failed.nextAttemptAt());
        assertTrue(failed.message().contains("There is no plan 'home-10'."), failed.message());
        assertEquals(1, desk.list(null, RenewalState.FAILED, 10).size());

        host.refusal = null;
        Renewal retried = desk.retry(renewal.id(), ALICE);
        assertEquals(RenewalState.APPLIED, retried.state());
        assertEquals(settings.attempts() + 1, host.total.get());
        assertEquals(409, assertThrows(RenewalRefused.class, () -> desk.retry(renewal.id(), ALICE)).status());
    }

    @Test
    void withoutTheHostsServiceARenewalWaitsAndAppliesWhenItComesBack() {
        Optional<io.stkpush.host.RenewalService>[] current = new Optional[] {Optional.empty()};
        RenewalDesk hostless = new RenewalDesk(new RenewalStore(dataSource), pushes, () -> current[0],
                renewalEvents::add, clock, settings, "node-h");
        Renewal renewal = hostless.start(WANJIRU, CountingHost.HOME, PHONE, ALICE);
        callback(renewal, paid(renewal, "UCQ5UAQ419"));
        Renewal waiting = hostless.evaluate(renewal.id()).orElseThrow();
        assertEquals(RenewalState.PENDING, waiting.state());
        assertTrue(waiting.message().contains("not running"), waiting.message());

        current[0] = Optional.of(host);
        clock.advance(settings.firstRetry());
        hostless.sweep();
        assertEquals(RenewalState.APPLIED, now(renewal).state());
        assertEquals(1, host.total.get());
    }

    @Test
    void backOffDoublesUpToTheLongestWait() {
        assertEquals(Duration.ofSeconds(5), settings.retryAfter(1));
        assertEquals(Duration.ofSeconds(10), settings.retryAfter(2));
        assertEquals(Duration.ofSeconds(160), settings.retryAfter(6));
        assertEquals(Duration.ofMinutes(5), settings.retryAfter(7));
        assertEquals(Duration.ofMinutes(5), settings.retryAfter(30));
    }

    private void awaitCalls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (host.total.get() < n) {
            assertTrue(System.nanoTime() < deadline, "the host was not called");
            Thread.onSpinWait();
        }
    }

    static PushRequest request(SubscriberId subscriber) {
        return new PushRequest(subscriber, PHONE, Kes.of(1500), ALICE, null);
    }
}
