package io.stkpush.demo.host.internal;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** On the embedded database the demo runs on (H2, default mode). */
class H2DemoBillingTest extends DemoBillingContract {

    private JdbcDataSource h2;

    @Override
    protected DataSource createDataSource() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + randomName("demo_") + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }

    @Override
    protected void dropDataSource() throws Exception {
        try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }
}
