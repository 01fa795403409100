package io.stkpush.callback.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import io.stkpush.api.LedgerHealthCheck;

/** Whether the payment ledger's database answers, for the paths that must tell its failures apart. */
final class LedgerState {

    private LedgerState() {
    }

    /**
     * Only a database known to answer makes a failure the message's own; a missing health check, a DOWN answer or a
     * check that fails means "unknown": wait.
     */
    static boolean answers(Supplier<LedgerHealthCheck> health) {
        LedgerHealthCheck check = health.get();
        try {
            return check != null && check.health().up();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code failure} is the database not answering at all (JDBC's connection exceptions: no connection
     * from the pool in time, refused, broken; the server shutting down), rather than a failure of the work itself.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // 08: connection exception; 57P: the server shut down or cannot take connections now
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
