package io.stkpush.shell.internal;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completion of ids the shell can list: the ids that start with what was typed, each with a short description
 * (jline shows it beside the candidate). A completer never fails: when a service is missing or the database is
 * down, it offers nothing.
 */
final class IdCompletion {

    private IdCompletion() {
    }

    /** The word being completed, up to the cursor. */
    static String typed(CommandLine commandLine) {
        String argument = commandLine.getCursorArgument();
        if (argument == null) {
            return "";
        }
        return argument.substring(0, Math.min(commandLine.getArgumentPosition(), argument.length()));
    }

    /** For the plain {@code complete}: Karaf's own prefix matching over the ids. */
    static int complete(Map<String, String> ids, Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(ids.keySet()).complete(session, commandLine, candidates);
    }

    /** For jline's candidates: the ids starting with what was typed, with their descriptions. */
    static void candidates(Map<String, String> ids, CommandLine commandLine, List<Candidate> candidates) {
        String typed = typed(commandLine);
        ids.forEach((id, description) -> {
            if (id.startsWith(typed)) {
                candidates.add(new Candidate(id, id, null, description, null, null, true));
            }
        });
    }
}
