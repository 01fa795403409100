package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerUnreachableException;
import io.stkpush.api.Kes;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.api.WaitingCallbacks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the database refuses connections, Daraja's callbacks are kept in the local spool and answered as if they
 * had been processed (Daraja would not send them again); when the database is back they are journaled and
 * processed in the order they came. Only when the spool cannot keep one either is the answer 503.
 */
class LedgerDownHttpTest {

    private static final String ACCEPTED = "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}";
    private static final String C2B_CONFIRMED = "{\"ResultCode\":0,\"ResultDesc\":\"Success\"}";
    private static final String C2B_VALIDATED = "{\"ResultCode\":\"0\",\"ResultDesc\":\"Accepted\"}";
    private static final String UNAVAILABLE =
            "{\"error\":\"unavailable\",\"message\":\"The payment ledger cannot be reached right now. Try again later.\"}";
    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @TempDir
    Path repaired;

    @Test
    void callbacksWhileTheDatabaseIsDownAreAnsweredAsReceivedAndSettledWhenItIsBack() throws Exception {
        Push paid = f.waitingPush(1);
        Push cancelled = f.waitingPush(10);
        String receipt = "SPOOL" + System.nanoTime() % 100000;
        long before = f.lastJournalId();
        f.database.down(true);

        HttpResponse<String> success = f.post(f.stkPath(paid.id()),
                Callbacks.success(paid.checkoutRequestId().value(), receipt));
        HttpResponse<String> cancel = f.post(f.stkPath(cancelled.id()),
                Callbacks.failure(cancelled.checkoutRequestId().value(), "1032", "Request cancelled by user"));
        HttpResponse<String> validation = f.post(f.c2bValidationPath(), Callbacks.c2b(receipt + "C", "7.00", "acc",
                "2547 ***** 126"));
        HttpResponse<String> confirmation = f.post(f.c2bConfirmationPath(), Callbacks.c2b(receipt + "C", "7.00",
                "acc", "2547 ***** 126"));

        assertEquals(200, success.statusCode());
        assertEquals(ACCEPTED, success.body(), "the same answer as a processed callback");
        assertEquals(ACCEPTED, cancel.body());
        assertEquals(C2B_VALIDATED, validation.body());
        assertEquals(C2B_CONFIRMED, confirmation.body());
        assertEquals(4, f.spool.status().messages());
        assertTrue(f.spool.status().describe().startsWith("4 messages spooled, oldest received at "),
                f.spool.status().describe());
        assertEquals(new WaitingCallbacks(4, HooksFixture.NOW, null), f.spool.waiting(), "what health shows");

        f.database.down(false);
        f.awaitSpool(0);

        assertEquals(PushStatus.CONFIRMED, f.push(paid.id()).status());
        assertEquals(PushStatus.CANCELLED, f.push(cancelled.id()).status());
        Payment payment = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(paid.id(), payment.pushId());
        Payment c2b = f.ledger.findPaymentByReceipt(new Receipt(receipt + "C")).orElseThrow();
        assertEquals(Kes.of(7), c2b.amount());
        // nothing reached the database while it was down: these four are the replay
        List<JournalEntry> replayed = f.journalAfter(before);
        assertEquals(List.of(Channel.STK_CALLBACK, Channel.STK_CALLBACK, Channel.C2B_VALIDATION,
                Channel.C2B_CONFIRMATION), replayed.stream().map(e -> e.event().channel()).toList(),
                "journaled in the order they came");
        assertEquals(List.of(Disposition.SETTLED, Disposition.SETTLED, Disposition.NOTED, Disposition.SETTLED),
                replayed.stream().map(JournalEntry::disposition).toList());
        JournalEntry first = replayed.get(0);
        assertEquals(paid.id(), first.event().pushId());
        assertEquals("127.0.0.1", first.event().remoteAddress());
        assertTrue(first.note().startsWith("received at " + HooksFixture.NOW + " while the payment ledger could not "
                + "be reached; replayed from the spool at "), first.note());
        assertEquals("No messages spooled.", f.spool.status().describe());
        assertEquals(new WaitingCallbacks(0, null, null), f.spool.waiting());
        assertEquals(0, Files.size(f.spoolDirectory.resolve(SpoolFile.FILE_NAME)), "emptied once all is done");
    }

