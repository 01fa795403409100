package io.stkpush.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
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
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.text.OperatorText;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.MutableClock;

/**
 * The operator's guide, outcome by outcome, on the real ledger with a scripted provider: the front desk sends and
 * stops waiting, the answer desk applies the provider's answers and marks the journal.
 */
class PushDesksTest {

    private static final SubscriberId WANJIRU = new SubscriberId("sub-1");
    private static final PhoneNumber PHONE = PhoneNumber.parse("0712345678");
    private static final OperatorName ALICE = new OperatorName("alice");
    private static final CallbackUrls CALLBACK_URLS = TestPushServices.CALLBACK_URLS;
    private static final OperatorText WORDS = OperatorText.english();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final ScriptedProvider provider = new ScriptedProvider();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final PaymentEventFanOut events = new PaymentEventFanOut();
    private JdbcLedger ledger;
    private RecordingListener listener;
    private CollectionDesk desk;
    private SettlementDesk answers;

    @BeforeEach
    void setUp() {
        ledger = TestLedgers.ledger(TestLedgers.migratedH2(), clock);
        listener = new RecordingListener(ledger);
        events.add(listener);
        directory.add("sub-1", "Wanjiru Kamau", "ACC1001");
        desk = desk(Optional.of(directory), events);
        answers = answers(Optional.of(directory), ledger, events);
    }

    private CollectionDesk desk(Optional<SubscriberDirectory> subscribers, PaymentEventFanOut listeners) {
        return new CollectionDesk(ledger, () -> provider, CALLBACK_URLS, TestPushServices.SCHEDULE,
                () -> subscribers, new PaymentEventPublisher(listeners, clock), clock, PushSettings.DEFAULTS);
    }

    private SettlementDesk answers(Optional<SubscriberDirectory> subscribers, ProviderJournal journal,
            PaymentEventFanOut listeners) {
        return new SettlementDesk(ledger, journal, () -> subscribers, new PaymentEventPublisher(listeners, clock));
    }

    private Push send() {
        return desk.initiate(new PushRequest(WANJIRU, PHONE, Kes.of(1500), ALICE, null));
    }

    private static Settlement paid(Push push, String receipt, Instant at) {
        return paid(push, receipt, push.amount(), at);
    }

