package io.stkpush.ledger.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;

/**
 * Whether the ledger's database answers, on a connection of its own and without retries: health reports what is,
 * and never names the database's URL or user.
 */
final class JdbcLedgerHealth implements LedgerHealthCheck {

    private final LedgerDatabase database;

    JdbcLedgerHealth(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public LedgerHealth health() {
        try (Connection c = database.dataSource().getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
            DatabaseMetaData metaData = c.getMetaData();
            return new LedgerHealth(true, LedgerDatabase.productName(metaData), metaData.getDatabaseProductVersion(),
                    schemaVersion(c), null);
        } catch (SQLException e) {
            return new LedgerHealth(false, null, null, null,
                    "The ledger database does not answer (SQL state " + e.getSQLState() + ").");
        } catch (RuntimeException e) {
            return new LedgerHealth(false, null, null, null,
                    "The ledger database cannot be used: " + e.getClass().getSimpleName() + ".");
        }
    }

    private static String schemaVersion(Connection c) {
        try {
            return LedgerSchema.currentVersion(c);
        } catch (SQLException e) {
            return null; // not migrated yet
        }
    }
}
