package io.stkpush.ledger.internal;

import javax.sql.DataSource;

/** One empty database (or schema) for one test; every pool opened on it is closed with it. */
interface TestDatabase extends AutoCloseable {

    /** A new connection pool on this database, as a separate Karaf node would have. */
    DataSource newPool();

    /** The product name the ledger should report for it. */
    String product();

    @Override
    void close() throws Exception;
}
