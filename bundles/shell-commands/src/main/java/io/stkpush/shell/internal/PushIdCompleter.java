package io.stkpush.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Completes push ids: the recent pushes and those left for review, as {@code stkpush:pushes} lists them. */
@Service
public class PushIdCompleter implements Completer {

    private static final Logger LOG = LoggerFactory.getLogger(PushIdCompleter.class);

    static final int OFFERED = 50;

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

    /** Each id with "subscriber, amount, status". */
    Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        if (pushes == null) {
            return ids;
        }
        try {
            for (Push push : RecentPushes.recent(pushes, null, OFFERED)) {
                ids.put(push.id().toString(), push.subscriberId() + ", " + Shown.amount(push.amount()) + ", "
                        + Shown.status(push));
            }
        } catch (RuntimeException e) {
            LOG.debug("No push ids to complete: {}", e.toString());
        }
        return ids;
    }
}
