package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReconciler;
import io.stkpush.api.PushStatus;
import io.stkpush.api.UnknownPaymentException;

import org.junit.jupiter.api.Test;

/** {@code stkpush:reconcile}: the provider asked about one push now. */
class ReconcileCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();
    private final List<PushId> asked = new ArrayList<>();

    /** Answers as the poller does: the push confirmed by what the provider said. */
    private final PushReconciler reconciler = id -> {
        asked.add(id);
        Push push = pushes.pushes.get(id);
        if (push == null) {
            throw new UnknownPaymentException("No push " + id);
        }
        return new PushReconciler.Reconciliation(pushes.confirm(push, "VM73KNJ2ZH"), true,
                "M-Pesa says: The service request is processed successfully.");
    };

    private ReconcileCommand reconcile(Object id) {
        ReconcileCommand command = new ReconcileCommand();
        command.reconciler = reconciler;
        command.pushId = id.toString();
        return command;
    }

    @Test
    void printsWhatTheProviderSaidAndThePushAfterwards() throws Exception {
        Push push = pushes.leaveForReview(pushes.add("sub-0006", "254700000005", 2500, PushStatus.TIMEOUT, null, 90),
                10);

        String out = Console.run(reconcile(push.id()));

        assertEquals(List.of("M-Pesa says: The service request is processed successfully.",
                "Push " + push.id() + ": CONFIRMED", "Payment received and recorded."), out.lines().toList());
        assertEquals(List.of(push.id()), asked);
    }

    @Test
    void unknownIdsAndAMissingPollerInWords() {
        PushId unknown = PushId.random();
        assertEquals("There is no push with the id " + unknown + ".", Console.failure(reconcile(unknown)));
        assertEquals("There is no push with the id abc.", Console.failure(reconcile("abc")));
        assertEquals(List.of(unknown), asked);

        ReconcileCommand missing = reconcile(unknown);
        missing.reconciler = null;
        assertEquals("The poller is not running: nothing can ask the provider now.", Console.failure(missing));
    }
}
