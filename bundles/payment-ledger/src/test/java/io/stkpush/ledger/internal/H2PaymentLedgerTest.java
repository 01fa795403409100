package io.stkpush.ledger.internal;

/** The ledger contract on H2 in its default mode, as the embedded database. */
class H2PaymentLedgerTest extends PaymentLedgerContract {

    @Override
    protected TestDatabase createDatabase() {
        return new H2TestDatabase("");
    }
}
