package io.stkpush.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.MutableClock;

/** The operator's guide, outcome by outcome, on the real ledger with a scripted provider. */
class PushDeskTest {

    private static final SubscriberId WANJIRU = new SubscriberId("sub-1");
    private static final PhoneNumber PHONE = PhoneNumber.parse("0712345678");
    private static final OperatorName ALICE = new OperatorName("alice");
    private static final CallbackUrls CALLBACK_URLS = id -> URI.create("/hooks/daraja/stk/" + id + "/tok-" + id);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final ScriptedProvider provider = new ScriptedProvider();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final PaymentEventFanOut events = new PaymentEventFanOut();
    private PaymentLedger ledger;
    private RecordingListener listener;
    private PushDesk desk;

    @BeforeEach
    void setUp() {
        ledger = TestLedgers.ledger(TestLedgers.migratedH2(), clock);
        listener = new RecordingListener(ledger);
        events.add(listener);
        directory.add("sub-1", "Wanjiru Kamau", "ACC1001");
        desk = desk(Optional.of(directory));
    }

    private PushDesk desk(Optional<SubscriberDirectory> subscribers) {
        return new PushDesk(ledger, () -> provider, CALLBACK_URLS, () -> subscribers, events, clock,
                PushSettings.DEFAULTS);
    }

    private Push send() {
        return desk.initiate(new PushRequest(WANJIRU, PHONE, Kes.of(1500), ALICE, null));
    }

    private static Settlement paid(Push push, String receipt, Instant at) {
        return new Settlement(push.id(), Outcome.SUCCEEDED, "0", "The service request is processed successfully.",
                new PaidDetails(receipt == null ? null : new Receipt(receipt), push.amount(), PHONE.msisdn(), at,
                        PaymentSource.STK));
    }

    private List<Payment> payments() {
        return desk.payments(PaymentQuery.all());
    }

    // ---- sending -----------------------------------------------------------------------------------------

    @Test
    void anAcceptedPromptIsWaitingWithItsCheckoutIdAndFirstPollIn8Seconds() {
        Push push = send();

        assertEquals(PushStatus.WAITING, push.status());
        assertEquals("ws_CO_1", push.checkoutRequestId().value());
        assertEquals("mr-1", push.merchantRequestId().value());
        assertEquals(clock.instant().plusSeconds(8), push.nextPollAt());
        assertEquals(clock.instant().plusSeconds(96), push.waitUntil());
        assertEquals(List.of(PushStatus.SENDING, PushStatus.WAITING),
                listener.events(PaymentEvent.Type.PUSH_STATUS_CHANGED).stream().map(PaymentEvent::status).toList());
    }

    @Test
    void numberNotRegisteredForMpesaShowsPaymentFailedWithThatMessage() {
        provider.refuseNext(new ProviderException(Kind.REJECTED, "400.002.02", "Number not registered for M-Pesa",
                null));

        Push push = send();

        assertEquals(PushStatus.FAILED, push.status());
        assertEquals("Number not registered for M-Pesa", push.message());
        assertEquals("400.002.02", push.resultCode());
        assertNull(push.nextPollAt());
        assertEquals(PushStatus.FAILED, listener.events().get(listener.events().size() - 1).status());
        // nothing reached the phone: the operator may correct and retry at once
        assertEquals(PushStatus.WAITING, send().status());
    }

    @Test
    void mpesaBusyShowsPaymentFailedWithTheBusyMessage() {
        provider.refuseNext(new ProviderException(Kind.BUSY, "500.003.02",
                "M-Pesa is busy. Try again in a few minutes.", null));

        Push push = send();

        assertEquals(PushStatus.FAILED, push.status());
        assertEquals("M-Pesa is busy. Try again in a few minutes.", push.message());
    }

    @Test
    void aLostAnswerKeepsWaitingNeverFailsAndTheCallbackSettlesIt() {
        provider.refuseNext(new ProviderException(Kind.UNKNOWN, null,
                "No answer from M-Pesa in time; the prompt may be on the phone.", null));

        Push push = send();

        assertEquals(PushStatus.WAITING, push.status());
        assertNull(push.checkoutRequestId());
        assertEquals("No answer from M-Pesa in time; the prompt may be on the phone.", push.message());
        assertThrows(PromptAlreadyOpenException.class, this::send, "the phone may show the prompt: still open");

        SettleResult result = desk.settle(paid(push, "UCQ5UAQ403", clock.instant()));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(WANJIRU, result.payment().subscriberId());
    }

