package io.stkpush.ledger.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import io.stkpush.api.LedgerUnreachableException;
import io.stkpush.schema.Jdbc;

/**
 * Connections, transactions and the time for the ledger. Every unit of work runs in one explicit transaction, is
 * retried when the database reports a transient conflict (deadlock, serialization or lock timeout), and turns
 * {@link SQLException} into {@link LedgerUnavailableException}, or {@link LedgerUnreachableException} when the database
 * did not answer at all.
 */
final class LedgerDatabase {

    /** The databases the ledger runs on, under the names health reports. */
    enum Product {
        POSTGRESQL("PostgreSQL"), H2("H2");

        final String displayName;

        Product(String displayName) {
            this.displayName = displayName;
        }

        static Product of(String productName) {
            String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
            if (name.contains("postgres")) {
                return POSTGRESQL;
            }
            if (name.equals("h2")) {
                return H2;
            }
            throw new IllegalStateException("The payment ledger runs on PostgreSQL or H2, not " + productName + ".");
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface Statement {
        void run() throws SQLException;
    }

    private static final int ATTEMPTS = 3;

    // PostgreSQL: serialization failure, deadlock; H2: deadlock, lock timeout, concurrent update
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "HYT00", "90131");

    private final DataSource dataSource;
    private final Clock clock;

    LedgerDatabase(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The ledger's time. The database keeps microseconds; so do we, so what is written reads back equal. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Runs {@code work} in one transaction; {@code operation} says what, for the error message. */
    <T> T inTransaction(String operation, Work<T> work) {
        return withRetries(operation, connection -> commit(connection, work));
    }

    /**
     * Runs {@code work}, one statement, in auto-commit: the same retries and errors as {@link #inTransaction}
     * without the extra round trip a COMMIT costs. For single reads and single-row writes only.
     */
    <T> T oneStatement(String operation, Work<T> work) {
        return withRetries(operation, connection -> {
            connection.setAutoCommit(true);
            return work.run(connection);
        });
    }

    /** A fresh connection per attempt; a transient conflict is tried again, anything else is reported. */
    private <T> T withRetries(String operation, Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                if (isUnreachable(e)) {
                    throw new LedgerUnreachableException(LedgerUnavailableException.message(operation, e), e);
                }
                if (attempt >= ATTEMPTS || !TRANSIENT_STATES.contains(e.getSQLState())) {
                    throw new LedgerUnavailableException(operation, e);
                }
            }
        }
    }

    private static <T> T commit(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs {@code statement} behind a savepoint: a duplicate key undoes only the statement, and the transaction
     * carries on (PostgreSQL would otherwise refuse every later statement of the transaction).
     *
     * @return false when the statement hit a unique constraint
     */
    static boolean unlessDuplicate(Connection connection, Statement statement) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            statement.run();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    /**
     * Inserts one row unless it would break a unique constraint, keeping the transaction usable either way.
     * PostgreSQL says so in the statement ({@code ON CONFLICT DO NOTHING}, one round trip); H2 goes through
     * {@link #unlessDuplicate}.
     *
     * @param insert an INSERT statement without a trailing clause
     * @return false when a row with the same unique key exists
     */
    static boolean insertUnlessDuplicate(Connection connection, String insert, Binder binder) throws SQLException {
        if (Product.of(connection.getMetaData().getDatabaseProductName()) == Product.POSTGRESQL) {
            try (PreparedStatement ps = connection.prepareStatement(insert + " ON CONFLICT DO NOTHING")) {
                binder.bind(ps);
                return ps.executeUpdate() == 1;
            }
        }
        return unlessDuplicate(connection, () -> {
            try (PreparedStatement ps = connection.prepareStatement(insert)) {
                binder.bind(ps);
                ps.executeUpdate();
            }
        });
    }

    /**
     * Whether {@code failure} is the database not answering at all (JDBC's connection exceptions: no connection from
     * the pool in time, refused, broken; the server shutting down), rather than a failure of the work itself.
     */
    static boolean isUnreachable(SQLException failure) {
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

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    DataSource dataSource() {
        return dataSource;
    }

    static String productName(DatabaseMetaData metaData) throws SQLException {
        return Product.of(metaData.getDatabaseProductName()).displayName;
    }
}
