package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.stkpush.api.Payment;
import io.stkpush.api.PushStatus;
import io.stkpush.api.UnredeemedReason;

import org.junit.jupiter.api.Test;

/** {@code stkpush:unredeemed}: the payments waiting for an operator to link them. */
class UnredeemedCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();

    private UnredeemedCommand command() {
        UnredeemedCommand command = new UnredeemedCommand();
        command.pushes = pushes;
        return command;
    }

    @Test
    void newestFirstWithWhyEachIsHeldAndPhonesMasked() throws Exception {
        Payment late = pushes.addUnredeemed("sub-0009", 2500, "VM73KNJ2ZF", "254700000008",
                UnredeemedReason.LATE_PAYMENT, 30);
        Payment c2b = pushes.addUnredeemed(null, 800, "VM73KNJ2ZG", "0c5a6c1e7f3b4d2a9e8f", // hashed by Safaricom
                UnredeemedReason.UNKNOWN_ACCOUNT, 5);
        pushes.confirm(pushes.add("sub-0001", "254700000000", 1500, PushStatus.WAITING, null, 1), "VM73KNJ2ZD");

        String out = Console.run(command());

        List<String> rows = out.lines().filter(line -> line.matches("^[0-9a-f]{8}-[0-9a-f-]{27} .*")).toList();
        assertEquals(2, rows.size(), out);
        assertTrue(rows.get(0).startsWith(c2b.id().toString()), out);
        assertTrue(rows.get(1).startsWith(late.id().toString()), out);
        for (String cell : List.of("2025-03-10 09:00:00", "VM73KNJ2ZF", "KES 2,500", "2547****0008", "sub-0009",
                "late_payment")) {
            assertTrue(rows.get(1).contains(cell), cell + " in " + rows.get(1));
        }
        assertTrue(rows.get(0).contains("0c5a****9e8f"), rows.get(0));
        assertTrue(rows.get(0).contains("unknown_account"), rows.get(0));
        assertFalse(out.contains("254700000008"), out);
        assertTrue(pushes.queries.get(0).unredeemedOnly());
        assertEquals(50, pushes.queries.get(0).limit());
    }

    @Test
    void noneSaysSo() throws Exception {
        assertTrue(Console.run(command()).contains("No unredeemed payments."));
    }

    @Test
    void limitAndAMissingService() throws Exception {
        UnredeemedCommand limited = command();
        limited.limit = 3;
        Console.run(limited);
        assertEquals(3, pushes.queries.get(0).limit());

        UnredeemedCommand bad = command();
        bad.limit = 0;
        assertEquals("--limit must be between 1 and 1000.", Console.failure(bad));

        UnredeemedCommand missing = command();
        missing.pushes = null;
        assertEquals("The push service is not running.", Console.failure(missing));
    }
}