    @Test
    void aProviderThatBreaksCountsAsALostAnswerNotAFailure() {
        provider.refuseNext(new IllegalStateException("connection reset"));

        Push push = send();

        assertEquals(PushStatus.WAITING, push.status());
        assertEquals(PushDesk.ANSWER_LOST, push.message());
        assertNull(push.outcome());
    }

    @Test
    void aSecondPromptToTheSamePhoneIsRefusedWhileTheFirstIsOpen() {
        Push first = send();

        PromptAlreadyOpenException refused = assertThrows(PromptAlreadyOpenException.class, this::send);

        assertEquals(first.id(), refused.openPush());
        assertEquals(1, provider.sent.size(), "nothing more reached M-Pesa");
    }

    @Test
    void theCallbackUrlSentIsTheOneCallbackUrlsGave() {
        Push push = send();

        assertEquals(CALLBACK_URLS.stkCallback(push.id()), provider.last().callbackUrl());
        assertEquals(push.id(), provider.last().pushId());
        assertEquals("Internet", provider.last().description());
    }

    @Test
    void theAccountReferenceIsTheSubscribersAccountCutTo12Characters() {
        assertEquals("ACC1001", sentAccountReference(desk, "sub-1"));

        directory.add("sub-2", "Otieno Odhiambo", "  KIS-2026-000123456 ");
        String cut = sentAccountReference(desk, "sub-2");
        assertEquals("KIS-2026-000", cut);
        assertTrue(cut.length() <= 12);

        PushDesk withFallback = desk(Optional.of(directory));
        withFallback.settings(new PushSettings(Duration.ofSeconds(96), Duration.ofSeconds(8), "Fibre Internet",
                "Internet"));
        assertEquals("Fibre Intern", sentAccountReference(withFallback, "unknown-subscriber"));
        assertNull(sentAccountReference(desk(Optional.empty()), "sub-1"), "the provider's own reference then");
    }

    private String sentAccountReference(PushDesk pushDesk, String subscriber) {
        Push push = pushDesk.initiate(new PushRequest(new SubscriberId(subscriber), PHONE, Kes.of(10), ALICE, null));
        pushDesk.stopWaiting(push.id(), ALICE); // frees the phone for the next case
        return provider.last().accountReference();
    }

    // ---- the operator's wait and late payments ----------------------------------------------------------

    @Test
    void stopWaitingThenALateSuccessIsUnredeemedForTheIntendedSubscriberUntilLinked() {
        Push push = send();

        Push stopped = desk.stopWaiting(push.id(), ALICE);
        assertEquals(PushStatus.STOPPED, stopped.status());
        assertEquals(PushStatus.STOPPED, listener.events().get(listener.events().size() - 1).status());

        clock.advance(Duration.ofMinutes(3));
        SettleResult late = desk.settle(paid(push, "UCQ5UAQ403", clock.instant()));

        assertEquals(PushStatus.STOPPED, late.push().status(), "the operator already saw STOPPED");
        Payment unredeemed = late.payment();
        assertTrue(unredeemed.isUnredeemed());
        assertEquals("late_payment", unredeemed.unredeemedReason());
        assertEquals(WANJIRU, unredeemed.intendedSubscriberId());
        assertEquals(push.id(), unredeemed.pushId());
        assertEquals(List.of(unredeemed.id()), desk.payments(PaymentQuery.unredeemed()).stream()
                .map(Payment::id).toList());

        clock.advance(Duration.ofMinutes(10));
        Payment linked = desk.linkPayment(unredeemed.id(), WANJIRU, new OperatorName("bob"));

        assertEquals(WANJIRU, linked.subscriberId());
        assertEquals(new OperatorName("bob"), linked.linkedBy());
        assertEquals(clock.instant(), linked.linkedAt());
        assertTrue(desk.payments(PaymentQuery.unredeemed()).isEmpty());
        PaymentEvent linkedEvent = listener.events(PaymentEvent.Type.PAYMENT_LINKED).get(0);
        assertEquals(unredeemed.id(), linkedEvent.paymentId());
        assertEquals(push.id(), linkedEvent.pushId());
    }

    @Test
    void stopWaitingTwicePublishesOnce() {
        Push push = send();
        desk.stopWaiting(push.id(), ALICE);
        int heard = listener.events().size();

        desk.stopWaiting(push.id(), ALICE);

        assertEquals(heard, listener.events().size());
    }

