package io.stkpush.renewal.internal;

import javax.sql.DataSource;

import io.stkpush.ledger.internal.TestLedgers;

class H2RenewalDeskTest extends RenewalDeskContract {

    @Override
    DataSource migratedDatabase() {
        return TestLedgers.migratedH2();
    }
}
