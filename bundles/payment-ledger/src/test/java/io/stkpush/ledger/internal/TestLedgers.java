package io.stkpush.ledger.internal;

import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The real ledger, migrated, for the tests of other bundles (through this module's test jar); it lives in the
 * ledger's package to reach {@link LedgerSchema#migrate}.
 */
public final class TestLedgers {

    private TestLedgers() {
    }

    /** A fresh, migrated in-memory H2 database. */
    public static DataSource migratedH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:ledger_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        LedgerSchema.migrate(dataSource);
        return dataSource;
    }

    /** A ledger on an already migrated database, holding late payments unredeemed as shipped. */
    public static JdbcLedger ledger(DataSource dataSource, Clock clock) {
        return new JdbcLedger(dataSource, clock, LatePaymentPolicy.UNREDEEMED);
    }

    /** Migrates {@code dataSource}, then opens the ledger on it. */
    public static JdbcLedger migrated(DataSource dataSource, Clock clock) {
        LedgerSchema.migrate(dataSource);
        return ledger(dataSource, clock);
    }
}
