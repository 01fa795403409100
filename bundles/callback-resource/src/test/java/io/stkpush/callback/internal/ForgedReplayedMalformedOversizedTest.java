package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input at the STK callback: refused with the right status, journaled raw, the push untouched. */
class ForgedReplayedMalformedOversizedTest {

    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void aForgedTokenIs404WithoutDetailAndJournaledRejected() throws Exception {
        Push push = f.waitingPush(1);
        Push other = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "FORGED0001");
        String valid = f.stkPath(push.id());
        String token = valid.substring(valid.lastIndexOf('/') + 1);
        String tamperedId = push.id().toString().substring(0, 35) + (push.id().toString().endsWith("0") ? "1" : "0");
        List<String> forgeries = List.of(
                "/hooks/daraja/stk/" + push.id() + "/" + "0".repeat(32),
                "/hooks/daraja/stk/" + push.id() + "/" + token.substring(0, 31),
                f.stkPath(other.id()).replace(other.id().toString(), push.id().toString()),
                "/hooks/daraja/stk/" + tamperedId + "/" + token,
                "/hooks/daraja/stk/not-a-push/" + token);
        int settlementsBefore = f.answers.settlements.size();

        for (String path : forgeries) {
            HttpResponse<String> response = f.post(path, body);
            assertEquals(404, response.statusCode(), path);
            assertEquals("", response.body(), "no detail for a prober");
            JournalEntry journaled = f.lastJournal();
            assertEquals(Disposition.REJECTED, journaled.disposition());
            assertEquals("bad token", journaled.note());
            assertEquals(body, journaled.event().body(), "a forgery is kept too");
        }
        assertNull(f.lastJournal().event().pushId(), "an id that is not ours is not journaled as one");
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt("FORGED0001")).isEmpty());
        assertEquals(settlementsBefore, f.answers.settlements.size());
    }

    @Test
    void aMissingTokenIsNotFound() throws Exception {
        Push push = f.waitingPush(1);
        assertEquals(404, f.post("/hooks/daraja/stk/" + push.id(), "{}").statusCode());
        assertEquals(404, f.post("/hooks/daraja/stk/" + push.id() + "/", "{}").statusCode());
    }

    @Test
    void aReplayedCallbackIsADuplicateAnsweredAsTheFirst() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "REPLAY0001");

        HttpResponse<String> first = f.post(f.stkPath(push.id()), body);
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());
        HttpResponse<String> second = f.post(f.stkPath(push.id()), body);

        assertEquals(200, second.statusCode(), "Daraja would retry anything else");
        assertEquals(first.body(), second.body());
        assertEquals(Disposition.DUPLICATE, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
        assertEquals(1, f.ledger.findPayments(PaymentQuery.all()).stream()
                .filter(p -> p.receipt() != null && p.receipt().value().equals("REPLAY0001")).count());
    }

    @Test
    void malformedJsonIs400AndItsRawBodyIsKept() throws Exception {
        Push push = f.waitingPush(1);
        String body = "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,";

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"invalid_callback\",\"message\":\"The body is not valid JSON.\"}", response.body());
        assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "{}",
        "{\"Body\":{}}",
        "{\"Body\":{\"stkCallback\":\"cancelled\"}}",
        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"c\"}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":{\"code\":0}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":true}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":1.5}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":\"0; drop table\"}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":\"Amount=1\"}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":\"one\"},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"R1\"}]}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":1.5},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"R2\"}]}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":1}]}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":[{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"R3\"}]}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":1},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"R4\"},{\"Name\":\"PhoneNumber\",\"Value\":{\"n\":1}}]}}}}",
        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0}}} trailing"
    })
    void wrongShapesAndTypesAre400AndJournaledRejected(String body) throws Exception {
        Push push = f.waitingPush(1);

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":\"invalid_callback\",\"message\":\""), response.body());
        assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
        assertEquals(body, f.lastJournal().event().body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
    }

    @Test
    void anOversizedBodyIs413AndJournaledTruncated() throws Exception {
        f.configure("maxBodyBytes", 2048);
        Push push = f.waitingPush(1);
        String callback = Callbacks.success(push.checkoutRequestId().value(), "BIG0000001");
        String body = callback + " ".repeat(5000);

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(413, response.statusCode());
        assertEquals("{\"error\":\"body_too_large\",\"message\":\"The body is larger than 2048 bytes.\"}",
                response.body());
        JournalEntry journaled = f.lastJournal();
        assertEquals(Disposition.REJECTED, journaled.disposition());
        assertTrue(journaled.note().contains("larger than 2048 bytes"), journaled.note());
        assertEquals(body.substring(0, 2048), journaled.event().body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
    }

    @Test
    void theLimitCountsBytesEvenWithoutContentLength() throws Exception {
        f.configure("maxBodyBytes", 2048);
        Push push = f.waitingPush(1);
        byte[] body = ("{\"padding\":\"" + "x".repeat(10_000) + "\"}").getBytes();
        // a stream of unknown length goes out chunked: no Content-Length to trust
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(f.base + f.stkPath(push.id())))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        HttpResponse<String> response = f.send(request);

        assertEquals(413, response.statusCode());
        assertEquals(2048, f.lastJournal().event().body().length());
    }

    @Test
    void aBodyAtTheLimitIsRead() throws Exception {
        f.configure("maxBodyBytes", 2048);
        Push push = f.waitingPush(1);
        String callback = Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled");
        String body = callback + " ".repeat(2048 - callback.length());

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    @Test
    void everyRequestIsInTheJournalWhateverBecameOfIt() throws Exception {
        Push push = f.waitingPush(1);
        long before = f.lastJournalId();
        List<String> bodies = List.of(
                "not json",
                Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled"),
                Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled"),
                Callbacks.failure(push.checkoutRequestId().value(), "9876", "New"));
        f.post(f.stkPath(PushId.random()), bodies.get(0));
        f.post(f.stkPath(push.id()), bodies.get(1));
        f.post(f.stkPath(push.id()), bodies.get(2));
        f.post(f.stkPath(push.id()), bodies.get(3));

        List<JournalEntry> entries = f.ledger.recentJournal(4);
        assertEquals(before + 4, entries.get(0).id());
        for (int i = 0; i < 4; i++) {
            assertEquals(bodies.get(i), entries.get(3 - i).event().body());
        }
        assertEquals(List.of(Disposition.NOTED, Disposition.DUPLICATE, Disposition.SETTLED, Disposition.REJECTED),
                entries.stream().map(JournalEntry::disposition).toList());
    }
}
