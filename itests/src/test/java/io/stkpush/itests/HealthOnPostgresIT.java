package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.jdbc.DataSourceFactory;

/** The assembly pointed at PostgreSQL through etc/org.ops4j.datasource-stkpush.cfg, as an ISP runs it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthOnPostgresIT {

    @Inject
    @Filter("(osgi.jdbc.driver.name=PostgreSQL JDBC Driver)")
    private DataSourceFactory postgres;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onPostgres()};
    }

    @Test
    public void healthIsUpOnPostgresql() throws Exception {
        Http.Answer health = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 200, HealthOnH2IT.BOOT);

        assertEquals(health.body(), 200, health.status());
        assertTrue(health.body(), health.body().startsWith("{\"status\":\"UP\",\"database\":{\"status\":\"UP\""));
        assertTrue(health.body(), health.body().contains("\"product\":\"PostgreSQL\""));
        assertTrue(health.body(), health.body().matches(".*\"schemaVersion\":\"\\d+\".*"));
        HealthOnH2IT.assertRevealsNoSecrets(health.body());
    }

    @Test
    public void healthIs503WithTheReasonWhilePostgresqlRefusesConnections() throws Exception {
        assertEquals(200, Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 200, HealthOnH2IT.BOOT).status());
        try {
            // what a database outage looks like to the pool: existing connections dropped, new ones refused
            sql("ALTER DATABASE postgres ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = 'postgres' AND pid <> pg_backend_pid()");

            Http.Answer down = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 503, Duration.ofSeconds(30));

            assertEquals(down.body(), 503, down.status());
            assertTrue(down.body(), down.body().startsWith("{\"status\":\"DOWN\",\"database\":{\"status\":\"DOWN\""));
            assertTrue(down.body(), down.body().contains("\"reason\":\"The ledger database does not answer"));
            HealthOnH2IT.assertRevealsNoSecrets(down.body());
        } finally {
            sql("ALTER DATABASE postgres ALLOW_CONNECTIONS true");
        }
        Http.Answer back = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 200, Duration.ofSeconds(60));
        assertEquals("UP again once PostgreSQL answers: " + back.body(), 200, back.status());
    }

    /** Runs statements as the superuser, from the template1 database so 'postgres' itself can be closed. */
    private void sql(String... statements) throws SQLException {
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL,
                System.getProperty("stkpush.test.pg.url").replaceFirst("/postgres$", "/template1"));
        props.setProperty(DataSourceFactory.JDBC_USER, "postgres");
        props.setProperty(DataSourceFactory.JDBC_PASSWORD, "postgres");
        try (Connection c = postgres.createDataSource(props).getConnection(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