    @Test
    void aSuccessWithoutTransactionDateIsPaidWhenItArrivedNotWhenItWasReplayed() throws Exception {
        Push push = f.waitingPush(1);
        String receipt = "NODATE" + System.nanoTime() % 10000;
        f.database.down(true);
        assertEquals(200, f.post(f.stkPath(push.id()), Callbacks.success(push.checkoutRequestId().value(), "0",
                List.of(Callbacks.item("Amount", "1"), Callbacks.item("MpesaReceiptNumber", "\"" + receipt + "\""))))
                .statusCode());
        f.database.down(false);
        f.awaitSpool(0);

        assertEquals(HooksFixture.NOW, f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow().paidAt());
    }

    @Test
    void whenTheDatabaseDoesNotAnswerTheCallbackGoesStraightToTheSpoolWithoutASecondWaitForTheJournal()
            throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled");
        List<JournalEntry> before = f.ledger.recentJournal(1);
        f.answers.failWith(new LedgerUnreachableException("The payment ledger could not settle the push (SQL state"
                + " 08001).", new SQLTransientConnectionException("Connection is not available, request timed out.")));
        f.spool.health = null; // not known to answer: the replay waits

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode());
        assertEquals(ACCEPTED, response.body());
        // a database that does not answer would make a journal write wait as long again, and Daraja waits meanwhile
        assertEquals(before, f.ledger.recentJournal(1), "nothing journaled before the spool");
        assertEquals(1, f.spool.status().messages());

        f.answers.failWith(null);
        f.spool.health = f.ledger;
        f.awaitSpool(0);
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition(), "journaled once, by the replay");
    }

    @Test
    void whenSettlingFailsTheCallbackIsJournaledAloneAndTheSpoolFinishesThatEntry() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled");
        // the push was read, then its settlement failed: nothing of that transaction is written
        f.answers.failWhen(s -> true, new IllegalStateException("connection pool exhausted"));
        f.spool.health = null; // not known to answer: the replay waits, however often it fails

        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);

        assertEquals(200, response.statusCode());
        assertEquals(ACCEPTED, response.body());
        JournalEntry entry = f.lastJournal();
        assertEquals(Disposition.RECEIVED, entry.disposition());
        assertEquals("not processed: IllegalStateException", entry.note());
        assertEquals(body, entry.event().body());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertEquals(1, f.spool.status().messages());

        f.answers.failWith(null);
        f.awaitSpool(0);
        f.spool.health = f.ledger;

        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
        JournalEntry settled = f.lastJournal();
        assertEquals(entry.id(), settled.id(), "the same entry, not a second one");
        assertEquals(Disposition.SETTLED, settled.disposition());
        assertTrue(settled.note().startsWith("not processed when received at " + HooksFixture.NOW
                + "; replayed from the spool at "), settled.note());
    }

    @Test
    void aPaymentForAnUnknownPushWhoseRecordingFailsKeepsItsOneJournalEntryAndIsHeldOnceByTheReplay()
            throws Exception {
        PushId unknown = PushId.random();
        String receipt = "ORPHFAIL" + System.nanoTime() % 1000;
        long before = f.lastJournalId();
        // the callback is journaled RECEIVED first (no push to settle it against), then recording its money fails
        f.answers.failUnknownPushPayments(new IllegalStateException("connection pool exhausted"));
        f.spool.health = null; // not known to answer: the replay waits

        HttpResponse<String> response = f.post(f.stkPath(unknown), Callbacks.success("ws_CO_gone", receipt));

        assertEquals(ACCEPTED, response.body());
        List<JournalEntry> kept = f.journalAfter(before);
        assertEquals(1, kept.size(), "journaled once, then marked: " + kept);
        assertEquals(Disposition.RECEIVED, kept.get(0).disposition());
        assertEquals("not processed: IllegalStateException", kept.get(0).note());
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt(receipt)).isEmpty());
        assertEquals(1, f.spool.status().messages());

        f.answers.failUnknownPushPayments(null);
        f.spool.health = f.ledger;
        f.awaitSpool(0);

        List<JournalEntry> after = f.journalAfter(before);
        assertEquals(List.of(kept.get(0).id()), after.stream().map(JournalEntry::id).toList(),
                "the same entry, not a second one");
        assertEquals(Disposition.ORPHAN, after.get(0).disposition());
        Payment held = f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow();
        assertEquals(UnredeemedReason.UNKNOWN_PUSH, held.unredeemedReason());
    }

    @Test
    void aC2bConfirmationWhoseRecordingFailsIsRecordedOnceByTheReplay() throws Exception {
        String receipt = "C2BFAIL" + System.nanoTime() % 1000;
        f.answers.failWith(new IllegalStateException("connection pool exhausted"));

        HttpResponse<String> response = f.post(f.c2bConfirmationPath(), Callbacks.c2b(receipt, "3.00", "a", "x"));

        assertEquals(C2B_CONFIRMED, response.body());
        assertEquals(Disposition.RECEIVED, f.lastJournal().disposition());
        f.answers.failWith(null);
        f.awaitSpool(0);
        assertEquals(Kes.of(3), f.ledger.findPaymentByReceipt(new Receipt(receipt)).orElseThrow().amount());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());
    }

    @Test
    void aMessageThatFailsWhileTheDatabaseAnswersIsLeftInTheJournalForReviewAndDoesNotHoldUpTheRest()
            throws Exception {
        Push stuck = f.waitingPush(1);
        Push next = f.waitingPush(1);
        long before = f.lastJournalId();
        f.database.down(true);
        f.post(f.stkPath(stuck.id()), Callbacks.failure(stuck.checkoutRequestId().value(), "1032", "Cancelled"));
        f.post(f.stkPath(next.id()), Callbacks.failure(next.checkoutRequestId().value(), "1032", "Cancelled"));
        // the push service fails for the first message only, as a bug for one body would
        f.answers.failWhen(s -> s.pushId().equals(stuck.id()), new IllegalStateException("a bug"));
        f.database.down(false);

        f.awaitSpool(0);

        assertEquals(PushStatus.WAITING, f.push(stuck.id()).status());
        assertEquals(PushStatus.CANCELLED, f.push(next.id()).status());
        JournalEntry left = f.journalAfter(before).get(0);
        assertEquals(stuck.id(), left.event().pushId());
        assertEquals(Disposition.RECEIVED, left.disposition());
        assertTrue(left.note().endsWith("replayed from the spool " + CallbackSpool.GIVE_UP_AFTER
                + " times, not processed (IllegalStateException); needs review"), left.note());
    }

    @Test
    void whenNeitherTheDatabaseNorTheSpoolCanKeepItTheAnswerIs503() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "NOSPOOL01");
        Path notADirectory = Files.createTempFile("not-a-directory", "");
        f.restart(notADirectory.resolve("spool"));
        assertTrue(f.spool.status().describe().startsWith("The callback spool cannot be used: "));
        assertEquals(f.spool.status().describe(), f.spool.waiting().problem(), "health shows it before a callback");

        f.database.down(true);
        HttpResponse<String> response = f.post(f.stkPath(push.id()), body);
        HttpResponse<String> c2b = f.post(f.c2bConfirmationPath(), Callbacks.c2b("NOSPOOL02", "1.00", "a", "x"));
        f.database.down(false);

        assertEquals(503, response.statusCode());
        assertEquals(UNAVAILABLE, response.body());
        assertFalse(response.body().contains("Exception"));
        assertEquals(503, c2b.statusCode());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
        assertTrue(f.ledger.findPaymentByReceipt(new Receipt("NOSPOOL01")).isEmpty());
        Files.delete(notADirectory);
    }

    @Test
    void aSpoolThatStopsTakingWritesIsReportedUntilANewDirectoryTakesThem() throws Exception {
        Push push = f.waitingPush(1);
        assertEquals(new WaitingCallbacks(0, null, null), f.spool.waiting());
        f.database.down(true);
        // what a full or read-only disk does to the open spool: every append fails
        f.spool.spools().get(0).close();

        HttpResponse<String> lost = f.post(f.stkPath(push.id()), Callbacks.failure(push.checkoutRequestId().value(),
                "1032", "Cancelled"));

        assertEquals(503, lost.statusCode());
        WaitingCallbacks backlog = f.spool.waiting();
        assertEquals(0, backlog.count());
        assertTrue(backlog.problem().startsWith("The callback spool cannot be used: " + f.spoolDirectory
                + ": ClosedChannelException (a callback could not be kept at "), backlog.problem());

        f.spool.modified(TestConfigs.config("spoolDirectory", repaired.toString()));
        assertEquals(new WaitingCallbacks(0, null, null), f.spool.waiting(), "a usable directory clears it");
        HttpResponse<String> kept = f.post(f.stkPath(push.id()), Callbacks.failure(push.checkoutRequestId().value(),
                "1032", "Cancelled"));
        assertEquals(ACCEPTED, kept.body());
        assertEquals(1, f.spool.waiting().count());
        assertNull(f.spool.waiting().problem());
        f.database.down(false);
        f.awaitSpool(0);
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    @Test
    void forgedOversizedFromElsewhereOrMalformedRequestsNeverReachTheSpool() throws Exception {
        Push push = f.waitingPush(1);
        String body = Callbacks.success(push.checkoutRequestId().value(), "BAD0000001");
        String path = f.stkPath(push.id());
        String token = path.substring(path.lastIndexOf('/') + 1);
        f.database.down(true);

        HttpResponse<String> forged = f.post(path.replace(token, "0".repeat(32)), body);
        HttpResponse<String> forgedC2b = f.post("/hooks/daraja/c2b/confirmation/" + "0".repeat(32),
                Callbacks.c2b("BAD0000002", "1.00", "a", "x"));
        HttpResponse<String> oversized = f.post(path, body + " ".repeat(70_000));
        HttpResponse<String> malformed = f.post(path, "{\"Body\":");
        HttpResponse<String> notACallback = f.post(path, "{\"hello\":1}");
        HttpResponse<String> notC2b = f.post(f.c2bConfirmationPath(), "[1,2]");
        f.configure("allowListMode", "enforce");
        HttpResponse<String> elsewhere = f.post(path, body);

        assertEquals(404, forged.statusCode());
        assertEquals("", forged.body());
        assertEquals(404, forgedC2b.statusCode());
        assertEquals(413, oversized.statusCode());
        assertEquals(400, malformed.statusCode());
        assertEquals(400, notACallback.statusCode());
        assertTrue(notACallback.body().contains("Body.stkCallback is missing."), notACallback.body());
        assertEquals(400, notC2b.statusCode());
        assertEquals(403, elsewhere.statusCode());
        assertEquals(0, f.spool.status().messages());
        assertEquals(0, Files.size(f.spoolDirectory.resolve(SpoolFile.FILE_NAME)));
        f.database.down(false);
    }

    @Test
    void aSenderOutsideTheAllowListInLogModeIsSpooledAndNotedWhenReplayed() throws Exception {
        Push push = f.waitingPush(1);
        f.configure("allowListMode", "log");
        long before = f.lastJournalId();
        f.database.down(true);

        HttpResponse<String> response = f.post(f.stkPath(push.id()),
                Callbacks.failure(push.checkoutRequestId().value(), "1032", "Cancelled"));
        f.database.down(false);
        f.awaitSpool(0);

        assertEquals(200, response.statusCode());
        JournalEntry entry = f.journalAfter(before).get(0);
        assertTrue(entry.note().contains("source address 127.0.0.1 not in the allow list"), entry.note());
        assertNull(f.push(push.id()).paymentId());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    @Test
    void aSpooledPaymentIsRecordedOnceAlthoughItAlsoArrivesLiveAfterTheOutage() throws Exception {
        Push push = f.waitingPush(1);
        String receipt = "TWICE" + System.nanoTime() % 100000;
        String body = Callbacks.success(push.checkoutRequestId().value(), receipt);
        f.database.down(true);
        f.post(f.stkPath(push.id()), body);
        f.database.down(false);

        // the same callback again (Daraja repeats some), live, racing the replay: whichever comes first settles
        assertEquals(200, f.post(f.stkPath(push.id()), body).statusCode());
        f.awaitSpool(0);

        assertEquals(1, f.ledger.findPayments(PaymentQuery.all()).stream()
                .filter(p -> p.receipt() != null && p.receipt().value().equals(receipt)).count());
        assertEquals(PushStatus.CONFIRMED, f.push(push.id()).status());
    }
}
