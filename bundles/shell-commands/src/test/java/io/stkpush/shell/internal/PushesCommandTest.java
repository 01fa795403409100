package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import io.stkpush.api.Push;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code stkpush:pushes}: recent pushes of any status, and those left for review. */
class PushesCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();

    private Push paidEarly;
    private Push paidLater;
    private Push lostAnswer;
    private Push gaveUp;
    private Push failed;

    @BeforeEach
    void someHistory() {
        paidEarly = pushes.confirm(pushes.add("sub-0001", "254700000000", 1500, PushStatus.WAITING, null, 50),
                "VM73KNJ2ZD");
        paidLater = pushes.confirm(pushes.add("sub-0006", "254700000005", 2500, PushStatus.WAITING, null, 10),
                "VM73KNJ2ZE");
        lostAnswer = pushes.leaveForReview(
                pushes.add("sub-0014", "254700000013", 1500, PushStatus.TIMEOUT, PushReason.ANSWER_LOST, 30), 20);
        gaveUp = pushes.leaveForReview(
                pushes.add("sub-0009", "254700000008", 700, PushStatus.STOPPED, null, 40), 5);
        failed = pushes.add("sub-0003", "254700000002", 100, PushStatus.FAILED, PushReason.INSUFFICIENT_FUNDS, 1);
    }

    private PushesCommand command() {
        PushesCommand command = new PushesCommand();
        command.pushes = pushes;
        return command;
    }

    /** The push ids in the order the table lists them. */
    private static List<String> ids(String out) {
        return out.lines().map(line -> line.split("[ \t│|]+")[0]).filter(word -> word.length() == 36).toList();
    }

    @Test
    void recentPushesNewestFirstWithPhonesMasked() throws Exception {
        String out = Console.run(command());

        assertEquals(List.of(failed.id().toString(), paidLater.id().toString(), lostAnswer.id().toString(),
                gaveUp.id().toString(), paidEarly.id().toString()), ids(out));
        String first = out.lines().filter(line -> line.startsWith(paidLater.id().toString())).findFirst().get();
        for (String cell : List.of("2025-03-10 09:20:00", "sub-0006", "2547****0005", "KES 2,500", "CONFIRMED",
                "paid")) {
            assertTrue(first.contains(cell), cell + " in " + first);
        }
        assertTrue(out.contains("TIMEOUT, review"), out);
        assertTrue(out.contains("answer_lost"), out);
        assertFalse(out.contains("254700000005"), "no phone in full: " + out);
        String header = out.lines().findFirst().get();
        for (String column : List.of("Push", "Created", "Subscriber", "Phone", "Amount", "Status", "Reason")) {
            assertTrue(header.contains(column), header);
        }
    }

    @Test
    void aPushThatEndedWithoutAPaymentIsListedToo() throws Exception {
        PushesCommand failures = command();
        failures.status = "FAILED";
        String out = Console.run(failures);
        assertEquals(List.of(failed.id().toString()), ids(out));
        assertTrue(out.contains("insufficient_funds"), out);
    }

    @Test
    void byStatusAndLimit() throws Exception {
        PushesCommand confirmed = command();
        confirmed.status = "confirmed";
        assertEquals(List.of(paidLater.id().toString(), paidEarly.id().toString()), ids(Console.run(confirmed)));

        PushesCommand newest = command();
        newest.limit = 1;
        assertEquals(List.of(failed.id().toString()), ids(Console.run(newest)));
    }

    @Test
    void leftForReviewOldestFirst() throws Exception {
        PushesCommand review = command();
        review.review = true;
        assertEquals(List.of(lostAnswer.id().toString(), gaveUp.id().toString()), ids(Console.run(review)));

        review = command();
        review.review = true;
        review.status = "STOPPED";
        assertEquals(List.of(gaveUp.id().toString()), ids(Console.run(review)));
    }

    @Test
    void anEmptyListSaysSo() throws Exception {
        PushesCommand waiting = command();
        waiting.status = "SENDING";
        assertTrue(Console.run(waiting).contains("No pushes."));

        FakePushPayments none = new FakePushPayments();
        PushesCommand review = new PushesCommand();
        review.pushes = none;
        review.review = true;
        assertTrue(Console.run(review).contains("No push is left for review."));
    }

    @Test
    void tabSeparatedForScripts() throws Exception {
        PushesCommand command = command();
        command.noFormat = true;
        command.status = "CONFIRMED";
        command.limit = 1;

        String row = Console.run(command).lines().filter(line -> line.startsWith(paidLater.id().toString()))
                .findFirst().get();

        // Karaf's table pads the cells to the column, also without format
        assertEquals(List.of(paidLater.id().toString(), "2025-03-10 09:20:00", "sub-0006", "2547****0005",
                "KES 2,500", "CONFIRMED", "paid"), Arrays.stream(row.split("\t")).map(String::strip).toList());
    }

    @Test
    void badOptionsAndAMissingServiceInWords() {
        PushesCommand status = command();
        status.status = "PAID";
        assertEquals("There is no status PAID. Use one of SENDING, WAITING, CONFIRMED, CANCELLED, TIMEOUT, FAILED,"
                + " STOPPED.", Console.failure(status));

        for (int limit : new int[] {0, 1001}) {
            PushesCommand bad = command();
            bad.limit = limit;
            assertEquals("--limit must be between 1 and 1000.", Console.failure(bad));
        }

        PushesCommand missing = command();
        missing.pushes = null;
        assertEquals("The push service is not running.", Console.failure(missing));
    }
}
