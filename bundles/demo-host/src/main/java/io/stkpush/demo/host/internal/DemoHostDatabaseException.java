package io.stkpush.demo.host.internal;

import java.sql.SQLException;

/** The demo host's tables could not be used. The message names the operation and SQL state, never a URL or user. */
class DemoHostDatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoHostDatabaseException(String operation, SQLException cause) {
        super("The demo host could not " + operation + " (SQL state " + cause.getSQLState() + ").", cause);
    }

    DemoHostDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
