package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;

import org.junit.jupiter.api.Test;

/** {@code stkpush:push}: a prompt sent from the shell, as the STK Push dialog sends it. */
class PushCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();
    private final FakeDirectory directory = new FakeDirectory();

    private PushCommand push(String subscriber, String amount) {
        PushCommand command = new PushCommand();
        command.pushes = pushes;
        command.directory = directory;
        command.subscriber = subscriber;
        command.amount = amount;
        return command;
    }

    @Test
    void thePromptGoesToTheRegisteredPhoneInTheShellUsersName() throws Exception {
        String out = Console.runAs("karaf", push("sub-0001", "1500"));

        PushRequest sent = pushes.initiated.get(0);
        assertEquals("sub-0001", sent.subscriberId().value());
        assertEquals(new PhoneNumber("254700000000"), sent.phone());
        assertEquals(Kes.of(1500), sent.amount());
        assertEquals("karaf", sent.operator().value());
        PushId id = pushes.pushes.keySet().iterator().next();
        assertEquals(List.of("Push " + id + ": WAITING",
                "Waiting for customer to complete payment on their phone",
                "Sent to 2547****0000 for sub-0001 (Grace Wanjiku), KES 1,500, by karaf."), out.lines().toList());
    }

    @Test
    void aTypedPhoneWinsOverTheRegisteredOne() throws Exception {
        PushCommand command = push("sub-0001", "250");
        command.phone = "+254 712-345-678";

        String out = Console.runAs("karaf", command);

        assertEquals(new PhoneNumber("254712345678"), pushes.initiated.get(0).phone());
        assertTrue(out.contains("Sent to 2547****5678 "), out);
        assertFalse(out.contains("254712345678"), "the phone is masked: " + out);
    }

    @Test
    void aRefusalIsShownInTheOperatorsWords() throws Exception {
        pushes.answerStatus = PushStatus.FAILED;
        pushes.answerReason = PushReason.NOT_REGISTERED;

        String out = Console.runAs("karaf", push("sub-0014", "100"));

        assertTrue(out.startsWith("Push "), out);
        assertTrue(out.contains(": FAILED\nNumber not registered for M-Pesa\n"), out);
    }

    @Test
    void wholeShillingsFromOneTo250000() throws Exception {
        for (String amount : List.of("1", "1500", "1,500", "1500.00", "250000", " 42 ")) {
            Console.run(push("sub-0001", amount));
        }
        assertEquals(List.of(1L, 1500L, 1500L, 1500L, 250_000L, 42L),
                pushes.initiated.stream().map(r -> r.amount().shillings()).toList());

        for (String amount : List.of("0", "1500.50", "-5", "250001", "abc", "", "1,50", "1e3", "99999999999999999999")) {
            assertEquals("Enter a whole amount in KES between 1 and 250,000.",
                    Console.failure(push("sub-0001", amount)), amount);
        }
        assertEquals(6, pushes.initiated.size(), "nothing sent for a bad amount");
    }

    @Test
    void aPhoneThatIsNotSafaricomIsRefusedInWords() {
        PushCommand command = push("sub-0001", "100");
        command.phone = "12345";

        assertEquals("Enter a Safaricom number like 0712345678 or 254712345678.", Console.failure(command));
        assertTrue(pushes.initiated.isEmpty());
    }

    @Test
    void anUnknownSubscriber() {
        assertEquals("There is no subscriber with the id sub-9999.", Console.failure(push("sub-9999", "100")));
        assertEquals("Give the subscriber's id.", Console.failure(push(" ", "100")));
    }

    @Test
    void aSubscriberWithoutAUsablePhoneNeedsOneTyped() throws Exception {
        assertEquals("Subscriber walk-in has no registered phone number. Give the number to prompt with --phone.",
                Console.failure(push("walk-in", "100")));
        assertEquals("Subscriber sub-0200's registered phone is not a Safaricom number. Give the number to prompt"
                + " with --phone.", Console.failure(push("sub-0200", "100")));

        PushCommand typed = push("walk-in", "100");
        typed.phone = "0712345678";
        Console.run(typed);
        assertEquals("walk-in", pushes.initiated.get(0).subscriberId().value());
    }

    @Test
    void aPromptAlreadyOpenOnThatPhone() {
        PushId open = PushId.random();
        pushes.openPrompts.put("254700000000", open);

        assertEquals("This phone already has a payment prompt open. Wait for it to finish, or stop waiting first."
                + " The open push is " + open + ".", Console.failure(push("sub-0001", "100")));
    }

    @Test
    void missingServicesAreNamed() {
        PushCommand noPushService = push("sub-0001", "100");
        noPushService.pushes = null;
        assertEquals("The push service is not running.", Console.failure(noPushService));

        PushCommand noDirectory = push("sub-0001", "100");
        noDirectory.directory = null;
        assertEquals("The host's subscriber directory is not running.", Console.failure(noDirectory));
    }

    @Test
    void aDatabaseDownIsOneLineWithoutItsDetails() {
        pushes.failure = new IllegalStateException("Connection to db.example.net:5432 refused");

        String error = Console.failure(push("sub-0001", "100"));

        assertEquals("Could not send the prompt right now; the cause is in the server's log.", error);
    }

    @Test
    void withoutALoginTheSessionsUserOrKarafSends() throws Exception {
        Console.run(push("sub-0001", "100"));
        assertEquals("karaf", pushes.initiated.get(0).operator().value());

        PushCommand command = push("sub-0014", "100");
        command.session = new SessionWithUser("alice");
        Console.run(command);
        assertEquals("alice", pushes.initiated.get(1).operator().value());
    }

    @Test
    void theLoggedInUserWinsOverTheSessionsUser() throws Exception {
        PushCommand command = push("sub-0001", "100");
        command.session = new SessionWithUser("someone-else");

        Console.runAs("admin2", command);

        assertEquals("admin2", pushes.initiated.get(0).operator().value());
    }
}
