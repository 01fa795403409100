package io.stkpush.shell.internal;

import java.io.PrintStream;

import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code stkpush:link <payment> <subscriber>}: links an unredeemed payment to a subscriber, once. */
@Service
@Command(scope = "stkpush", name = "link", description = "Links an unredeemed payment to a subscriber",
        detailedDescription = "Links the payment once, recording the shell's user and the time, as Unmatched"
                + " Payments does. It does not extend the subscription.")
public class LinkCommand extends StkpushAction {

    private static final Logger LOG = LoggerFactory.getLogger(LinkCommand.class);

    @Reference(optional = true)
    PushPayments pushes;

    @Reference(optional = true)
    SubscriberDirectory directory;

    @Reference
    Session session;

    @Argument(index = 0, name = "payment", description = "the unredeemed payment's id", required = true)
    @Completion(PaymentIdCompleter.class)
    String paymentId;

    @Argument(index = 1, name = "subscriber", description = "the subscriber's id", required = true)
    @Completion(SubscriberCompleter.class)
    String subscriber;

    @Override
    void run(PrintStream out) throws CommandException {
        PaymentId id = Input.paymentId(paymentId);
        PushPayments service = running(pushes, NO_PUSH_SERVICE);
        Subscriber payer = running(directory, NO_DIRECTORY).find(Input.subscriberId(subscriber))
                .orElseThrow(() -> Input.unknownSubscriber(subscriber));
        OperatorName operator = ShellOperator.current(session);

        Payment linked;
        try {
            linked = service.linkPayment(id, payer.id(), operator);
        } catch (UnknownPaymentException e) {
            throw Input.unknownPayment(id);
        } catch (PaymentAlreadyLinkedException e) {
            throw new CommandException(e.getMessage());
        }
        LOG.info("{} linked payment {} to subscriber {} from the shell", operator, id, payer.id());
        out.println("Payment " + linked.id() + " (" + Shown.amount(linked.amount())
                + (linked.receipt() == null ? "" : ", receipt " + linked.receipt()) + ") linked to " + payer.id()
                + " (" + payer.name() + ") by " + operator + ".");
    }

    @Override
    String doing() {
        return "link the payment";
    }
}
