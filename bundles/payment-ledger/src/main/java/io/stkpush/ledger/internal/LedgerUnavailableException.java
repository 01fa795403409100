package io.stkpush.ledger.internal;

import java.sql.SQLException;

/**
 * The ledger's database could not do what was asked. Unchecked, so callers handle it like any other failure;
 * the message names the operation and the SQL state only: never a URL, user or password.
 */
public class LedgerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String operation, SQLException cause) {
        super(message(operation, cause), cause);
    }

    /** What went wrong, without secrets: the operation and the SQL state. */
    static String message(String operation, SQLException cause) {
        return "The payment ledger could not " + operation + " (SQL state " + cause.getSQLState() + ").";
    }

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
