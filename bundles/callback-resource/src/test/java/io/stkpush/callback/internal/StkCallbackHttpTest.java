package io.stkpush.callback.internal;

import static io.stkpush.callback.internal.Callbacks.DATE;
import static io.stkpush.callback.internal.Callbacks.items;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.Kes;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.text.OperatorText;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The STK callback over HTTP: every documented shape settles its push, failures and unknown codes too. */
class StkCallbackHttpTest {

    private static final String ACCEPTED = "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}";
    private static final Instant PAID_AT = Instant.parse("2019-12-19T07:21:15Z");
    private static final String HASH = "94c392c3b2e2f1d0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7c68a88";
    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    static Stream<Arguments> successShapes() {
        return Stream.of(
                Arguments.of("documented sample: Amount 1.00, numbers", "0",
                        items("1.00", "\"R\"", DATE, "254708374149"), "254708374149"),
                Arguments.of("Amount 1, phone as a string", "0",
                        items("1", "\"R\"", DATE, "\"254708374149\""), "254708374149"),
                Arguments.of("Amount \"1.00\", date as a string", "0",
                        items("\"1.00\"", "\"R\"", "\"" + DATE + "\"", "254708374149"), "254708374149"),
                Arguments.of("Balance without Value (2018)", "0",
                        Callbacks.withBalanceWithoutValue(items("1.00", "\"R\"", DATE, "254708374149")),
                        "254708374149"),
                Arguments.of("Balance with a Value", "0",
                        Callbacks.withBalanceValue(items("1.00", "\"R\"", DATE, "254708374149")), "254708374149"),
                Arguments.of("items in another order", "0",
                        Callbacks.reversed(Callbacks.withBalanceWithoutValue(items("1", "\"R\"", DATE, "254708374149"))),
                        "254708374149"),
                Arguments.of("masked phone (2026 masking)", "0",
                        items("1.00", "\"R\"", DATE, "\"2547 ***** 126\""), "2547 ***** 126"),
                Arguments.of("hashed phone", "0", items("1.00", "\"R\"", DATE, "\"" + HASH + "\""), HASH),
                Arguments.of("ResultCode as a string", "\"0\"",
                        items("1.00", "\"R\"", DATE, "254708374149"), "254708374149"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successShapes")
    void aSuccessInEveryDocumentedShapeConfirmsThePush(String shape, String resultCode, List<String> items,
            String phone) throws Exception {
        Push push = f.waitingPush(1);
        String receipt = receipt();
        String body = Callbacks.success(push.checkoutRequestId().value(), resultCode,
                items.stream().map(i -> i.replace("\"R\"", "\"" + receipt + "\"")).toList());

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ACCEPTED, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Push settled = f.push(push.id());
        assertEquals(PushStatus.CONFIRMED, settled.status());
        assertEquals("0", settled.resultCode());
        Payment payment = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(Kes.of(1), payment.amount());
        assertEquals(phone, payment.phone());
        assertEquals(PAID_AT, payment.paidAt());
        assertEquals(PaymentSource.STK, payment.source());
        assertEquals(push.id(), payment.pushId());
        assertEquals(push.subscriberId(), payment.subscriberId());

        JournalEntry journaled = f.lastJournal();
        assertEquals(Channel.STK_CALLBACK, journaled.event().channel());
        assertEquals(push.id(), journaled.event().pushId());
        assertEquals("127.0.0.1", journaled.event().remoteAddress());
        assertEquals(body, journaled.event().body());
        assertEquals(Disposition.SETTLED, journaled.disposition());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1032, CANCELLED, The subscriber cancelled the payment on their phone.",
        "1037, TIMEOUT, No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check and retry.",
        "2001, FAILED, Wrong M-Pesa PIN entered.",
        "1, FAILED, Insufficient M-Pesa balance."
    })
    void aFailureWithoutMetadataEndsThePushWithItsReason(String code, PushStatus status, String reason)
            throws Exception {
        Push push = f.waitingPush(10);
        String body = Callbacks.failure(push.checkoutRequestId().value(), code, "whatever Daraja says today");

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode());
        assertEquals(ACCEPTED, response.body());
        Push settled = f.push(push.id());
        assertEquals(status, settled.status());
        assertEquals(code, settled.resultCode());
        assertEquals(reason, OperatorText.english().push(settled));
        assertNull(settled.paymentId());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
    }

    @Test
    void anUnknownResultCodeIsNotedForReviewAndSettlesNothing() throws Exception {
        Push push = f.waitingPush(10);
        String body = Callbacks.failure(push.checkoutRequestId().value(), "7777", "Something new");

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertTrue(f.answers.settlements.stream().noneMatch(s -> s.pushId().equals(push.id())));
        assertEquals(Disposition.NOTED, f.lastJournal().disposition());
        assertEquals("unknown result code 7777, needs review", f.lastJournal().note());
    }

    @Test
    void aPaidAmountOtherThanAskedIsRecordedButHeldUnredeemed() throws Exception {
        Push push = f.waitingPush(10);
        String receipt = receipt();
        String body = Callbacks.success(push.checkoutRequestId().value(), "0",
                items("5", "\"" + receipt + "\"", DATE, "254708374149"));

        assertEquals(200, f.post(f.stkPath(push.id()), body).statusCode());

        Payment payment = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(Kes.of(5), payment.amount());
        assertTrue(payment.isUnredeemed());
        assertEquals(UnredeemedReason.AMOUNT_MISMATCH, payment.unredeemedReason());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());
        assertTrue(f.lastJournal().note().contains("amount_mismatch (paid KES 5, asked KES 10)"), f.lastJournal().note());
    }

