package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The demo assembly on its embedded H2 database: monitoring sees it UP, and DOWN with a reason when it is not. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthOnH2IT {

    static final String HEALTH = "/stkpush/api/health";
    static final Duration BOOT = Duration.ofSeconds(90);

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2()};
    }

    @Test
    public void healthIsUpOnTheEmbeddedH2Database() throws Exception {
        Http.Answer health = Http.getUntil(HEALTH, a -> a.status() == 200, BOOT);

        assertEquals(health.body(), 200, health.status());
        assertTrue(health.body(), health.body().startsWith("{\"status\":\"UP\",\"database\":{\"status\":\"UP\""));
        assertTrue(health.body(), health.body().contains("\"product\":\"H2\""));
        assertTrue(health.body(), health.body().matches(".*\"schemaVersion\":\"\\d+\".*"));
        assertTrue(health.body(), health.body().contains("\"version\":\"0.1.0-SNAPSHOT\""));
        assertRevealsNoSecrets(health.body());
    }

    @Test
    public void healthReportsTheProvidersLastSignInAndThePollerWithoutCallingEither() throws Exception {
        // the demo registers its C2B URLs at start: that is the first sign-in (here it fails: the demo's Daraja
        // configuration names the demo's port, not this test's), and health reports how it went
        String reported = ".*\"provider\":\\{\"name\":\"daraja\",\"lastSignIn\":\"(OK|FAILED)\".*\"message\":\"M-Pesa .*";
        Http.Answer health = Http.getUntil(HEALTH, a -> a.body().matches(reported), BOOT);
        assertTrue(health.body(), health.body().matches(reported));
        assertTrue(health.body(), health.body().matches(".*\"poller\":\\{\"lagSeconds\":\\d+.*"));
        assertTrue(health.body(), health.body().contains("\"needingReview\":"));
        for (String secret : List.of("demo-consumer-key", "demo-consumer-secret", "bfb279f9aa9b")) {
            assertFalse("health must not reveal " + secret + ": " + health.body(), health.body().contains(secret));
        }
    }

    @Test
    public void healthReportsThisNodesCallbackSpool() throws Exception {
        // registered by the callback resource, bound dynamically by health: nothing waits while the database answers
        String empty = ".*\"callbackSpool\":\\{\"status\":\"UP\",\"waiting\":0\\},\"version\".*";
        Http.Answer health = Http.getUntil(HEALTH, a -> a.body().matches(empty), BOOT);
        assertTrue(health.body(), health.body().matches(empty));
        assertRevealsNoSecrets(health.body());
    }

    @Test
    public void healthIs503WithTheReasonWhileTheDatasourceIsGone() throws Exception {
        assertEquals(200, Http.getUntil(HEALTH, a -> a.status() == 200, BOOT).status());
        // as an operator would: take the datasource file away, then put it back
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.ops4j.datasource-stkpush.cfg");
        byte[] saved = Files.readAllBytes(cfg);
        try {
            Files.delete(cfg);

            Http.Answer down = Http.getUntil(HEALTH, a -> a.status() == 503, Duration.ofSeconds(30));

            assertEquals(down.body(), 503, down.status());
            assertTrue(down.body(), down.body().startsWith("{\"status\":\"DOWN\",\"database\":{\"status\":\"DOWN\""));
            assertTrue(down.body(), down.body().contains(
                    "\"reason\":\"The payment ledger is not running: check the stkpush datasource configuration.\""));
            assertRevealsNoSecrets(down.body());
        } finally {
            Files.write(cfg, saved);
        }
        Http.Answer back = Http.getUntil(HEALTH, a -> a.status() == 200, Duration.ofSeconds(60));
        assertEquals("UP again once the datasource is back: " + back.body(), 200, back.status());
    }

    static void assertRevealsNoSecrets(String body) {
        for (String secret : List.of("password", "jdbc:", "\"sa\"", "postgres\"")) {
            assertFalse("health must not reveal " + secret + ": " + body, body.contains(secret));
        }
    }
}
