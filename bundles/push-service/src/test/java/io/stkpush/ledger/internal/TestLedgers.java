package io.stkpush.ledger.internal;

import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The real ledger on a private in-memory H2, migrated; lives in the ledger's package to reach its schema. */
public final class TestLedgers {

    private TestLedgers() {
    }

    /** A fresh, migrated in-memory database. */
    public static DataSource migratedH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:push_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        LedgerSchema.migrate(dataSource);
        return dataSource;
    }

    /** A ledger holding late payments unredeemed, as shipped. */
    public static JdbcPaymentLedger ledger(DataSource dataSource, Clock clock) {
        return new JdbcPaymentLedger(dataSource, clock, LatePaymentPolicy.UNREDEEMED);
    }
}