    @Test
    void aSuccessWithoutTransactionDateIsPaidWhenReceived() throws Exception {
        Push push = f.waitingPush(1);
        String receipt = receipt();
        String body = Callbacks.success(push.checkoutRequestId().value(), "0",
                List.of(Callbacks.item("Amount", "1"), Callbacks.item("MpesaReceiptNumber", "\"" + receipt + "\"")));

        assertEquals(200, f.post(f.stkPath(push.id()), body).statusCode());

        Payment payment = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(HooksFixture.NOW, payment.paidAt());
        assertEquals(push.phone().msisdn(), payment.phone(), "no PhoneNumber: the ledger keeps the prompted phone");
        assertTrue(f.lastJournal().note().contains("TransactionDate missing"), f.lastJournal().note());
    }

    @Test
    void aPaidCallbackForAPushTheLedgerDoesNotKnowIsAnOrphanWhoseMoneyIsHeldUnredeemedOnce() throws Exception {
        PushId unknown = PushId.random();
        String receipt = receipt();
        String body = Callbacks.success("ws_CO_unknown", receipt);

        HttpResponse<String> response = f.post(f.stkPath(unknown), body);
        HttpResponse<String> repeated = f.post(f.stkPath(unknown), body);

        assertEquals(200, response.statusCode());
        assertEquals(ACCEPTED, response.body());
        assertEquals(200, repeated.statusCode());
        assertEquals(Disposition.ORPHAN, f.lastJournal().disposition());
        assertEquals(unknown, f.lastJournal().event().pushId());
        Payment held = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(UnredeemedReason.UNKNOWN_PUSH, held.unredeemedReason());
        assertEquals(Kes.of(1), held.amount());
        assertEquals(1, f.ledger.findPayments(PaymentQuery.all()).stream()
                .filter(p -> p.receipt() != null && p.receipt().value().equals(receipt)).count());
        assertEquals("no such push; SUCCEEDED KES 1 receipt " + receipt + ", already recorded as payment "
                + held.id().value(), f.lastJournal().note());
    }

    @Test
    void aFailedCallbackForAPushTheLedgerDoesNotKnowIsOnlyJournaled() throws Exception {
        PushId unknown = PushId.random();
        int paymentsBefore = f.ledger.findPayments(PaymentQuery.all()).size();

        assertEquals(200, f.post(f.stkPath(unknown), Callbacks.failure("ws_CO_unknown", "1032",
                "Request cancelled by user")).statusCode());

        assertEquals(Disposition.ORPHAN, f.lastJournal().disposition());
        assertEquals("no such push; CANCELLED", f.lastJournal().note());
        assertEquals(paymentsBefore, f.ledger.findPayments(PaymentQuery.all()).size());
    }

    @Test
    void anotherCheckoutUnderThisPushsUrlIsNotApplied() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success("ws_CO_someone_elses", receipt());

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode(), "retrying would change nothing");
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
        assertTrue(f.lastJournal().note().startsWith("CheckoutRequestID ws_CO_someone_elses is not the push's"));
    }

    @Test
    void aSuccessAfterAFailureIsAConflictKeptForReview() throws Exception {
        Push push = f.waitingPush(1);
        f.post(f.stkPath(push.id()), Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled"));

        HttpResponse<String> response = f.post(f.stkPath(push.id()),
                Callbacks.success(push.checkoutRequestId().value(), receipt()));

        assertEquals(200, response.statusCode());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
        assertEquals(Disposition.CONFLICT, f.lastJournal().disposition());
        assertTrue(f.lastJournal().note().contains("needs review"), f.lastJournal().note());
    }

    @Test
    void anyContentTypeIsRead() throws Exception {
        Push push = f.waitingPush(1);
        HttpResponse<String> response = f.post(f.stkPath(push.id()),
                Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled"), "Content-Type", "text/plain");
        assertEquals(200, response.statusCode());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    private static int receipts;

    /** A receipt no other test used (receipts are unique in the ledger). */
    private static String receipt() {
        receipts++;
        return String.format("NLJ7RT%04d", receipts);
    }
}
