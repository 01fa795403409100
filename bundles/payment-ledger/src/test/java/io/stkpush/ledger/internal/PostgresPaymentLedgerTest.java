package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeAll;

/**
 * The ledger contract on PostgreSQL, each test in its own schema. Needs {@code -Dstkpush.test.pg.url=jdbc:...}
 * (user and password {@code postgres}); without it the tests are skipped, or fail when
 * {@code -Dstkpush.test.pg.required=true}.
 */
class PostgresPaymentLedgerTest extends PaymentLedgerContract {

    private static String url() {
        return System.getProperty("stkpush.test.pg.url", "").strip();
    }

    @BeforeAll
    static void failWhenRequiredButMissing() {
        if (Boolean.getBoolean("stkpush.test.pg.required")) {
            assertFalse(url().isEmpty(), "stkpush.test.pg.required is set but stkpush.test.pg.url is not");
        }
    }

    @Override
    protected TestDatabase createDatabase() throws Exception {
        // per test, so each one is reported as skipped
        assumeFalse(url().isEmpty(), "no stkpush.test.pg.url: PostgreSQL tests skipped");
        return new PostgresTestDatabase(url());
    }
}
