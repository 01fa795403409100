package io.stkpush.ledger.internal;

/** The ledger contract on H2 with {@code MODE=PostgreSQL}, in case the DataSource is configured that way. */
class H2PostgresModePaymentLedgerTest extends PaymentLedgerContract {

    @Override
    protected TestDatabase createDatabase() {
        return new H2TestDatabase(";MODE=PostgreSQL");
    }
}
