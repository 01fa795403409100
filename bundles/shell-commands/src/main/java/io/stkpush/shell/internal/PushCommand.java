package io.stkpush.shell.internal;

import java.io.PrintStream;

import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.text.OperatorText;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stkpush:push [--phone] <subscriber> <amount>}: sends a payment prompt, as the STK Push dialog does, in the
 * name of the shell's user. It answers with the push as it stands once M-Pesa answered (usually WAITING); the
 * outcome follows with {@code stkpush:status}.
 */
@Service
@Command(scope = "stkpush", name = "push", description = "Sends an M-Pesa payment prompt to a subscriber's phone",
        detailedDescription = "Sends the prompt as the STK Push dialog does, in the name of the shell's user, and"
                + " prints the push id, its status and what it means. The phone defaults to the subscriber's"
                + " registered one. Follow the outcome with stkpush:status <push>.")
public class PushCommand extends StkpushAction {

    private static final Logger LOG = LoggerFactory.getLogger(PushCommand.class);

    @Reference(optional = true)
    PushPayments pushes;

    @Reference(optional = true)
    SubscriberDirectory directory;

    @Reference
    Session session;

    @Argument(index = 0, name = "subscriber", description = "the subscriber's id", required = true)
    @Completion(SubscriberCompleter.class)
    String subscriber;

    @Argument(index = 1, name = "amount", description = "whole KES, 1 to 250,000", required = true)
    String amount;

    @Option(name = "--phone", description = "the phone to prompt (0712345678, 254712345678 or +254712345678);"
            + " default: the subscriber's registered phone")
    String phone;

    @Override
    void run(PrintStream out) throws CommandException {
        Kes asked = Input.amount(amount);
        PhoneNumber typed = phone == null || phone.isBlank() ? null : PhoneNumber.parse(phone);
        PushPayments service = running(pushes, NO_PUSH_SERVICE);
        Subscriber payer = running(directory, NO_DIRECTORY).find(Input.subscriberId(subscriber))
                .orElseThrow(() -> Input.unknownSubscriber(subscriber));
        PhoneNumber prompted = typed != null ? typed : registeredPhone(payer);
        OperatorName operator = ShellOperator.current(session);

        Push push;
        try {
            push = service.initiate(new PushRequest(payer.id(), prompted, asked, operator, null));
        } catch (PromptAlreadyOpenException e) {
            throw new CommandException(e.openPush() == null ? e.getMessage()
                    : e.getMessage() + " The open push is " + e.openPush() + ".");
        }
        LOG.info("{} sent a prompt from the shell for {} to {} (subscriber {}): push {} {}", operator, asked,
                prompted, payer.id(), push.id(), push.status());

        out.println("Push " + push.id() + ": " + push.status());
        out.println(OperatorText.english().push(push));
        out.println("Sent to " + prompted.masked() + " for " + payer.id() + " (" + payer.name() + "), "
                + Shown.amount(asked) + ", by " + operator + ".");
    }

    private static PhoneNumber registeredPhone(Subscriber payer) throws CommandException {
        if (payer.phone() == null || payer.phone().isBlank()) {
            throw new CommandException("Subscriber " + payer.id() + " has no registered phone number. Give the"
                    + " number to prompt with --phone.");
        }
        try {
            return PhoneNumber.parse(payer.phone());
        } catch (InvalidPhoneNumberException e) {
            throw new CommandException("Subscriber " + payer.id() + "'s registered phone is not a Safaricom"
                    + " number. Give the number to prompt with --phone.");
        }
    }

    @Override
    String doing() {
        return "send the prompt";
    }
}
