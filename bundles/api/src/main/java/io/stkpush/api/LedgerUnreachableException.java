package io.stkpush.api;

/**
 * The ledger's database did not answer at all: no connection in time, refused, broken, or the server shutting
 * down. Nothing was written. Unlike other ledger failures, trying again at once would only wait as long again, so a
 * caller that has somewhere else to keep its work (the callback spool) goes there at once. The message names the
 * operation and the SQL state only. Since 2.6.
 */
public class LedgerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
