package io.stkpush.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * PostgreSQL is stopped for 30 s while the mix's callbacks and C2B confirmations arrive, then started again.
 * Daraja does not resend a callback it delivered, so each one that arrives in the outage must be kept (the callback
 * spool on local disk) and answered as received, then replayed when the database is back. Meanwhile health says
 * DOWN and the operator API answers a plain 503.
 *
 * <p>The window ({@value #WINDOW_SECONDS} s) outlasts the outage, so every push still ends as its scenario says.
 */
class DatabaseOutageIT {

    private static final int WINDOW_SECONDS = 60;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static FaultRig rig;

    @BeforeAll
    static void start() throws Exception {
        // the subscriber answers 10 s after the push: inside the outage, which starts as soon as all are WAITING
        rig = FaultRig.start(Map.of("successDelay", "10000", "promptLifetime", "12000", "lateSuccessDelay", "70000"),
                Map.of("io.stkpush.poller.cfg", List.of("attempts = " + WINDOW_SECONDS)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void callbacksDuringThirtySecondsWithoutPostgresqlAreKeptAndReplayed() throws Exception {
        List<PaymentMix.Sent> sent = new PaymentMix(rig.node.api(), 2).send(24);
        for (PaymentMix.Sent s : sent) {
            assertEquals(202, s.reply().status(), s.toString());
        }

        Instant down = Instant.now();
        rig.postgres.stopDatabase();
        OperatorApi api = rig.node.api();
        OperatorApi.Reply health = awaitStatus(api, "/stkpush/api/health", 503);
        assertTrue(health.body().contains("\"DOWN\""), health.body());
        OperatorApi.Reply refused = awaitStatus(api, "/stkpush/api/pushes/" + sent.get(0).pushId(), 503);
        assertTrue(refused.body().contains("\"unavailable\""), refused.body());
        assertPlain(health.body());
        assertPlain(refused.body());

        // the outage lasts 30 s whatever happened above; callbacks keep arriving meanwhile
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.between(down, Instant.now()).toMillis()));
        // health shows the callbacks this node keeps while the database is down
        JsonNode spooled = new ObjectMapper().readTree(api.get("/stkpush/api/health").body()).path("callbackSpool");
        assertEquals("UP", spooled.path("status").asText(), spooled.toString());
        assertTrue(spooled.path("waiting").asInt() > 0, "nothing waits in the spool during the outage: " + spooled);
        assertTrue(spooled.path("oldestAt").isTextual(), spooled.toString());
        rig.postgres.startDatabase();
        Instant back = Instant.now();

        LedgerCheck.Result result = rig.ledgerCheck().acknowledged(sent).awaitAgreement(Duration.ofSeconds(120));
        System.out.println(result);

        // the test tested something: callbacks reached stkpush during the outage, and every one was accepted
        int duringOutage = 0;
        for (JsonNode p : rig.simulator.record().path("prompts")) {
            Instant ended = p.path("endedAt").isTextual() ? Instant.parse(p.path("endedAt").asText()) : null;
            if (ended != null && ended.isAfter(down) && ended.isBefore(back)) {
                duringOutage += p.path("callbacksSent").asInt() + p.path("c2bSent").asInt();
                assertEquals(p.path("callbacksSent").asInt(), p.path("callbacksDelivered").asInt(), p.toString());
                assertEquals(p.path("c2bSent").asInt(), p.path("c2bDelivered").asInt(), p.toString());
            }
        }
        assertTrue(duringOutage >= 10, "only " + duringOutage + " callbacks came during the outage");
        System.out.println(duringOutage + " callbacks and C2B confirmations came while PostgreSQL was down");
        String log = rig.node.karaf().log();
        assertTrue(log.contains("kept in the spool"), "nothing was spooled");
        assertTrue(log.contains("Callback spool replayed"), "the spool was not replayed");
        assertFalse(log.contains("could be neither journaled nor spooled"), "a callback was lost");
        OperatorApi.Reply healthAfter = api.get("/stkpush/api/health");
        assertEquals(200, healthAfter.status());
        JsonNode drained = new ObjectMapper().readTree(healthAfter.body()).path("callbackSpool");
        assertEquals(0, drained.path("waiting").asInt(), drained.toString());
        assertTrue(drained.path("oldestAt").isMissingNode(), drained.toString());
    }

    /** Polls until the path answers {@code status} (the node notices the outage at its next connection). */
    private static OperatorApi.Reply awaitStatus(OperatorApi api, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        OperatorApi.Reply reply = api.get(path);
        while (reply.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200); // poll interval; the deadline bounds the wait
            reply = api.get(path);
        }
        assertEquals(status, reply.status(), path + ": " + reply.body());
        return reply;
    }

    /** A plain-language answer: no stack trace, exception or SQL. */
    private static void assertPlain(String body) {
        for (String leak : List.of("Exception", "\tat ", "jdbc", "org.postgresql", "SELECT")) {
            assertFalse(body.contains(leak), "'" + leak + "' in " + body);
        }
    }
}
