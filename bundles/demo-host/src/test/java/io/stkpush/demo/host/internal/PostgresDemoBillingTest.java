package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * On PostgreSQL, each test in its own schema. Needs {@code -Dstkpush.test.pg.url=jdbc:...} (user and password
 * {@code postgres}), as the ledger's tests; skipped without it, failed when {@code stkpush.test.pg.required=true}.
 */
class PostgresDemoBillingTest extends DemoBillingContract {

    private String schema;

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
    protected DataSource createDataSource() throws Exception {
        assumeFalse(url().isEmpty(), "no stkpush.test.pg.url: PostgreSQL tests skipped");
        schema = randomName("demo_");
        execute(url(), "CREATE SCHEMA " + schema);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url());
        pg.setUser("postgres");
        pg.setPassword("postgres");
        pg.setCurrentSchema(schema);
        return pg;
    }

    @Override
    protected void dropDataSource() throws Exception {
        if (schema != null) {
            execute(url(), "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