    @Test
    void theWaitingWindowEndingShowsTimeoutOnceAndAPaymentAfterIsUnredeemed() {
        Push push = send();
        clock.advance(Duration.ofSeconds(96));

        assertEquals(PushStatus.TIMEOUT, desk.endWaitingWindow(push.id()).status());
        assertEquals(PushStatus.TIMEOUT, desk.endWaitingWindow(push.id()).status());
        assertEquals(1, listener.events().stream().filter(e -> e.status() == PushStatus.TIMEOUT).count());

        SettleResult late = desk.settle(paid(push, "UCQ5UAQ404", clock.instant()));
        assertEquals(PushStatus.TIMEOUT, late.push().status());
        assertEquals("late_payment", late.payment().unredeemedReason());
    }

    // ---- answers -----------------------------------------------------------------------------------------

    @Test
    void aSuccessWhileWaitingIsConfirmedWithThePaymentLinked() {
        Push push = send();

        SettleResult result = desk.settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(WANJIRU, result.payment().subscriberId());
        assertEquals(new Receipt("NLJ7RT61SV"), result.push().receipt());
        PaymentEvent recorded = listener.events(PaymentEvent.Type.PAYMENT_RECORDED).get(0);
        assertEquals(result.payment().id(), recorded.paymentId());
    }

    @Test
    void settlingTwiceRecordsOnePaymentAndTheSecondIsADuplicate() {
        Push push = send();
        Settlement success = paid(push, "NLJ7RT61SV", clock.instant());

        SettleResult first = desk.settle(success);
        SettleResult second = desk.settle(success);

        assertEquals(SettleResult.Kind.SETTLED, first.kind());
        assertEquals(SettleResult.Kind.DUPLICATE, second.kind());
        assertEquals(first.payment().id(), second.payment().id());
        assertEquals(1, payments().size());
        assertEquals(1, listener.events(PaymentEvent.Type.PAYMENT_RECORDED).size());
    }

    @Test
    void aContradictingAnswerIsRefusedAndTheSuccessStands() {
        Push push = send();
        desk.settle(paid(push, "NLJ7RT61SV", clock.instant()));
        int heard = listener.events().size();

        SettleResult cancelled = desk.settle(new Settlement(push.id(), Outcome.CANCELLED, "1032",
                "Request cancelled by user", null));

        assertEquals(SettleResult.Kind.CONFLICT, cancelled.kind());
        assertEquals(PushStatus.CONFIRMED, cancelled.push().status());
        assertEquals(heard, listener.events().size());
    }

    @Test
    void aPaidReceiptAfterAFailureIsHeldUnredeemedAndAnnounced() {
        Push push = send();
        desk.settle(new Settlement(push.id(), Outcome.FAILED, "2001", "Wrong M-Pesa PIN entered.", null));

        SettleResult late = desk.settle(paid(push, "NLJ7RT61SV", clock.instant()));
        SettleResult repeated = desk.settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertEquals(PushStatus.FAILED, late.push().status());
        assertEquals("outcome_conflict", late.payment().unredeemedReason());
        assertEquals(List.of(late.payment()), payments());
        assertEquals(late.payment(), repeated.payment());
        assertEquals(1, listener.events(PaymentEvent.Type.PAYMENT_RECORDED).size(), "announced once");
    }

    @Test
    void subscriberCancelsShowsCancelled() {
        Push push = send();

        SettleResult result = desk.settle(new Settlement(push.id(), Outcome.CANCELLED, "1032",
                "The subscriber cancelled the payment on the phone.", null));

        assertEquals(PushStatus.CANCELLED, result.push().status());
        assertNull(result.payment());
        assertTrue(payments().isEmpty());
    }

    // ---- events ------------------------------------------------------------------------------------------

    @Test
    void eventsArePublishedAfterTheChangeIsCommitted() {
        Push push = send();
        desk.settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertFalse(listener.heard.isEmpty());
        for (RecordingListener.Heard heard : listener.heard) {
            assertEquals(heard.event().status(), heard.statusInLedger(), "seen in the ledger: " + heard.event());
            if (heard.event().paymentId() != null) {
                assertTrue(heard.paymentInLedger(), "payment committed before " + heard.event());
            }
        }
    }

    @Test
    void aListenerThatThrowsBreaksNothing() {
        PaymentEventFanOut fanOut = new PaymentEventFanOut();
        RecordingListener after = new RecordingListener(ledger);
        fanOut.add(event -> {
            throw new IllegalStateException("websocket gone");
        });
        fanOut.add(after);
        PushDesk withBadListener = new PushDesk(ledger, () -> provider, CALLBACK_URLS, () -> Optional.of(directory),
                fanOut, clock, PushSettings.DEFAULTS);

        Push push = withBadListener.initiate(new PushRequest(WANJIRU, PHONE, Kes.of(1500), ALICE, null));
        SettleResult result = withBadListener.settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(List.of(PaymentEvent.Type.PUSH_STATUS_CHANGED, PaymentEvent.Type.PUSH_STATUS_CHANGED,
                PaymentEvent.Type.PUSH_STATUS_CHANGED, PaymentEvent.Type.PAYMENT_RECORDED),
                after.events().stream().map(PaymentEvent::type).toList());
    }

