package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.Kes;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Receipt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** C2B validation and confirmation: Daraja's documented answers, one payment per receipt. */
class C2bHttpTest {

    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void validationAcceptsAndRecordsNothing() throws Exception {
        String body = Callbacks.c2b("RKL51ZDR4F", "5.00", "Sample Transaction", "2547 ***** 126");
        int recordedBefore = f.answers.c2bPayments.size();

        HttpResponse<String> response = f.post(f.c2bValidationPath(), body);

        assertEquals(200, response.statusCode());
        assertEquals("{\"ResultCode\":\"0\",\"ResultDesc\":\"Accepted\"}", response.body());
        assertEquals(Channel.C2B_VALIDATION, f.lastJournal().event().channel());
        assertEquals(Disposition.NOTED, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
        assertEquals(recordedBefore, f.answers.c2bPayments.size());
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt("RKL51ZDR4F")).isEmpty());
    }

    @Test
    void aConfirmationRecordsThePaymentOnceAndAcknowledgesEveryTime() throws Exception {
        String body = Callbacks.c2b("RKL51ZDR4G", "5.00", " acc-42 ", "2547 ***** 126");

        HttpResponse<String> first = f.post(f.c2bConfirmationPath(), body);

        assertEquals(200, first.statusCode());
        assertEquals("{\"ResultCode\":0,\"ResultDesc\":\"Success\"}", first.body());
        C2bPayment asked = f.answers.c2bPayments.get(f.answers.c2bPayments.size() - 1);
        assertEquals(new C2bPayment(new Receipt("RKL51ZDR4G"), Kes.of(5), "2547 ***** 126",
                Instant.parse("2023-11-21T09:13:25Z"), "acc-42"), asked);
        Payment payment = f.ledger.findPaymentByReceipt(new Receipt("RKL51ZDR4G")).orElseThrow();
        assertEquals(PaymentSource.C2B, payment.source());
        assertEquals(Channel.C2B_CONFIRMATION, f.lastJournal().event().channel());
        assertNull(f.lastJournal().event().pushId());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());

        HttpResponse<String> again = f.post(f.c2bConfirmationPath(), body);

        assertEquals(first.body(), again.body());
        assertEquals(Disposition.DUPLICATE, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
    }

    @Test
    void aV1ConfirmationWithAHashedMsisdnAndNumbersForStrings() throws Exception {
        String hash = "94c392c3b2e2f1d0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7c68a88";
        String body = "{\"TransactionType\":\"Pay Bill\",\"TransID\":\"RKL51ZDR4H\",\"TransTime\":20231121121325,"
                + "\"TransAmount\":10,\"BusinessShortCode\":600966,\"BillRefNumber\":\"\",\"MSISDN\":\"" + hash + "\"}";

        assertEquals(200, f.post(f.c2bConfirmationPath(), body).statusCode());

        Payment payment = f.ledger.findPaymentByReceipt(new Receipt("RKL51ZDR4H")).orElseThrow();
        assertEquals(Kes.of(10), payment.amount());
        assertEquals(hash, payment.phone());
        assertNull(payment.accountReference(), "an empty account number is none");
    }

    @Test
    void aWrongC2bTokenIs404AndJournaled() throws Exception {
        String body = Callbacks.c2b("RKL51ZDR4J", "5.00", "acc", "2547 ***** 126");
        String stkToken = f.stkPath(io.stkpush.api.PushId.random());
        stkToken = stkToken.substring(stkToken.lastIndexOf('/') + 1);

        for (String path : new String[] {"/hooks/daraja/c2b/confirmation/" + stkToken,
            "/hooks/daraja/c2b/validation/" + "0".repeat(32)}) {
            HttpResponse<String> response = f.post(path, body);
            assertEquals(404, response.statusCode());
            assertEquals("", response.body());
            assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
            assertEquals(body, f.lastJournal().event().body());
        }
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt("RKL51ZDR4J")).isEmpty());
    }

    @Test
    void malformedOrIncompleteConfirmationsAre400AndJournaled() throws Exception {
        String[] bodies = {
            "TransID=RKL51ZDR4K",
            "{\"TransAmount\":\"5.00\"}",
            "{\"TransID\":\"RKL51ZDR4K\"}",
            "{\"TransID\":\"RKL51ZDR4K\",\"TransAmount\":\"five\"}",
            "{\"TransID\":\"RKL51ZDR4K\",\"TransAmount\":\"5.50\"}",
            "{\"TransID\":{\"id\":1},\"TransAmount\":\"5.00\"}"
        };
        for (String body : bodies) {
            HttpResponse<String> response = f.post(f.c2bConfirmationPath(), body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().startsWith("{\"error\":\"invalid_callback\""), response.body());
            assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
            assertEquals(body, f.lastJournal().event().body());
        }
        assertEquals(400, f.post(f.c2bValidationPath(), "not json").statusCode());
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt("RKL51ZDR4K")).isEmpty());
    }
}
