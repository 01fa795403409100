package io.stkpush.shell.internal;

import io.stkpush.api.OperatorName;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;

/** Who runs a command, for the ledger's audit trail (who sent a prompt, who linked a payment). */
final class ShellOperator {

    /** Karaf's own default user, when neither the login nor the session names one. */
    static final String FALLBACK = "karaf";

    private ShellOperator() {
    }

    /**
     * The user logged in to the shell (the JAAS subject the command runs under: ssh, {@code bin/client}, the local
     * console); else the session's {@code USER}; else {@value #FALLBACK}.
     */
    static OperatorName current(Session session) {
        String user = ShellUtil.getCurrentUserName();
        if ((user == null || user.isBlank()) && session != null && session.get("USER") instanceof String named) {
            user = named;
        }
        return new OperatorName(user == null || user.isBlank() ? FALLBACK : user);
    }
}