    // ---- C2B ---------------------------------------------------------------------------------------------

    @Test
    void aC2bConfirmationOfAKnownReceiptIsADuplicate() {
        Push push = send();
        Payment stk = desk.settle(paid(push, "NLJ7RT61SV", clock.instant())).payment();
        int heard = listener.events().size();

        RecordedPayment c2b = desk.recordC2bPayment(new C2bPayment(new Receipt("NLJ7RT61SV"), Kes.of(1500),
                "2547 ***** 678", clock.instant(), "ACC1001"));

        assertTrue(c2b.duplicate());
        assertEquals(stk.id(), c2b.payment().id());
        assertEquals(1, payments().size());
        assertEquals(heard, listener.events().size());
    }

    @Test
    void aC2bPaymentToAKnownAccountIsLinkedWhateverTheCaseAndSpaces() {
        RecordedPayment c2b = desk.recordC2bPayment(new C2bPayment(new Receipt("UCQ5UAQ405"), Kes.of(2000),
                "2547 ***** 678", clock.instant(), "  acc1001 "));

        assertFalse(c2b.duplicate());
        assertEquals(WANJIRU, c2b.payment().subscriberId());
        assertEquals(PaymentSource.C2B, c2b.payment().source());
        assertEquals("acc1001", c2b.payment().accountReference());
        assertNull(c2b.payment().unredeemedReason());
        PaymentEvent recorded = listener.events(PaymentEvent.Type.PAYMENT_RECORDED).get(0);
        assertEquals(c2b.payment().id(), recorded.paymentId());
        assertNull(recorded.pushId());
    }

    @Test
    void aC2bPaymentToAnUnknownAccountIsUnredeemedWithTheAccountKept() {
        RecordedPayment c2b = desk.recordC2bPayment(new C2bPayment(new Receipt("UCQ5UAQ406"), Kes.of(2000), null,
                clock.instant(), "ACC9999"));

        assertTrue(c2b.payment().isUnredeemed());
        assertEquals("unknown_account", c2b.payment().unredeemedReason());
        assertEquals("ACC9999", c2b.payment().accountReference());
        assertNotNull(listener.events(PaymentEvent.Type.PAYMENT_RECORDED).get(0));
    }

    @Test
    void aC2bPaymentWithoutADirectoryIsUnredeemed() {
        RecordedPayment c2b = desk(Optional.empty()).recordC2bPayment(new C2bPayment(new Receipt("UCQ5UAQ407"),
                Kes.of(2000), null, clock.instant(), "ACC1001"));

        assertEquals("unknown_account", c2b.payment().unredeemedReason());
    }

    @Test
    void theSameC2bConfirmationTwiceIsOnePayment() {
        C2bPayment payment = new C2bPayment(new Receipt("UCQ5UAQ408"), Kes.of(2000), null, clock.instant(),
                "ACC1001");

        RecordedPayment first = desk.recordC2bPayment(payment);
        RecordedPayment second = desk.recordC2bPayment(payment);

        assertFalse(first.duplicate());
        assertTrue(second.duplicate());
        assertEquals(first.payment().id(), second.payment().id());
        assertEquals(1, payments().size());
    }

    @Test
    void moneyReportedForAnUnknownPushIsHeldUnredeemedOnceAndAnnounced() {
        PaidDetails paid = new PaidDetails(new Receipt("UCQ5UAQ409"), Kes.of(1500), "254708374149", clock.instant(),
                PaymentSource.STK);

        RecordedPayment first = desk.recordUnknownPushPayment(PushId.random(), paid);
        RecordedPayment again = desk.recordUnknownPushPayment(PushId.random(), paid);

        assertFalse(first.duplicate());
        assertTrue(first.payment().isUnredeemed());
        assertEquals("unknown_push", first.payment().unredeemedReason());
        assertEquals(Kes.of(1500), first.payment().amount());
        assertEquals(PaymentSource.STK, first.payment().source());
        assertTrue(again.duplicate());
        assertEquals(1, payments().size());
        assertEquals(1, listener.events(PaymentEvent.Type.PAYMENT_RECORDED).size());
    }
}
