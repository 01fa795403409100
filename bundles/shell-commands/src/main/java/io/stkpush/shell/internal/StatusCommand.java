package io.stkpush.shell.internal;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.Optional;

import io.stkpush.api.Payment;
import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;
import io.stkpush.api.text.OperatorText;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code stkpush:status <push>}: one push in full, in the words the operator reads, phone masked. */
@Service
@Command(scope = "stkpush", name = "status", description = "Shows one STK push in full")
public class StatusCommand extends StkpushAction {

    @Reference(optional = true)
    PushPayments pushes;

    @Argument(index = 0, name = "push", description = "the push id", required = true)
    @Completion(PushIdCompleter.class)
    String pushId;

    @Override
    void run(PrintStream out) throws CommandException {
        PushPayments service = running(pushes, NO_PUSH_SERVICE);
        Push push = service.find(Input.pushId(pushId)).orElseThrow(() -> Input.unknownPush(pushId));
        Optional<Payment> payment = push.paymentId() == null ? Optional.empty()
                : service.findPayment(push.paymentId());
        print(out, push, payment, zone);
    }

    /** The push as {@code stkpush:status} and {@code stkpush:reconcile} show it. */
    static void print(PrintStream out, Push push, Optional<Payment> payment, ZoneId zone) {
        Lines lines = new Lines(out);
        lines.add("Push", push.id());
        lines.add("Status", push.status());
        lines.add("Message", OperatorText.english().push(push));
        lines.add("Reason", push.reason() == null ? null : push.reason().code());
        lines.add("Result code", push.resultCode());
        lines.add("Subscriber", push.subscriberId());
        lines.add("Phone", Shown.phone(push.phone()));
        lines.add("Amount", Shown.amount(push.amount()));
        if (push.paidAmount() != null && !push.paidAmount().equals(push.amount())) {
            lines.add("Paid", Shown.amount(push.paidAmount()));
        }
        lines.add("Receipt", push.receipt());
        lines.add("Payment", push.paymentId() == null ? null : push.paymentId() + payment.map(StatusCommand::held)
                .orElse(""));
        lines.add("Checkout id", push.checkoutRequestId());
        lines.add("Operator", push.operator());
        lines.add("Plan", push.planId());
        lines.add("Created", Shown.time(push.createdAt(), zone));
        lines.add("Updated", Shown.time(push.updatedAt(), zone));
        lines.add("Wait until", Shown.time(push.waitUntil(), zone));
        lines.add("Queries", push.pollAttempts() + (push.nextPollAt() == null ? ""
                : ", next at " + Shown.time(push.nextPollAt(), zone)));
        lines.add("Review", push.needsReview()
                ? "left for review since " + Shown.time(push.reviewSince(), zone) : "no");
    }

    private static String held(Payment payment) {
        if (!payment.isUnredeemed()) {
            return " (linked to " + payment.subscriberId() + ")";
        }
        return payment.unredeemedReason() == null ? " (unredeemed)"
                : " (unredeemed: " + OperatorText.english().unredeemed(payment.unredeemedReason()) + ")";
    }

    @Override
    String doing() {
        return "read the push";
    }

    /** Label and value, aligned; a line without a value is left out. */
    private record Lines(PrintStream out) {

        void add(String label, Object value) {
            String text = Shown.text(value);
            if (!text.isEmpty()) {
                out.println(String.format("%-12s %s", label, text));
            }
        }
    }
}
