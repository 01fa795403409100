package io.stkpush.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes subscriber ids from the host's directory, each described by name. The directory searches names,
 * account numbers and phones, not ids, so the ids offered are those of the subscribers it finds for the typed text
 * and of the first ones it lists, that start with what was typed.
 */
@Service
public class SubscriberCompleter implements Completer {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberCompleter.class);

    static final int OFFERED = 50;

    @Reference(optional = true)
    SubscriberDirectory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return IdCompletion.complete(ids(IdCompletion.typed(commandLine)), session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        IdCompletion.candidates(ids(IdCompletion.typed(commandLine)), commandLine, candidates);
    }

    /** Ids starting with {@code typed}, each with the subscriber's name. */
    Map<String, String> ids(String typed) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (directory == null) {
            return ids;
        }
        try {
            for (String query : typed.isBlank() ? List.of("") : List.of(typed, "")) {
                for (Subscriber subscriber : directory.search(query, OFFERED)) {
                    if (subscriber.id().value().startsWith(typed)) {
                        ids.putIfAbsent(subscriber.id().value(), subscriber.name());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("No subscriber ids to complete: {}", e.toString());
        }
        return ids;
    }
}
