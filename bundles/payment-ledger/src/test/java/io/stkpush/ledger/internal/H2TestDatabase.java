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

/** A private in-memory H2 database, pooled with HikariCP. */
final class H2TestDatabase implements TestDatabase {

    private final String url;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** @param options extra URL settings, e.g. {@code ;MODE=PostgreSQL} */
    H2TestDatabase(String options) {
        this.url = "jdbc:h2:mem:ledger_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1"
                + options;
    }

    @Override
    public synchronized DataSource newPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(10);
        config.setPoolName("h2-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public String product() {
        return "H2";
    }

    @Override
    public synchronized void close() throws Exception {
        pools.forEach(HikariDataSource::close);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }
}