    private static Settlement paid(Push push, String receipt, Kes amount, Instant at) {
        return new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0",
                "The service request is processed successfully.", new PaidDetails(receipt == null ? null
                        : new Receipt(receipt), amount, PHONE.msisdn(), at, PaymentSource.STK));
    }

    private static Settlement cancelled(Push push) {
        return new Settlement(push.id(), Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032",
                "Request cancelled by user", null);
    }

    /** An STK callback carrying the settlement: journaled, then settled, as the callback resource does. */
    private SettleResult settle(Settlement settlement) {
        return answers.settle(callback(settlement.pushId()), settlement);
    }

    private JournaledMessage callback(PushId pushId) {
        return answers.journal(new ProviderEvent(Channel.STK_CALLBACK, pushId, "196.201.214.200", "{}"));
    }

    private RecordedPayment c2b(C2bPayment payment) {
        return answers.recordC2bPayment(confirmation(), payment);
    }

    private JournaledMessage confirmation() {
        return answers.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, "196.201.214.200", "{}"));
    }

    private JournalEntry journalEntry(JournaledMessage message) {
        return ledger.recentJournal(100).stream().filter(e -> e.id() == message.id()).findFirst().orElseThrow();
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
        assertEquals(List.of(WORDS.status(PushStatus.SENDING), WORDS.status(PushStatus.WAITING)),
                listener.events(PaymentEvent.Type.PUSH_STATUS_CHANGED).stream().map(PaymentEvent::message).toList(),
                "an event speaks the operator's words");
    }

    @Test
    void numberNotRegisteredForMpesaShowsPaymentFailedWithThatMessage() {
        provider.refuseNext(new ProviderException(Kind.REJECTED, PushReason.NOT_REGISTERED, "400.002.02",
                "Bad Request - Invalid PhoneNumber", null));

        Push push = send();

        assertEquals(PushStatus.FAILED, push.status());
        assertEquals("Number not registered for M-Pesa", WORDS.push(push));
        assertEquals(PushReason.NOT_REGISTERED, push.reason());
        assertEquals("400.002.02", push.resultCode());
        assertEquals("Bad Request - Invalid PhoneNumber", push.providerText(), "the provider's words kept as data");
        assertNull(push.nextPollAt());
        PaymentEvent failed = listener.events().get(listener.events().size() - 1);
        assertEquals(PushStatus.FAILED, failed.status());
        assertEquals("Number not registered for M-Pesa", failed.message());
        // nothing reached the phone: the operator may correct and retry at once
        assertEquals(PushStatus.WAITING, send().status());
    }

    @Test
    void mpesaBusyShowsPaymentFailedWithTheBusyMessage() {
        provider.refuseNext(new ProviderException(Kind.BUSY, PushReason.PROVIDER_BUSY, "500.003.02",
                "System is busy. Please try again in few minutes.", null));

        Push push = send();

        assertEquals(PushStatus.FAILED, push.status());
        assertEquals("M-Pesa is busy. Try again in a few minutes.", WORDS.push(push));
    }

    @Test
    void aPromptThatCannotBePreparedFailsWithNothingSent() {
        CollectionDesk broken = new CollectionDesk(ledger, () -> provider, id -> {
            throw new IllegalStateException("no callback address configured");
        }, TestPushServices.SCHEDULE, Optional::empty, new PaymentEventPublisher(events, clock), clock,
                PushSettings.DEFAULTS);

        Push push = broken.initiate(new PushRequest(WANJIRU, PHONE, Kes.of(1500), ALICE, null));

        assertEquals(PushStatus.FAILED, push.status());
        assertEquals(PushReason.NOT_PREPARED, push.reason());
        assertEquals("The payment request could not be prepared; nothing was sent to the phone.", WORDS.push(push));
        assertTrue(provider.sent.isEmpty());
    }

    @Test
    void aLostAnswerKeepsWaitingNeverFailsAndTheCallbackSettlesIt() {
        provider.refuseNext(new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, null,
                "No answer from M-Pesa in time; the prompt may be on the phone.", null));

        Push push = send();

        assertEquals(PushStatus.WAITING, push.status());
        assertNull(push.checkoutRequestId());
        assertEquals(PushReason.ANSWER_LOST, push.reason());
        assertEquals("No answer from M-Pesa in time; the prompt may be on the phone.", push.providerText());
        assertEquals("No answer from M-Pesa; the prompt may still reach the phone.", WORDS.push(push));
        assertThrows(PromptAlreadyOpenException.class, this::send, "the phone may show the prompt: still open");

        SettleResult result = settle(paid(push, "UCQ5UAQ403", clock.instant()));

        assertEquals(SettleResult.Kind.SETTLED, result.kind());
        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(WANJIRU, result.payment().subscriberId());
    }

    @Test
    void aLostAnswerWhoseWindowEndsIsAnnouncedAsLeftForReview() {
        provider.refuseNext(new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, null, "lost", null));
        Push push = send();

        answers.endWaitingWindow(push.id());

        List<PaymentEvent> review = listener.events(PaymentEvent.Type.PUSH_NEEDS_REVIEW);
        assertEquals(1, review.size());
        assertEquals(push.id(), review.get(0).pushId());
        assertEquals(WANJIRU, review.get(0).subscriberId());
        assertEquals(PushStatus.TIMEOUT, review.get(0).status());
    }

    @Test
    void aProviderThatBreaksCountsAsALostAnswerNotAFailure() {
        provider.refuseNext(new IllegalStateException("connection reset"));

        Push push = send();

        assertEquals(PushStatus.WAITING, push.status());
        assertEquals(PushReason.ANSWER_LOST, push.reason());
        assertNull(push.providerText(), "a failure inside the provider is not the provider's words");
        assertEquals("No answer from M-Pesa; the prompt may still reach the phone.", WORDS.push(push));
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
    void anotherNetworksNumberIsRefusedInPlainWordsBeforeAnythingIsRecordedOrSent() {
        PushId id = PushId.random();
        InvalidPhoneNumberException refused = assertThrows(InvalidPhoneNumberException.class,
                () -> desk.initiate(id, new PushRequest(WANJIRU, PhoneNumber.parse("0100123456"), Kes.of(1500), ALICE,
                        null)));

        assertEquals("0100 123 456 is not a Safaricom M-Pesa number: STK Push only reaches Safaricom lines.",
                refused.getMessage());
        assertEquals(0, provider.sent.size(), "nothing reached M-Pesa");
        assertEquals(Optional.empty(), ledger.findPush(id), "nothing recorded");
        assertTrue(listener.events().isEmpty(), "nothing announced");
    }

    @Test
    void airtelTelkomAndTheSmallerNetworksAreRefused() {
        for (String other : List.of("0733123456", "0750123456", "0756123456", "0762123456", "0770123456",
                "0785123456", "0744123456", "0747123456", "0763123456", "0767123456", "0101123456", "0106123456",
                "0120123456", "0130123456")) {
            PhoneNumber phone = PhoneNumber.parse(other);
            assertThrows(InvalidPhoneNumberException.class,
                    () -> desk.initiate(new PushRequest(WANJIRU, phone, Kes.of(10), ALICE, null)), other);
        }
        assertEquals(0, provider.sent.size());
    }

    @Test
    void everySafaricomRangeIsSent() {
        List<String> safaricom = List.of("0700123456", "0712345678", "0729123456", "0740123456", "0743123456",
                "0745123456", "0746123456", "0748123456", "0749123456", "0757123456", "0759123456", "0768123456",
                "0769123456", "0790123456", "0799123456", "0110123456", "0112345678", "0115123456",
                "+254 722 000 111", "254111000222");
        for (String number : safaricom) {
            Push push = desk.initiate(new PushRequest(WANJIRU, PhoneNumber.parse(number), Kes.of(10), ALICE, null));
            assertEquals(PushStatus.WAITING, push.status(), number);
        }
        assertEquals(safaricom.size(), provider.sent.size());
    }

    @Test
    void anEmptyPrefixListSendsAnyNumber() {
        desk.settings(new PushSettings(null, "Internet", List.of()));

        Push push = desk.initiate(new PushRequest(WANJIRU, PhoneNumber.parse("0100123456"), Kes.of(10), ALICE, null));

        assertEquals(PushStatus.WAITING, push.status());
        assertEquals("254100123456", provider.last().phone().msisdn());
    }

    @Test
    void aRangeSafaricomOpensIsAddedByConfiguration() {
        PhoneNumber newRange = PhoneNumber.parse("0116123456");
        assertThrows(InvalidPhoneNumberException.class,
                () -> desk.initiate(new PushRequest(WANJIRU, newRange, Kes.of(10), ALICE, null)));

        List<String> more = new ArrayList<>(PushSettings.DEFAULTS.safaricomPrefixes());
        more.add("116");
        desk.settings(new PushSettings(null, "Internet", more));

        assertEquals(PushStatus.WAITING,
                desk.initiate(new PushRequest(WANJIRU, newRange, Kes.of(10), ALICE, null)).status());
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

        CollectionDesk withFallback = desk(Optional.of(directory), events);
        withFallback.settings(new PushSettings("Fibre Internet", "Internet", PushSettings.DEFAULTS.safaricomPrefixes()));
        assertEquals("Fibre Intern", sentAccountReference(withFallback, "unknown-subscriber"));
        assertNull(sentAccountReference(desk(Optional.empty(), events), "sub-1"), "the provider's own reference then");
    }

    private String sentAccountReference(CollectionDesk pushDesk, String subscriber) {
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
        PaymentEvent stoppedEvent = listener.events().get(listener.events().size() - 1);
        assertEquals(PushStatus.STOPPED, stoppedEvent.status());
        assertEquals(WORDS.status(PushStatus.STOPPED), stoppedEvent.message());

        clock.advance(Duration.ofMinutes(3));
        SettleResult late = settle(paid(push, "UCQ5UAQ403", clock.instant()));

        assertEquals(PushStatus.STOPPED, late.push().status(), "the operator already saw STOPPED");
        Payment unredeemed = late.payment();
        assertTrue(unredeemed.isUnredeemed());
        assertEquals(UnredeemedReason.LATE_PAYMENT, unredeemed.unredeemedReason());
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
        assertEquals("Payment linked to subscriber sub-1 by bob.", linkedEvent.message());
    }

    @Test
    void stopWaitingTwicePublishesOnce() {
        Push push = send();
        desk.stopWaiting(push.id(), ALICE);
        int heard = listener.events().size();

        Push again = desk.stopWaiting(push.id(), ALICE);

        assertEquals(PushStatus.STOPPED, again.status());
        assertEquals(heard, listener.events().size());
        assertEquals(1, stoppedEvents(push));
    }

    @Test
    void twoOperatorsStoppingAtOnceAnnounceItOnce() throws Exception {
        ExecutorService operators = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Push push = send();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Push>> stops = List.of(
                        operators.submit(() -> stopTogether(together, push, ALICE)),
                        operators.submit(() -> stopTogether(together, push, new OperatorName("bob"))));

                for (Future<Push> stop : stops) {
                    assertEquals(PushStatus.STOPPED, stop.get(10, TimeUnit.SECONDS).status());
                }
                assertEquals(1, stoppedEvents(push), "round " + round);
            }
        } finally {
            operators.shutdownNow();
        }
    }

    private Push stopTogether(CyclicBarrier together, Push push, OperatorName operator) throws Exception {
        together.await(10, TimeUnit.SECONDS);
        return desk.stopWaiting(push.id(), operator);
    }

    private long stoppedEvents(Push push) {
        return listener.events(PaymentEvent.Type.PUSH_STATUS_CHANGED).stream()
                .filter(e -> push.id().equals(e.pushId()) && e.status() == PushStatus.STOPPED).count();
    }

    @Test
    void theWaitingWindowEndingShowsTimeoutOnceAndAPaymentAfterIsUnredeemed() {
        Push push = send();
        clock.advance(Duration.ofSeconds(96));

        PushChange ended = answers.endWaitingWindow(push.id());
        PushChange again = answers.endWaitingWindow(push.id());

        assertEquals(PushStatus.TIMEOUT, ended.push().status());
        assertTrue(ended.changed());
        assertEquals(PushStatus.TIMEOUT, again.push().status());
        assertFalse(again.changed());
        List<PaymentEvent> timeouts = listener.events().stream().filter(e -> e.status() == PushStatus.TIMEOUT)
                .toList();
        assertEquals(1, timeouts.size());
        assertEquals("No response received within 96 seconds.", timeouts.get(0).message());

        SettleResult late = settle(paid(push, "UCQ5UAQ404", clock.instant()));
        assertEquals(PushStatus.TIMEOUT, late.push().status());
        assertEquals(UnredeemedReason.LATE_PAYMENT, late.payment().unredeemedReason());
    }

    // ---- answers -----------------------------------------------------------------------------------------

    @Test
    void aSuccessWhileWaitingIsConfirmedWithThePaymentLinked() {
        Push push = send();

        SettleResult result = settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(WANJIRU, result.payment().subscriberId());
        assertEquals(new Receipt("NLJ7RT61SV"), result.push().receipt());
        PaymentEvent recorded = listener.events(PaymentEvent.Type.PAYMENT_RECORDED).get(0);
        assertEquals(result.payment().id(), recorded.paymentId());
        assertEquals("Payment of KES 1500 recorded.", recorded.message());
    }

    @Test
    void settlingTwiceRecordsOnePaymentAndTheSecondIsADuplicate() {
        Push push = send();
        Settlement success = paid(push, "NLJ7RT61SV", clock.instant());

        SettleResult first = settle(success);
        SettleResult second = settle(success);

        assertEquals(SettleResult.Kind.SETTLED, first.kind());
        assertEquals(SettleResult.Kind.DUPLICATE, second.kind());
        assertEquals(first.payment().id(), second.payment().id());
        assertEquals(1, payments().size());
        assertEquals(1, listener.events(PaymentEvent.Type.PAYMENT_RECORDED).size());
    }

    @Test
    void aContradictingAnswerIsRefusedAndTheSuccessStands() {
        Push push = send();
        settle(paid(push, "NLJ7RT61SV", clock.instant()));
        int heard = listener.events().size();

        SettleResult refused = settle(cancelled(push));

        assertEquals(SettleResult.Kind.CONFLICT, refused.kind());
        assertEquals(PushStatus.CONFIRMED, refused.push().status());
        assertEquals(heard, listener.events().size());
    }

    @Test
    void aPaidReceiptAfterAFailureIsHeldUnredeemedAndAnnounced() {
        Push push = send();
        settle(new Settlement(push.id(), Outcome.FAILED, PushReason.WRONG_PIN, "2001",
                "The initiator information is invalid.", null));

        SettleResult late = settle(paid(push, "NLJ7RT61SV", clock.instant()));
        SettleResult repeated = settle(paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(SettleResult.Kind.CONFLICT, late.kind());
        assertEquals(PushStatus.FAILED, late.push().status());
        assertEquals("Wrong M-Pesa PIN entered.", WORDS.push(late.push()));
        assertEquals(UnredeemedReason.OUTCOME_CONFLICT, late.payment().unredeemedReason());
        assertEquals(List.of(late.payment()), payments());
        assertEquals(late.payment(), repeated.payment());
        List<PaymentEvent> recorded = listener.events(PaymentEvent.Type.UNREDEEMED_PAYMENT_RECORDED);
        assertEquals(1, recorded.size(), "announced once");
        assertEquals("Payment of KES 1500 held under Unredeemed Payments (outcome_conflict).",
                recorded.get(0).message());
    }

    @Test
    void subscriberCancelsShowsCancelled() {
        Push push = send();

        SettleResult result = settle(cancelled(push));

        assertEquals(PushStatus.CANCELLED, result.push().status());
        assertNull(result.payment());
        assertTrue(payments().isEmpty());
    }

    // ---- the journal: each answer is marked with what it did ---------------------------------------------

    @Test
    void aSettlementMarksItsMessageWithWhatItDid() {
        Push push = send();
        JournaledMessage success = callback(push.id());
        JournaledMessage repeat = callback(push.id());
        JournaledMessage contradiction = callback(push.id());

        Payment payment = answers.settle(success, paid(push, "NLJ7RT61SV", clock.instant())).payment();
        answers.settle(repeat, paid(push, "NLJ7RT61SV", clock.instant()));
        answers.settle(contradiction, cancelled(push));

        assertEquals(Disposition.SETTLED, journalEntry(success).disposition());
        assertEquals("SUCCEEDED, payment " + payment.id().value(), journalEntry(success).note());
        assertEquals(Disposition.DUPLICATE, journalEntry(repeat).disposition());
        assertEquals("already SUCCEEDED", journalEntry(repeat).note());
        assertEquals(Disposition.CONFLICT, journalEntry(contradiction).disposition());
        assertEquals("push already SUCCEEDED; this CANCELLED (code 1032) refused", journalEntry(contradiction).note());
    }

    @Test
    void aRefusedSuccessAndAnOutcomeWithoutPaymentAreNotedWithTheirCodes() {
        Push push = send();
        JournaledMessage cancel = callback(push.id());
        JournaledMessage paidAfter = callback(push.id());

        answers.settle(cancel, cancelled(push));
        answers.settle(paidAfter, paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals("CANCELLED (code 1032)", journalEntry(cancel).note());
        assertEquals(Disposition.CONFLICT, journalEntry(paidAfter).disposition());
        assertEquals("push already CANCELLED; this SUCCEEDED (code 0) refused, paid KES 1500 receipt NLJ7RT61SV,"
                + " needs review", journalEntry(paidAfter).note());
    }

    @Test
    void aHeldPaymentIsNotedWithItsReasonAndTheAmountsThatDiffer() {
        Push push = send();
        JournaledMessage message = callback(push.id());
        message.note("TransactionDate missing or unreadable; time of receipt used");

        Payment held = answers.settle(message, paid(push, "NLJ7RT61SV", Kes.of(1000), clock.instant())).payment();

        assertEquals(UnredeemedReason.AMOUNT_MISMATCH, held.unredeemedReason());
        assertEquals("TransactionDate missing or unreadable; time of receipt used; SUCCEEDED, payment "
                + held.id().value() + ", held unredeemed: amount_mismatch (paid KES 1000, asked KES 1500)",
                journalEntry(message).note(), "the notes gathered before go with the mark");
    }

    @Test
    void anAnswerForAnUnknownPushIsLeftForTheCallerToMark() {
        PushId nobody = PushId.random();
        JournaledMessage orphan = callback(nobody);

        assertThrows(UnknownPaymentException.class, () -> answers.settle(orphan, new Settlement(nobody,
                Outcome.CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER, "1032", null, null)));

        assertEquals(Disposition.RECEIVED, journalEntry(orphan).disposition());
        assertNull(journalEntry(orphan).note());
        assertTrue(listener.events().isEmpty());
    }

    @Test
    void aMarkThatFailsLeavesTheEntryReceivedButASettlementMarksInItsOwnTransaction() {
        ProviderJournal cannotMark = new ProviderJournal() {
            @Override
            public long journal(ProviderEvent event) {
                return ledger.journal(event);
            }

            @Override
            public long journal(ProviderEvent event, Disposition disposition, String note) {
                return ledger.journal(event, disposition, note);
            }

            @Override
            public void markJournaled(long journalId, Disposition disposition, String note) {
                throw new IllegalStateException("database went away");
            }

            @Override
            public List<JournalEntry> recentJournal(int limit) {
                return ledger.recentJournal(limit);
            }
        };
        SettlementDesk marksNothing = answers(Optional.of(directory), cannotMark, events);
        Push push = send();
        JournaledMessage message = marksNothing.journal(new ProviderEvent(Channel.STK_CALLBACK, push.id(), null,
                "{}"));

        marksNothing.mark(message, Disposition.NOTED, "result code 4999 is not final"); // does not throw
        assertEquals(Disposition.RECEIVED, journalEntry(message).disposition(), "what review looks for");

        // a settlement marks its entry in its own transaction, not through the journal's separate mark
        SettleResult result = marksNothing.settle(message, paid(push, "NLJ7RT61SV", clock.instant()));
        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(Disposition.SETTLED, journalEntry(message).disposition());
    }

    @Test
    void markNotesWhatWasDoneWithTheNotesGathered() {
        JournaledMessage message = confirmation();
        message.note("TransTime missing or unreadable; time of receipt used");

        answers.mark(message, Disposition.REJECTED, "TransID is missing.");

        assertEquals(Disposition.REJECTED, journalEntry(message).disposition());
        assertEquals("TransTime missing or unreadable; time of receipt used; TransID is missing.",
                journalEntry(message).note());
    }

    // ---- events ------------------------------------------------------------------------------------------

    @Test
    void eventsArePublishedAfterTheChangeIsCommitted() {
        Push push = send();
        settle(paid(push, "NLJ7RT61SV", clock.instant()));

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
        CollectionDesk withBadListener = desk(Optional.of(directory), fanOut);
        SettlementDesk answersWithBadListener = answers(Optional.of(directory), ledger, fanOut);

        Push push = withBadListener.initiate(new PushRequest(WANJIRU, PHONE, Kes.of(1500), ALICE, null));
        SettleResult result = answersWithBadListener.settle(callback(push.id()),
                paid(push, "NLJ7RT61SV", clock.instant()));

        assertEquals(PushStatus.CONFIRMED, result.push().status());
        assertEquals(List.of(PaymentEvent.Type.PUSH_STATUS_CHANGED, PaymentEvent.Type.PUSH_STATUS_CHANGED,
                PaymentEvent.Type.PUSH_STATUS_CHANGED, PaymentEvent.Type.PAYMENT_RECORDED),
                after.events().stream().map(PaymentEvent::type).toList());
    }

    // ---- C2B ---------------------------------------------------------------------------------------------

    @Test
    void aC2bConfirmationOfAKnownReceiptIsADuplicate() {
        Push push = send();
        Payment stk = settle(paid(push, "NLJ7RT61SV", clock.instant())).payment();
        int heard = listener.events().size();
        JournaledMessage message = confirmation();

        RecordedPayment c2b = answers.recordC2bPayment(message, new C2bPayment(new Receipt("NLJ7RT61SV"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));

        assertTrue(c2b.duplicate());
        assertEquals(stk.id(), c2b.payment().id());
        assertEquals(1, payments().size());
        assertEquals(heard, listener.events().size());
        assertEquals(Disposition.DUPLICATE, journalEntry(message).disposition());
        assertEquals("receipt NLJ7RT61SV already recorded", journalEntry(message).note());
    }

    @Test
    void aStatusQuerysExpiryIsOverruledByTheReceiptThatComesTwentySecondsLater() {
        Push push = send();
        clock.advance(Duration.ofSeconds(40));
        SettleResult expired = answers.settle(statusQuery(push.id()), new Settlement(push.id(), Outcome.NO_RESPONSE,
                PushReason.PROMPT_EXPIRED, "1037", "DS timeout user cannot be reached", null,
                Settlement.Evidence.STATUS_QUERY));
        assertEquals(PushStatus.TIMEOUT, expired.push().status());
        clock.advance(Duration.ofSeconds(20)); // the subscriber was still typing the PIN

        SettleResult paid = settle(paid(push, "UCQ5UAQ410", clock.instant()));

        assertEquals(PushStatus.CONFIRMED, paid.push().status());
        assertEquals(WANJIRU, paid.payment().subscriberId());
        List<PaymentEvent> confirmed = listener.events().stream()
                .filter(e -> push.id().equals(e.pushId()) && e.status() == PushStatus.CONFIRMED).toList();
        assertFalse(confirmed.isEmpty(), "the operator hears of it: " + listener.events());
        assertEquals(List.of(), ledger.findPayments(PaymentQuery.unredeemed()));
    }

    @Test
    void aC2bConfirmationPaysTheOnePushWaitingOnItsAccount() {
        Push push = send();
        JournaledMessage message = confirmation();

        RecordedPayment c2b = answers.recordC2bPayment(message, new C2bPayment(new Receipt("UCQ5UAQ411"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));
        SettleResult callback = settle(paid(push, "UCQ5UAQ411", clock.instant()));
        SettleResult query = answers.settle(statusQuery(push.id()), new Settlement(push.id(), Outcome.SUCCEEDED,
                PushReason.PAID, "0", null, new PaidDetails(null, Kes.of(1500), null, clock.instant(),
                        PaymentSource.STK), Settlement.Evidence.STATUS_QUERY));

        assertFalse(c2b.duplicate());
        assertEquals(push.id(), c2b.payment().pushId());
        assertEquals(WANJIRU, c2b.payment().subscriberId());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
        assertEquals(SettleResult.Kind.DUPLICATE, callback.kind());
        assertEquals(SettleResult.Kind.DUPLICATE, query.kind());
        assertEquals(1, payments().size(), "one charge, one payment, whichever path tells first");
        assertEquals(Disposition.SETTLED, journalEntry(message).disposition());
    }

    @Test
    void aC2bConfirmationAfterTheStatusQuerysSuccessGivesItsPaymentTheReceipt() {
        Push push = send();
        answers.settle(statusQuery(push.id()), new Settlement(push.id(), Outcome.SUCCEEDED, PushReason.PAID, "0",
                null, new PaidDetails(null, Kes.of(1500), null, clock.instant(), PaymentSource.STK),
                Settlement.Evidence.STATUS_QUERY));

        RecordedPayment c2b = answers.recordC2bPayment(confirmation(), new C2bPayment(new Receipt("UCQ5UAQ414"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));

        assertEquals(1, payments().size(), "the callback was lost, the query and C2B tell of one charge");
        assertEquals(new Receipt("UCQ5UAQ414"), c2b.payment().receipt());
        assertEquals(push.id(), c2b.payment().pushId());
        assertEquals(new Receipt("UCQ5UAQ414"), ledger.findPush(push.id()).orElseThrow().receipt());
    }

    @Test
    void aC2bConfirmationOverrulesTheStatusQuerysNoResponse() {
        Push push = send();
        answers.settle(statusQuery(push.id()), new Settlement(push.id(), Outcome.NO_RESPONSE,
                PushReason.PROMPT_EXPIRED, "1037", null, null, Settlement.Evidence.STATUS_QUERY));

        RecordedPayment c2b = answers.recordC2bPayment(confirmation(), new C2bPayment(new Receipt("UCQ5UAQ412"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));

        assertEquals(push.id(), c2b.payment().pushId());
        assertEquals(PushStatus.CONFIRMED, ledger.findPush(push.id()).orElseThrow().status());
    }

    @Test
    void aC2bConfirmationWithTwoCandidatePushesPaysNeither() {
        Push first = send();
        answers.settle(statusQuery(first.id()), new Settlement(first.id(), Outcome.NO_RESPONSE,
                PushReason.PROMPT_EXPIRED, "1037", null, null, Settlement.Evidence.STATUS_QUERY));
        Push second = send();

        RecordedPayment c2b = answers.recordC2bPayment(confirmation(), new C2bPayment(new Receipt("UCQ5UAQ413"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));

        assertNull(c2b.payment().pushId(), "two pushes could be meant: an operator decides");
        assertEquals(WANJIRU, c2b.payment().subscriberId());
        assertEquals(PushStatus.WAITING, ledger.findPush(second.id()).orElseThrow().status());
    }

    @Test
    void aC2bConfirmationTwoWaitingPushesCouldMeanIsTakenByTheStatusQueryThatFindsOnePaid() {
        Push first = send();
        Push second = desk.initiate(new PushRequest(WANJIRU, new PhoneNumber("254722000111"), Kes.of(1500), ALICE,
                null));
        RecordedPayment c2b = answers.recordC2bPayment(confirmation(), new C2bPayment(new Receipt("UCQ5UAQ415"),
                Kes.of(1500), "2547 ***** 678", clock.instant(), "ACC1001"));
        assertNull(c2b.payment().pushId(), "either push could be meant");

        SettleResult paid = answers.settle(statusQuery(second.id()), new Settlement(second.id(), Outcome.SUCCEEDED,
                PushReason.PAID, "0", null, new PaidDetails(null, Kes.of(1500), null, clock.instant(),
                        PaymentSource.STK), Settlement.Evidence.STATUS_QUERY));

        assertEquals(c2b.payment().id(), paid.payment().id(), "the query's success is the charge C2B confirmed");
        assertEquals(new Receipt("UCQ5UAQ415"), paid.payment().receipt());
        assertEquals(1, payments().size());
        assertEquals(PushStatus.WAITING, ledger.findPush(first.id()).orElseThrow().status());
    }

    private JournaledMessage statusQuery(PushId pushId) {
        return answers.journal(new ProviderEvent(Channel.STATUS_QUERY, pushId, null, "status"));
    }

    @Test
    void aC2bPaymentToAKnownAccountIsLinkedWhateverTheCaseAndSpaces() {
        JournaledMessage message = confirmation();

        RecordedPayment c2b = answers.recordC2bPayment(message, new C2bPayment(new Receipt("UCQ5UAQ405"),
                Kes.of(2000), "2547 ***** 678", clock.instant(), "  acc1001 "));

        assertFalse(c2b.duplicate());
        assertEquals(WANJIRU, c2b.payment().subscriberId());
        assertEquals(PaymentSource.C2B, c2b.payment().source());
        assertEquals("acc1001", c2b.payment().accountReference());
        assertNull(c2b.payment().unredeemedReason());
        PaymentEvent recorded = listener.events(PaymentEvent.Type.PAYMENT_RECORDED).get(0);
        assertEquals(c2b.payment().id(), recorded.paymentId());
        assertNull(recorded.pushId());
        assertEquals("Payment of KES 2000 recorded.", recorded.message());
        assertEquals(Disposition.SETTLED, journalEntry(message).disposition());
        assertEquals("payment " + c2b.payment().id().value(), journalEntry(message).note());
    }

    @Test
    void aC2bPaymentToAnUnknownAccountIsUnredeemedWithTheAccountKept() {
        JournaledMessage message = confirmation();

        RecordedPayment c2b = answers.recordC2bPayment(message, new C2bPayment(new Receipt("UCQ5UAQ406"),
                Kes.of(2000), null, clock.instant(), "ACC9999"));

        assertTrue(c2b.payment().isUnredeemed());
        assertEquals(UnredeemedReason.UNKNOWN_ACCOUNT, c2b.payment().unredeemedReason());
        assertEquals("ACC9999", c2b.payment().accountReference());
        PaymentEvent recorded = listener.events(PaymentEvent.Type.UNREDEEMED_PAYMENT_RECORDED).get(0);
        assertNotNull(recorded);
        assertEquals("Payment of KES 2000 held under Unredeemed Payments (unknown_account).", recorded.message());
        assertEquals("payment " + c2b.payment().id().value() + ", held unredeemed: unknown_account",
                journalEntry(message).note());
    }

    @Test
    void aC2bPaymentWithoutADirectoryIsUnredeemed() {
        RecordedPayment c2b = answers(Optional.empty(), ledger, events).recordC2bPayment(confirmation(),
                new C2bPayment(new Receipt("UCQ5UAQ407"), Kes.of(2000), null, clock.instant(), "ACC1001"));

        assertEquals(UnredeemedReason.UNKNOWN_ACCOUNT, c2b.payment().unredeemedReason());
    }

    @Test
    void theSameC2bConfirmationTwiceIsOnePayment() {
        C2bPayment payment = new C2bPayment(new Receipt("UCQ5UAQ408"), Kes.of(2000), null, clock.instant(),
                "ACC1001");

        RecordedPayment first = c2b(payment);
        RecordedPayment second = c2b(payment);

        assertFalse(first.duplicate());
        assertTrue(second.duplicate());
        assertEquals(first.payment().id(), second.payment().id());
        assertEquals(1, payments().size());
    }

    @Test
    void moneyReportedForAnUnknownPushIsHeldUnredeemedOnceAndAnnounced() {
        PaidDetails paid = new PaidDetails(new Receipt("UCQ5UAQ409"), Kes.of(1500), "254708374149", clock.instant(),
                PaymentSource.STK);
        JournaledMessage firstMessage = callback(PushId.random());
        JournaledMessage againMessage = callback(PushId.random());

        RecordedPayment first = answers.recordUnknownPushPayment(firstMessage, PushId.random(), paid);
        RecordedPayment again = answers.recordUnknownPushPayment(againMessage, PushId.random(), paid);

        assertFalse(first.duplicate());
        assertTrue(first.payment().isUnredeemed());
        assertEquals(UnredeemedReason.UNKNOWN_PUSH, first.payment().unredeemedReason());
        assertEquals(Kes.of(1500), first.payment().amount());
        assertEquals(PaymentSource.STK, first.payment().source());
        assertTrue(again.duplicate());
        assertEquals(1, payments().size());
        assertEquals(1, listener.events(PaymentEvent.Type.UNREDEEMED_PAYMENT_RECORDED).size());
        assertEquals(Disposition.ORPHAN, journalEntry(firstMessage).disposition());
        assertEquals("no such push; SUCCEEDED KES 1500 receipt UCQ5UAQ409, held unredeemed as payment "
                + first.payment().id().value(), journalEntry(firstMessage).note());
        assertEquals(Disposition.ORPHAN, journalEntry(againMessage).disposition());
        assertEquals("no such push; SUCCEEDED KES 1500 receipt UCQ5UAQ409, already recorded as payment "
                + first.payment().id().value(), journalEntry(againMessage).note());
    }
}
