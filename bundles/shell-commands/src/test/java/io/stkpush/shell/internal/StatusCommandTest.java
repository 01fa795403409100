package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;

import org.junit.jupiter.api.Test;

/** {@code stkpush:status}: one push in full, in the operator's words. */
class StatusCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();

    private StatusCommand status(Object id) {
        StatusCommand command = new StatusCommand();
        command.pushes = pushes;
        command.pushId = id.toString();
        return command;
    }

    @Test
    void aConfirmedPushWithItsReceiptAndPayment() throws Exception {
        Push push = pushes.confirm(pushes.add("sub-0001", "254700000000", 1500, PushStatus.WAITING, null, 3),
                "VM73KNJ2ZD");

        String out = Console.run(status(push.id()));

        assertEquals(List.of(
                "Push         " + push.id(),
                "Status       CONFIRMED",
                "Message      Payment received and recorded.",
                "Reason       paid",
                "Result code  0",
                "Subscriber   sub-0001",
                "Phone        2547****0000",
                "Amount       KES 1,500",
                "Receipt      VM73KNJ2ZD",
                "Payment      " + push.paymentId() + " (linked to sub-0001)",
                "Checkout id  " + push.checkoutRequestId(),
                "Operator     operator",
                "Created      2025-03-10 09:27:00",
                "Updated      2025-03-10 09:27:00",
                "Wait until   2025-03-10 09:28:36",
                "Queries      1",
                "Review       no"), out.lines().toList());
    }

    @Test
    void aFailedPushInWordsWithItsNextQueryAndReview() throws Exception {
        Push push = pushes.add("sub-0003", "254700000002", 100, PushStatus.FAILED, PushReason.INSUFFICIENT_FUNDS, 1);
        Push review = pushes.leaveForReview(
                pushes.add("sub-0014", "254700000013", 1500, PushStatus.TIMEOUT, PushReason.ANSWER_LOST, 30), 20);

        String failed = Console.run(status(push.id()));
        assertTrue(failed.contains("Message      Insufficient M-Pesa balance.\n"), failed);
        assertTrue(failed.contains("Queries      0, next at 2025-03-10 09:29:08\n"), failed);
        assertFalse(failed.contains("254700000002"), failed);

        String left = Console.run(status(review.id()));
        assertTrue(left.contains("Message      No answer from M-Pesa; the prompt may still reach the phone.\n"), left);
        assertTrue(left.contains("Review       left for review since 2025-03-10 09:10:00\n"), left);
    }

    @Test
    void anUnknownOrMistypedIdInWords() {
        PushId unknown = PushId.random();
        assertEquals("There is no push with the id " + unknown + ".", Console.failure(status(unknown)));
        assertEquals("There is no push with the id 12345.", Console.failure(status("12345")));

        StatusCommand missing = status(unknown);
        missing.pushes = null;
        assertEquals("The push service is not running.", Console.failure(missing));
    }
}
