package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;

/**
 * Fields longer than the ledger keeps, and numbers written to be expensive, found by fuzzing the hooks: a plain 400
 * with the body journaled and marked REJECTED, never the 503 ("the ledger cannot be reached") that Daraja would
 * retry for ever, and never a push settled by them.
 */
class OverlongFieldsTest {

    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void aReceiptLongerThanTheLedgerKeepsIs400NotA503() throws Exception {
        Push push = f.waitingPush(1);
        String longReceipt = "R".repeat(65);

        HttpResponse<String> stk = postJournaled(f.stkPath(push.id()),
                Callbacks.success(push.checkoutRequestId().value(), longReceipt), Channel.STK_CALLBACK);
        HttpResponse<String> c2b = postJournaled(f.c2bConfirmationPath(),
                Callbacks.c2b(longReceipt, "5.00", "acc", "2547 ***** 126"), Channel.C2B_CONFIRMATION);

        assertEquals(400, stk.statusCode(), stk.body());
        assertEquals("{\"error\":\"invalid_callback\",\"message\":\"MpesaReceiptNumber is longer than 64 characters.\"}",
                stk.body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertEquals(400, c2b.statusCode(), c2b.body());
        assertEquals("{\"error\":\"invalid_callback\",\"message\":\"TransID is longer than 64 characters.\"}",
                c2b.body());
    }

    @Test
    void aPhoneNumberWithAHugeExponentIsRefusedAtOnce() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "0",
                Callbacks.items("1.00", "\"HUGE000001\"", Callbacks.DATE, "1E+999999999"));

        HttpResponse<String> r = postJournaled(f.stkPath(push.id()), body, Channel.STK_CALLBACK);

        assertEquals(400, r.statusCode(), r.body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
    }

    /** Posts, then checks the body was journaled as one new entry, REJECTED when refused. */
    private static HttpResponse<String> postJournaled(String path, String body, Channel channel) throws Exception {
        long before = f.lastJournalId();
        HttpResponse<String> r = f.post(path, body);

        assertTrue(r.statusCode() < 500, r.statusCode() + ": " + r.body());
        for (String leak : List.of("Exception", "\tat ", ".java:", "SQL", "jdbc")) {
            assertTrue(!r.body().contains(leak), "no " + leak + " in " + r.body());
        }
        JournalEntry journaled = f.ledger.recentJournal(1).get(0);
        assertTrue(journaled.id() > before, "journaled");
        assertEquals(channel, journaled.event().channel());
        if (r.statusCode() == 400) {
            assertEquals(Disposition.REJECTED, journaled.disposition());
        }
        return r;
    }
}
