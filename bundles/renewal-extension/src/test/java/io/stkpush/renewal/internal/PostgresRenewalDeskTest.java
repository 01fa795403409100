package io.stkpush.renewal.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.stkpush.ledger.internal.TestLedgers;

/** On PostgreSQL, each test in its own schema. Needs {@code -Dstkpush.test.pg.url=jdbc:...} (user postgres). */
class PostgresRenewalDeskTest extends RenewalDeskContract {

    private final String schema = "renewal_" + UUID.randomUUID().toString().replace("-", "");

    private static String url() {
        return System.getProperty("stkpush.test.pg.url", "").strip();
    }

    @BeforeAll
    static void needsPostgres() {
        if (Boolean.getBoolean("stkpush.test.pg.required")) {
            assertFalse(url().isEmpty(), "stkpush.test.pg.required is set but stkpush.test.pg.url is not");
        }
        assumeFalse(url().isEmpty(), "no stkpush.test.pg.url: PostgreSQL tests skipped");
    }

    @Override
    DataSource migratedDatabase() throws Exception {
        execute("CREATE SCHEMA " + schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(10);
        HikariDataSource pool = new HikariDataSource(config);
        TestLedgers.migrated(pool, Clock.systemUTC());
        return pool;
    }

    @AfterEach
    void dropSchema() throws Exception {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "postgres", "postgres");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
