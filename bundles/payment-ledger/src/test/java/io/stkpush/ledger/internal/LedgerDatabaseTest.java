package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Transient conflicts are tried again on a fresh connection; anything else is reported at once. */
class LedgerDatabaseTest {

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aDatabaseThatDoesNotAnswerIsToldApartFromAFailingStatement() {
        assertTrue(LedgerDatabase.isUnreachable(new LedgerUnavailableException("settle",
                new java.sql.SQLTransientConnectionException("Connection is not available, request timed out"))));
        assertTrue(LedgerDatabase.isUnreachable(new IllegalStateException(new SQLException("refused", "08001"))));
        assertTrue(LedgerDatabase.isUnreachable(new SQLException("terminating connection", "57P01")));
        assertFalse(LedgerDatabase.isUnreachable(new LedgerUnavailableException("settle",
                new SQLException("invalid byte sequence", "22021"))));
        assertFalse(LedgerDatabase.isUnreachable(new IllegalStateException("a bug")));
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
        LedgerDatabase database = new LedgerDatabase(failing(1, "08001"), Clock.systemUTC());

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
