package io.stkpush.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two nodes (two Karaf JVMs) on one PostgreSQL, as a busy ISP runs them behind one address:
 * <ul>
 * <li>both boot at the same moment on an empty database, so their migrations race;</li>
 * <li>the operators' pushes go to both, each push's callback to the node that sent it, every C2B confirmation to
 * the node that registered the C2B URLs last, and both pollers share the status queries;</li>
 * <li>Daraja invalidates an app's previous token whenever it issues a new one: the nodes share one token, so
 * neither invalidates the other's;</li>
 * <li>node B is killed ({@code kill -9}) with pushes waiting and stays dead: node A finishes its work.</li>
 * </ul>
 */
class TwoNodesFaultIT {

    private static final int WINDOW_SECONDS = 30;

    private static FaultRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = FaultRig.start(Map.of("invalidatePreviousToken", "true", "successDelay", "3000",
                "promptLifetime", "6000", "lateSuccessDelay", "40000"),
                Map.of("io.stkpush.poller.cfg", List.of("attempts = " + WINDOW_SECONDS)), List.of("node-b"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void twoNodesShareTheWorkAndOneFinishesWhatTheKilledOneLeft() throws Exception {
        StkpushNode nodeA = rig.nodes.get(0);
        StkpushNode nodeB = rig.nodes.get(1);
        for (StkpushNode node : rig.nodes) {
            OperatorApi.Reply health = node.api().get("/stkpush/api/health");
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().contains("\"schemaVersion\":\"9\""), health.body());
        }

        // counted from here: the boot signs in before the nodes can share a token (the ledger migrates first)
        rig.simulator.clearRecord();

        // operators on both nodes, at once
        PaymentMix onA = new PaymentMix(nodeA.api(), 3);
        PaymentMix onB = new PaymentMix(nodeB.api(), 4);
        List<PaymentMix.Sent> sent = new ArrayList<>();
        sent.addAll(onA.send(16));
        sent.addAll(onB.send(16));
        // more while node B dies: its prompts' callbacks and C2B confirmations are then lost with it
        sent.addAll(onB.send(8));
        for (PaymentMix.Sent s : sent) {
            assertEquals(202, s.reply().status(), s.toString());
        }
        Instant killed = Instant.now();
        nodeB.karaf().kill();
        sent.addAll(onA.send(8));

        LedgerCheck.Result result = rig.ledgerCheck().acknowledged(sent).disturbed(killed, Instant.now())
                .awaitAgreement(Duration.ofSeconds(150));
        System.out.println(result);

        JsonNode record = rig.simulator.record();
        // one token for both nodes: a handful of token requests, not one per call
        int tokens = record.path("tokensIssued").asInt();
        int calls = record.path("requests").path("stkPush").asInt() + record.path("requests").path("stkQuery").asInt();
        System.out.println(tokens + " tokens issued for " + calls + " pushes and status queries");
        assertTrue(tokens <= 2, tokens + " tokens issued for " + calls + " calls: the nodes invalidate each other");
        // no prompt was asked about by both nodes at once (their queries are a poll interval apart)
        for (JsonNode p : record.path("prompts")) {
            JsonNode closest = p.path("closestQueriesMillis");
            assertTrue(closest.isNull() || closest.asLong() >= 300,
                    "two status queries for one prompt " + closest + " ms apart: " + p);
        }
        assertTrue(record.path("requests").path("stkQuery").asInt() > 0, "nothing was polled: nothing was tested");
    }
}
