package io.stkpush.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Karaf under test is killed ({@code kill -9}) with 50 pushes of the mix waiting, and started again on the same
 * data. Every outcome comes while it is dead: the callbacks and C2B confirmations sent then are lost for good
 * (Daraja does not resend), so only the durable poller can find them after the restart.
 *
 * <p>Here the window is {@value #WINDOW_SECONDS} s, meant to outlast the restart (a push whose window ends while the
 * Karaf is down may end TIMEOUT, its payment held late: {@link LedgerCheck}), and the simulator answers
 * after 10 s, when the Karaf is dead; the late payments (08, 13) come at {@value #LATE_MILLIS} ms, after the window,
 * to the restarted Karaf.
 */
class KarafKilledIT {

    private static final int WINDOW_SECONDS = 30;
    private static final long LATE_MILLIS = 36_000;

    private static FaultRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = FaultRig.start(Map.of("successDelay", "10000", "promptLifetime", "10000",
                "lateSuccessDelay", String.valueOf(LATE_MILLIS)),
                Map.of("io.stkpush.poller.cfg", List.of("attempts = " + WINDOW_SECONDS)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void fiftyWaitingPushesAllReconcileAfterKill9AndRestart() throws Exception {
        List<PaymentMix.Sent> sent = new PaymentMix(rig.node.api(), 1).send(50);
        for (PaymentMix.Sent s : sent) {
            assertEquals(202, s.reply().status(), s.toString());
            assertEquals("WAITING", s.reply().json().path("status").asText(), s.toString());
        }

        Instant killed = Instant.now();
        rig.node.killAndRestart(() -> { });
        Instant back = Instant.now();
        System.out.println("Karaf under test dead and restarting for " + Duration.between(killed, back));

        LedgerCheck.Result result = rig.ledgerCheck().acknowledged(sent).disturbed(killed, back)
                .awaitAgreement(Duration.ofSeconds(120));
        System.out.println(result);

        // the test tested something: outcomes reached the dead Karaf and were lost, and still all reconciled
        int lost = 0;
        for (JsonNode p : rig.simulator.record().path("prompts")) {
            Instant ended = Instant.parse(p.path("endedAt").asText());
            if (ended.isAfter(killed) && ended.isBefore(back)
                    && p.path("callbacksSent").asInt() > p.path("callbacksDelivered").asInt()) {
                lost++;
            }
        }
        assertTrue(lost > 0, "no callback was lost while the Karaf was dead: nothing was tested");
        System.out.println(lost + " prompts ended while the Karaf was dead, their callbacks lost");
    }
}
