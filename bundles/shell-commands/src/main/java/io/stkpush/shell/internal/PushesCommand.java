package io.stkpush.shell.internal;

import java.io.PrintStream;
import java.util.List;

import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushStatus;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code stkpush:pushes}: recent pushes, or those left for review, as a table. */
@Service
@Command(scope = "stkpush", name = "pushes", description = "Lists recent STK pushes, or those left for review",
        detailedDescription = "Recent pushes, newest first, of any status or the one asked; with --review, those"
                + " left for review, oldest first. Phones are masked.")
public class PushesCommand extends StkpushAction {

    @Reference(optional = true)
    PushPayments pushes;

    @Option(name = "--status", description = "only pushes with this status")
    @Completion(value = StringsCompleter.class,
            values = {"SENDING", "WAITING", "CONFIRMED", "CANCELLED", "TIMEOUT", "FAILED", "STOPPED"})
    String status;

    @Option(name = "--review", description = "only the pushes left for review (no outcome will come on its own),"
            + " oldest first")
    boolean review;

    @Option(name = "--limit", description = "at most this many (1 to 1000)")
    int limit = 20;

    @Option(name = "--no-format", description = "tab-separated rows, for scripts")
    boolean noFormat;

    @Override
    void run(PrintStream out) throws CommandException {
        PushStatus only = Input.status(status);
        int max = Input.limit(limit);
        PushPayments service = running(pushes, NO_PUSH_SERVICE);
        List<Push> listed = review ? RecentPushes.needingReview(service, only, max)
                : service.recentPushes(only, max);

        ShellTable table = new ShellTable().emptyTableText(review ? "No push is left for review." : "No pushes.");
        table.column("Push");
        table.column("Created");
        table.column("Subscriber");
        table.column("Phone");
        table.column("Amount").alignRight();
        table.column("Status");
        table.column("Reason");
        for (Push push : listed) {
            table.addRow().addContent(push.id(), Shown.time(push.createdAt(), zone), push.subscriberId(),
                    Shown.phone(push.phone()), Shown.amount(push.amount()), Shown.status(push),
                    push.reason() == null ? "" : push.reason().code());
        }
        table.print(out, !noFormat);
    }

    @Override
    String doing() {
        return "list the pushes";
    }
}
