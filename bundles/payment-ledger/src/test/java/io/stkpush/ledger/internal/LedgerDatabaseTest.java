package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.stkpush.api.LedgerUnreachableException;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Transient conflicts are tried again on a fresh connection; anything else is reported at once. */
class LedgerDatabaseTest {

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aDatabaseThatDoesNotAnswerIsReportedAsUnreachableAtOnce() {
        for (String state : List.of("08001", "08006", "57P01")) {
            attempts.set(0);
            LedgerDatabase database = new LedgerDatabase(failing(1, state), Clock.systemUTC());

            LedgerUnreachableException e = assertThrows(LedgerUnreachableException.class,
                    () -> database.inTransaction("settle", LedgerDatabaseTest::one));

            assertEquals(1, attempts.get(), state);
            assertEquals("The payment ledger could not settle (SQL state " + state + ").", e.getMessage());
        }
    }

    @Test
    void aPoolThatGivesNoConnectionInTimeIsUnreachableAndAFailingStatementIsNot() {
        // HikariCP: no SQL state, its own JDBC connection exception, sometimes as the cause of another
        assertTrue(LedgerDatabase.isUnreachable(
                new SQLTransientConnectionException("Connection is not available, request timed out")));
        assertTrue(LedgerDatabase.isUnreachable(new SQLException("wrapped", null,
                new SQLTransientConnectionException("Connection is not available, request timed out"))));
        assertFalse(LedgerDatabase.isUnreachable(new SQLException("invalid byte sequence", "22021")));
        assertFalse(LedgerDatabase.isUnreachable(new SQLException("deadlock detected", "40P01")));
    }

    @Test
    void aTransientConflictIsTriedAgainInBothModes() {
        LedgerDatabase database = new LedgerDatabase(failing(2, "40001"), Clock.systemUTC());

        assertEquals(1, database.inTransaction("read one", LedgerDatabaseTest::one));
        assertEquals(3, attempts.getAndSet(0));

        database = new LedgerDatabase(failing(1, "40P01"), Clock.systemUTC());
        assertEquals(1, database.oneStatement("read one", LedgerDatabaseTest::one));
        assertEquals(2, attempts.get());
    }

    @Test
    void aConflictThatPersistsIsReportedAfterThreeAttempts() {
        LedgerDatabase database = new LedgerDatabase(failing(3, "40001"), Clock.systemUTC());

        LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class,
                () -> database.inTransaction("read one", LedgerDatabaseTest::one));

        assertEquals(3, attempts.get());
        assertEquals("40001", ((SQLException) e.getCause()).getSQLState());
    }

    @Test
    void anyOtherFailureIsReportedAtOnce() {
        LedgerDatabase database = new LedgerDatabase(failing(1, "42501"), Clock.systemUTC());

        assertThrows(LedgerUnavailableException.class,
                () -> database.oneStatement("read one", LedgerDatabaseTest::one));

        assertEquals(1, attempts.get());
    }

    private static int one(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** An H2 database whose first {@code failures} connections fail with {@code sqlState}. */
    private DataSource failing(int failures, String sqlState) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ledger-database-test");
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")
                            && attempts.incrementAndGet() <= failures) {
                        throw new SQLException("simulated", sqlState);
                    }
                    return method.invoke(h2, args);
                });
    }
}
