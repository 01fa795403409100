package io.stkpush.shell.internal;

import java.io.PrintStream;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PushPayments;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code stkpush:unredeemed}: payments not linked to a subscriber, newest first, as a table. */
@Service
@Command(scope = "stkpush", name = "unredeemed", description = "Lists the payments waiting to be linked to a"
        + " subscriber", detailedDescription = "Unredeemed payments, newest first: paid late, a different amount,"
                + " an account number nobody has, … Link one with stkpush:link <payment> <subscriber>. Phones are"
                + " masked.")
public class UnredeemedCommand extends StkpushAction {

    @Reference(optional = true)
    PushPayments pushes;

    @Option(name = "--limit", description = "at most this many (1 to 1000)")
    int limit = 50;

    @Option(name = "--no-format", description = "tab-separated rows, for scripts")
    boolean noFormat;

    @Override
    void run(PrintStream out) throws CommandException {
        int max = Input.limit(limit);
        PushPayments service = running(pushes, NO_PUSH_SERVICE);

        ShellTable table = new ShellTable().emptyTableText("No unredeemed payments.");
        table.column("Payment");
        table.column("Paid");
        table.column("Receipt");
        table.column("Amount").alignRight();
        table.column("Phone");
        table.column("Account");
        table.column("Meant for");
        table.column("Reason");
        for (Payment payment : service.payments(new PaymentQuery(null, true, null, null, max))) {
            table.addRow().addContent(payment.id(), Shown.time(payment.paidAt(), zone), Shown.text(payment.receipt()),
                    Shown.amount(payment.amount()), Shown.payerPhone(payment.phone()),
                    Shown.text(payment.accountReference()), Shown.text(payment.intendedSubscriberId()),
                    payment.unredeemedReason() == null ? "" : payment.unredeemedReason().code());
        }
        table.print(out, !noFormat);
    }

    @Override
    String doing() {
        return "list the unredeemed payments";
    }
}
