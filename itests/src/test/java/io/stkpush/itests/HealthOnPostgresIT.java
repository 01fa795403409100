package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The assembly pointed at PostgreSQL through etc/org.ops4j.datasource-stkpush.cfg, as an ISP runs it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthOnPostgresIT {

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
}
