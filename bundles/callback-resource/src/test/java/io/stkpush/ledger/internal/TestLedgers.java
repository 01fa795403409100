package io.stkpush.ledger.internal;

import java.time.Clock;

import javax.sql.DataSource;

/** Opens the real JDBC ledger for the callback tests ({@link LedgerSchema#migrate} is package-private). */
public final class TestLedgers {

    private TestLedgers() {
    }

    public static JdbcPaymentLedger migrated(DataSource dataSource, Clock clock) {
        LedgerSchema.migrate(dataSource);
        return new JdbcPaymentLedger(dataSource, clock, LatePaymentPolicy.UNREDEEMED);
    }
}
