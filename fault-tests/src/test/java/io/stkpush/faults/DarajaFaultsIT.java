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
 * Daraja misbehaving: the simulator answers about 30 % of the calls (token, push, query, C2B registration) with a
 * fault — 5xx (half of them after the prompt went out), an answer held past the read timeout, a slow answer, spike
 * arrest, a token invalidated by another client, a malformed body. While that lasts, no push whose prompt may be on
 * the phone is FAILED and no phone gets two prompts for one push (the ledger check); then the faults stop and
 * everything reconciles. A token invalidated again and again must not make the client ask for tokens in a loop.
 */
class DarajaFaultsIT {

    private static final Map<String, String> FAULTS = Map.of("faultRate", "30",
            "faults", "server_error,timeout,slow,spike_arrest,token_invalid,malformed", "faultSeed", "20261201",
            // held past the client's read timeout, so the answer is lost to it; slow, but within it
            "faultHoldMillis", String.valueOf(StkpushNode.READ_TIMEOUT_SECONDS * 1000 + 1000),
            "slowAnswerMillis", "1500");

    private static FaultRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = FaultRig.start(Map.of(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void pushesSurviveAMisbehavingDarajaAndAllReconcileOnceItRecovers() throws Exception {
        rig.simulator.clearRecord(); // the node's start-up calls (token, C2B registration) went unfaulted
        Instant faultsFrom = Instant.now();
        rig.simulator.configure(FAULTS);
        List<PaymentMix.Sent> sent = new ArrayList<>(new PaymentMix(rig.node.api(), 3).send(40));

        // the faulty period lasts until the last push's window has ended: its status queries meet faults too
        Instant lastWindowEnds = sent.stream().filter(PaymentMix.Sent::accepted)
                .map(s -> Instant.parse(s.reply().json().path("waitUntil").asText()))
                .max(Instant::compareTo).orElse(Instant.now());
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastWindowEnds).toMillis())); // a period, not a wait
        JsonNode during = rig.simulator.record();
        rig.simulator.configure(Map.of("faultRate", "0"));
        Instant faultsTo = Instant.now();

        long injected = 0;
        for (JsonNode n : during.path("faults")) {
            injected += n.asLong();
        }
        System.out.println("faults injected: " + during.path("faults") + ", requests: " + during.path("requests"));
        assertTrue(injected >= 10, "hardly any fault was injected: " + during.path("faults"));
        long accepted = sent.stream().filter(PaymentMix.Sent::accepted).count();
        assertEquals(sent.size(), accepted, "a fault from M-Pesa is not the operator's error: every push is 202");

        LedgerCheck.Result result = rig.ledgerCheck().acknowledged(sent).disturbed(faultsFrom, faultsTo)
                .awaitAgreement(Duration.ofSeconds(90));
        System.out.println(result);

        // one fresh token per invalidated one at most, plus a few on expiry or failure: never a loop
        JsonNode after = rig.simulator.record();
        long tokens = after.path("requests").path("token").asLong();
        long invalidated = after.path("faults").path("token_invalid").asLong();
        assertTrue(tokens <= 2 * invalidated + 10, "token requests " + tokens + " for " + invalidated
                + " invalidated tokens: the client asks in a loop");
    }
}
