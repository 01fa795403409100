package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.UnredeemedReason;

import org.junit.jupiter.api.Test;

/** {@code stkpush:link}: an unredeemed payment linked to a subscriber, once. */
class LinkCommandTest {

    private final FakePushPayments pushes = new FakePushPayments();
    private final FakeDirectory directory = new FakeDirectory();
    private final Payment late = pushes.addUnredeemed("sub-0009", 2500, "VM73KNJ2ZF", "254700000008",
            UnredeemedReason.LATE_PAYMENT, 30);

    private LinkCommand link(Object paymentId, String subscriber) {
        LinkCommand command = new LinkCommand();
        command.pushes = pushes;
        command.directory = directory;
        command.paymentId = paymentId.toString();
        command.subscriber = subscriber;
        return command;
    }

    @Test
    void linkedInTheShellUsersName() throws Exception {
        String out = Console.runAs("karaf", link(late.id(), "sub-0001"));

        assertEquals("Payment " + late.id() + " (KES 2,500, receipt VM73KNJ2ZF) linked to sub-0001 (Grace Wanjiku)"
                + " by karaf.\n", out);
        assertEquals("sub-0001", pushes.payments.get(late.id()).subscriberId().value());
        assertEquals(List.of("karaf"), pushes.linkedBy);
    }

    @Test
    void onceOnly() throws Exception {
        Console.run(link(late.id(), "sub-0001"));

        assertEquals("This payment is already linked to subscriber sub-0001.",
                Console.failure(link(late.id(), "sub-0014")));
        assertEquals("sub-0001", pushes.payments.get(late.id()).subscriberId().value());
    }

    @Test
    void unknownPaymentsAndSubscribersInWords() {
        PaymentId unknown = PaymentId.random();
        assertEquals("There is no payment with the id " + unknown + ".",
                Console.failure(link(unknown, "sub-0001")));
        assertEquals("There is no payment with the id VM73KNJ2ZF.", Console.failure(link("VM73KNJ2ZF", "sub-0001")));
        assertEquals("There is no subscriber with the id sub-9999.", Console.failure(link(late.id(), "sub-9999")));
        assertEquals(List.of(), pushes.linkedBy);
    }

    @Test
    void missingServices() {
        LinkCommand noPushService = link(late.id(), "sub-0001");
        noPushService.pushes = null;
        assertEquals("The push service is not running.", Console.failure(noPushService));

        LinkCommand noDirectory = link(late.id(), "sub-0001");
        noDirectory.directory = null;
        assertEquals("The host's subscriber directory is not running.", Console.failure(noDirectory));
    }
}
