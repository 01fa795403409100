package io.stkpush.ledger.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A fresh schema in the throwaway PostgreSQL given by {@code stkpush.test.pg.url}, dropped afterwards. */
final class PostgresTestDatabase implements TestDatabase {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final String baseUrl;
    private final String schema = "ledger_" + UUID.randomUUID().toString().replace("-", "");
    private final List<HikariDataSource> pools = new ArrayList<>();

    PostgresTestDatabase(String baseUrl) throws Exception {
        this.baseUrl = baseUrl;
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    public synchronized DataSource newPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(10);
        config.setPoolName("pg-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public String product() {
        return "PostgreSQL";
    }

    @Override
    public synchronized void close() throws Exception {
        pools.forEach(HikariDataSource::close);
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(baseUrl, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
