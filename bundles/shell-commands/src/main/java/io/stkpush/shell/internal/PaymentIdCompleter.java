package io.stkpush.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PushPayments;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Completes payment ids: the unredeemed payments, the ones {@code stkpush:link} takes. */
@Service
public class PaymentIdCompleter implements Completer {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentIdCompleter.class);

    static final int OFFERED = 100;

    @Reference(optional = true)
    PushPayments pushes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return IdCompletion.complete(ids(), session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        IdCompletion.candidates(ids(), commandLine, candidates);
    }

    /** Each id with "amount, receipt, why held". */
    Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        if (pushes == null) {
            return ids;
        }
        try {
            for (Payment payment : pushes.payments(new PaymentQuery(null, true, null, null, OFFERED))) {
                ids.put(payment.id().toString(), Shown.amount(payment.amount())
                        + (payment.receipt() == null ? "" : ", " + payment.receipt())
                        + (payment.unredeemedReason() == null ? "" : ", " + payment.unredeemedReason().code()));
            }
        } catch (RuntimeException e) {
            LOG.debug("No payment ids to complete: {}", e.toString());
        }
        return ids;
    }
}
