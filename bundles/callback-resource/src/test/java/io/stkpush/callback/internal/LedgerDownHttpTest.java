package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When the database fails, Daraja gets 503 (so it may send again), never a 500 or a stack trace. */
class LedgerDownHttpTest {

    private static final String UNAVAILABLE =
            "{\"error\":\"unavailable\",\"message\":\"The payment ledger cannot be reached right now. Try again later.\"}";
    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void whenNothingCanBeJournaledTheAnswerIs503AndTheCallbackCanBeSentAgain() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "DOWN000001");
        long before = f.lastJournalId();

        f.database.down(true);
        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);
        HttpResponse<String> c2b = f.post(f.c2bConfirmationPath(), Callbacks.c2b("DOWN000002", "1.00", "a", "x"));
        f.database.down(false);

        assertEquals(503, response.statusCode());
        assertEquals(UNAVAILABLE, response.body());
        assertEquals(503, c2b.statusCode());
        assertEquals(before, f.lastJournalId());

        HttpResponse<String> retried = f.post(f.stkPath(push.id()), body);
        assertEquals(200, retried.statusCode());
        assertEquals(PushStatus.CONFIRMED, f.push(push.id()).status());
    }

    @Test
    void whenSettlingFailsTheCallbackStaysJournaledAsReceived() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled");
        f.answers.failWith(new IllegalStateException("connection pool exhausted"));

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(503, response.statusCode());
        assertEquals(UNAVAILABLE, response.body());
        assertTrue(!response.body().contains("Exception"));
        assertEquals(Disposition.RECEIVED, f.lastJournal().disposition());
        assertEquals("not processed: IllegalStateException", f.lastJournal().note());
        assertEquals(body, f.lastJournal().event().body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());

        HttpResponse<String> c2b = f.post(f.c2bConfirmationPath(), Callbacks.c2b("FAIL000001", "1.00", "a", "x"));
        assertEquals(503, c2b.statusCode());
        assertEquals(Disposition.RECEIVED, f.lastJournal().disposition());
    }
}
