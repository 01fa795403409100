package io.stkpush.shell.internal;

import java.io.PrintStream;

import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReconciler;
import io.stkpush.api.PushReconciler.Reconciliation;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.text.OperatorText;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code stkpush:reconcile <push>}: asks the provider about one push now, instead of at its next scheduled query;
 * the answer is journaled and applied as a scheduled query's is.
 */
@Service
@Command(scope = "stkpush", name = "reconcile", description = "Asks the provider about one push now",
        detailedDescription = "Queries the push's status at the provider now (for a push left for review, say). The"
                + " answer is journaled and applied exactly as a scheduled status query's. A push already settled"
                + " is not asked about again.")
public class ReconcileCommand extends StkpushAction {

    static final String NO_RECONCILER = "The poller is not running: nothing can ask the provider now.";

    @Reference(optional = true)
    PushReconciler reconciler;

    @Argument(index = 0, name = "push", description = "the push id", required = true)
    @Completion(PushIdCompleter.class)
    String pushId;

    @Override
    void run(PrintStream out) throws CommandException {
        PushId id = Input.pushId(pushId);
        PushReconciler service = running(reconciler, NO_RECONCILER);
        Reconciliation reconciliation;
        try {
            reconciliation = service.reconcile(id);
        } catch (UnknownPaymentException e) {
            throw Input.unknownPush(id);
        }
        Push push = reconciliation.push();
        out.println(reconciliation.report());
        out.println("Push " + push.id() + ": " + push.status());
        out.println(OperatorText.english().push(push));
    }

    @Override
    String doing() {
        return "reconcile the push";
    }
}
