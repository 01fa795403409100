package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.stkpush.api.Payment;
import io.stkpush.api.Push;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.UnredeemedReason;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.jupiter.api.Test;

/** Tab completion of push ids, payment ids and subscribers. */
class CompletersTest {

    private final FakePushPayments pushes = new FakePushPayments();
    private final FakeDirectory directory = new FakeDirectory();

    /** The command line while the cursor is at the end of {@code typed}, the last word. */
    private static CommandLine typing(String command, String typed) {
        String buffer = command + " " + typed;
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return typed;
            }

            @Override
            public int getArgumentPosition() {
                return typed.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {command, typed};
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }

    private static List<String> complete(Completer completer, String typed) {
        List<String> strings = new ArrayList<>();
        completer.complete(null, typing("stkpush:x", typed), strings);
        return strings.stream().map(String::strip).toList();
    }

    private static List<Candidate> candidates(Completer completer, String typed) {
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, typing("stkpush:x", typed), candidates);
        return candidates;
    }

    @Test
    void pushIdsOfRecentPushesAndThoseLeftForReview() {
        Push paid = pushes.confirm(pushes.add("sub-0001", "254700000000", 1500, PushStatus.WAITING, null, 5), "R1");
        Push review = pushes.leaveForReview(
                pushes.add("sub-0014", "254700000013", 1500, PushStatus.TIMEOUT, PushReason.ANSWER_LOST, 30), 20);
        PushIdCompleter completer = new PushIdCompleter();
        completer.pushes = pushes;

        assertEquals(List.of(paid.id().toString(), review.id().toString()).stream().sorted().toList(),
                complete(completer, ""));
        String prefix = review.id().toString().substring(0, 6);
        assertTrue(complete(completer, prefix).contains(review.id().toString()));
        assertTrue(complete(completer, prefix).stream().allMatch(id -> id.startsWith(prefix)));

        List<Candidate> described = candidates(completer, review.id().toString().substring(0, 6));
        Candidate candidate = described.stream().filter(c -> c.value().equals(review.id().toString())).findFirst()
                .get();
        assertEquals("sub-0014, KES 1,500, TIMEOUT, review", candidate.descr());
    }

    @Test
    void paymentIdsOfUnredeemedPaymentsOnly() {
        Payment late = pushes.addUnredeemed("sub-0009", 2500, "VM73KNJ2ZF", "254700000008",
                UnredeemedReason.LATE_PAYMENT, 30);
        pushes.confirm(pushes.add("sub-0001", "254700000000", 1500, PushStatus.WAITING, null, 5), "R1");
        PaymentIdCompleter completer = new PaymentIdCompleter();
        completer.pushes = pushes;

        assertEquals(List.of(late.id().toString()), complete(completer, ""));
        assertEquals("KES 2,500, VM73KNJ2ZF, late_payment", candidates(completer, "").get(0).descr());
    }

    @Test
    void subscriberIdsStartingWithWhatWasTypedDescribedByName() {
        SubscriberCompleter completer = new SubscriberCompleter();
        completer.directory = directory;

        assertEquals(List.of("sub-0001", "sub-0014", "sub-0200"), complete(completer, "sub-"));
        assertEquals(List.of("walk-in"), complete(completer, "w"));
        List<Candidate> described = candidates(completer, "sub-00");
        assertEquals(List.of("Grace Wanjiku", "Peter Njoroge"), described.stream().map(Candidate::descr).toList());
    }

    @Test
    void nothingToOfferWhenAServiceIsMissingOrFailing() {
        PushIdCompleter noPushes = new PushIdCompleter();
        assertEquals(List.of(), complete(noPushes, ""));
        SubscriberCompleter noDirectory = new SubscriberCompleter();
        assertEquals(List.of(), complete(noDirectory, ""));

        pushes.failure = new IllegalStateException("database down");
        directory.failure = new IllegalStateException("host down");
        PaymentIdCompleter payments = new PaymentIdCompleter();
        payments.pushes = pushes;
        SubscriberCompleter subscribers = new SubscriberCompleter();
        subscribers.directory = directory;
        assertEquals(List.of(), complete(payments, ""));
        assertEquals(List.of(), candidates(subscribers, "sub"));
    }
}
