package io.stkpush.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion of ids the shell can list: the ids that start with what was typed, each with a short description
 * (jline shows it beside the candidate). A completer never fails: when a service is missing or the database is
 * down, it offers nothing. Subclasses only say which ids there are ({@link #collect}).
 */
abstract class IdCompletion implements Completer {

    private static final Logger LOG = LoggerFactory.getLogger(IdCompletion.class);

    /**
     * Puts each id that could be offered, with its description, into {@code ids}.
     *
     * @param typed what was typed so far (a completer may search with it; the prefix is filtered here anyway)
     */
    abstract void collect(String typed, Map<String, String> ids);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(ids(typed(commandLine)).keySet()).complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        String typed = typed(commandLine);
        ids(typed).forEach((id, description) -> {
            if (id.startsWith(typed)) {
                candidates.add(new Candidate(id, id, null, description, null, null, true));
            }
        });
    }

    /** The ids on offer for {@code typed}, or none when they cannot be read right now. */
    final Map<String, String> ids(String typed) {
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            collect(typed, ids);
        } catch (RuntimeException e) {
            LOG.debug("{}: nothing to complete: {}", getClass().getSimpleName(), e.toString());
        }
        return ids;
    }

    /** The word being completed, up to the cursor. */
    static String typed(CommandLine commandLine) {
        String argument = commandLine.getCursorArgument();
        if (argument == null) {
            return "";
        }
        return argument.substring(0, Math.min(commandLine.getArgumentPosition(), argument.length()));
    }
}
