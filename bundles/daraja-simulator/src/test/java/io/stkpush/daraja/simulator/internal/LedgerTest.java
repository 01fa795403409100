package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.testing.MutableClock;

/**
 * {@code /daraja-sim/ledger}: each prompt once with how it ended and what became of its callbacks, for the
 * outcomes the fault tests drive; DELETE starts clean.
 */
class LedgerTest {

    private SandboxFixture f;

    @BeforeEach
    void start() throws IOException {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aPaidPromptIsOpenThenEndedWithItsReceiptAndOneDeliveredCallback() {
        String id = f.accepted("254708374100", 1500);
        JsonNode open = only(id);
        assertEquals("OPEN", open.get("state").asText());
        assertTrue(open.get("resultCode").isNull());
        assertTrue(open.get("receipt").isNull());
        assertTrue(open.get("endedAt").isNull());
        assertEquals(0, open.get("callbacksSent").asInt());

        f.scheduler.fireAll();
        String receipt = StkScenarioTest.item(f.callbacks.await(CALLBACK_PATH, 1).get(0).json()
                .at("/Body/stkCallback/CallbackMetadata/Item"), "MpesaReceiptNumber").asText();
        f.scheduler.drain();
        JsonNode paid = only(id);
        assertEquals("ENDED", paid.get("state").asText());
        assertEquals(0, paid.get("resultCode").asInt());
        assertTrue(paid.get("resultCode").isInt());
        assertEquals(receipt, paid.get("receipt").asText());
        assertEquals("254708374100", paid.get("phoneNumber").asText());
        assertEquals(1500, paid.get("amount").asLong());
        assertEquals("ACC-1001", paid.get("accountReference").asText());
        assertEquals("SUCCESS", paid.get("scenario").asText());
        assertTrue(paid.get("merchantRequestId").asText().length() > 10);
        assertEquals(1, paid.get("callbacksSent").asInt());
        assertEquals(1, paid.get("callbacksDelivered").asInt());
        assertEquals(0, paid.get("c2bSent").asInt());
        assertFalse(paid.get("callbackNeverSent").asBoolean());
        assertFalse(Instant.parse(paid.get("callbackSentAt").asText()).isBefore(
                Instant.parse(paid.get("endedAt").asText())), "called back once ended");
        Instant created = Instant.parse(paid.get("createdAt").asText());
        assertTrue(!Instant.parse(paid.get("endedAt").asText()).isBefore(created));

        JsonNode ledger = f.ledger();
        assertEquals(1, ledger.at("/requests/token").asInt());
        assertEquals(1, ledger.at("/requests/stkPush").asInt());
        assertEquals(1, ledger.get("tokensIssued").asInt());
        assertEquals(0, ledger.get("spikeArrests").asInt());
        ledger.get("spikeArrestsByCall").forEach(n -> assertEquals(0, n.asInt()));
        assertEquals(5, ledger.get("spikeArrestsByCall").size(), "token, stkPush, stkQuery, c2bRegister, c2bSimulate");
        assertTrue(ledger.get("busiestSecond").asInt() >= 1);
        ledger.get("faults").forEach(n -> assertEquals(0, n.asInt()));
    }

    @Test
    void aCancelledPromptHasItsCodeAndNoReceipt() {
        String id = f.accepted("254708374101", 10);
        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 1);
        f.scheduler.drain();
        JsonNode cancelled = only(id);
        assertEquals(1032, cancelled.get("resultCode").asInt());
        assertTrue(cancelled.get("receipt").isNull(), "nothing charged");
        assertEquals("CANCELLED", cancelled.get("scenario").asText());
    }

    @Test
    void aCallbackTheUrlRefusesIsSentButNotDeliveredAndThePaymentStands() {
        f.callbacks.reply(CALLBACK_PATH, 503, "down");
        String id = f.accepted("254708374100", 10);
        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 1);
        f.scheduler.drain();
        JsonNode lost = only(id);
        assertEquals(1, lost.get("callbacksSent").asInt());
        assertEquals(0, lost.get("callbacksDelivered").asInt());
        assertTrue(lost.get("receipt").asText().matches("[A-Z][A-Z0-9]{9}"), "charged all the same");
    }

    @Test
    void scenario05IsChargedWithNoCallbackSent() {
        String id = f.accepted("254708374105", 10);
        f.scheduler.fireAll();
        f.scheduler.drain();
        JsonNode silent = only(id);
        assertEquals(0, silent.get("resultCode").asInt());
        assertEquals(0, silent.get("callbacksSent").asInt());
        assertTrue(silent.get("callbackNeverSent").asBoolean());
        assertTrue(silent.get("callbackSentAt").isNull());
        assertEquals("CALLBACK_NEVER_SENT", silent.get("scenario").asText());
    }

    @Test
    void aLostAnswerStillLeavesThePromptOnRecordAndItIsPaidLate() {
        Response r = f.push(f.pushBody("254708374113", 10));
        assertEquals(504, r.getStatus());
        JsonNode prompts = f.ledger().get("prompts");
        assertEquals(1, prompts.size());
        assertEquals("ANSWER_LOST", prompts.get(0).get("scenario").asText());
        assertEquals("OPEN", prompts.get(0).get("state").asText());

        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 1);
        f.scheduler.drain();
        JsonNode paid = only(prompts.get(0).get("checkoutRequestId").asText());
        assertEquals(0, paid.get("resultCode").asInt());
        assertEquals(1, paid.get("callbacksDelivered").asInt());
    }

    @Test
    void threeCallbacksAndManyQueriesAreStillOnePrompt() {
        String id = f.accepted("254708374106", 10);
        f.query(id);
        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 3);
        f.scheduler.drain();
        f.query(id);
        f.query(id);

        JsonNode ledger = f.ledger();
        assertEquals(1, ledger.get("prompts").size());
        JsonNode prompt = ledger.get("prompts").get(0);
        assertEquals(3, prompt.get("callbacksSent").asInt());
        assertEquals(3, prompt.get("callbacksDelivered").asInt());
        assertEquals(3, ledger.at("/requests/stkQuery").asInt());
    }

    @Test
    void aPaidPaybillPushCountsItsC2bConfirmation() {
        var body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", "174379");
        body.put("ResponseType", "Completed");
        body.put("ConfirmationURL", f.url("/hooks/c2b/confirmation").toString());
        assertEquals(200, f.c2b.registerUrl("v2", f.bearer(), "application/json", SandboxFixture.text(body)).getStatus());
        String id = f.accepted("254708374100", 10);
        f.scheduler.fireAll();
        f.callbacks.await("/hooks/c2b/confirmation", 1);
        f.scheduler.drain();
        assertEquals(1, only(id).get("c2bSent").asInt());
        assertEquals(1, only(id).get("c2bDelivered").asInt());
        assertEquals(1, f.ledger().at("/requests/c2bRegister").asInt());
    }

    @Test
    void theFilterKeepsOneNumbersPromptsAndDeleteClearsEverything() {
        f.accepted("254708374100", 10);
        f.accepted("254711111100", 10);
        assertEquals(1, json(f.ledger.ledger("0711 111 100")).get("prompts").size());
        assertEquals(1, json(f.ledger.ledger("+254708374100")).get("prompts").size());
        assertEquals(2, json(f.ledger.ledger("")).get("prompts").size());

        assertEquals(204, f.ledger.clear().getStatus());
        JsonNode clean = f.ledger();
        assertEquals(0, clean.get("prompts").size());
        clean.get("requests").forEach(n -> assertEquals(0, n.asInt()));
        assertEquals(0, clean.get("tokensIssued").asInt());

        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 2);
        assertEquals(0, f.ledger().get("prompts").size(), "prompts from before the clear stay out");
    }

    @Test
    void statusQueriesAreCountedWithTheShortestGapBetweenTwo() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));
        f.close();
        f = new SandboxFixture(SimulatorSettings.defaults().withDelays(Duration.ofHours(1), Duration.ofHours(2),
                Duration.ofHours(3)), clock);
        String id = f.accepted("254708374100", 1500);
        assertEquals(0, only(id).get("queries").asInt());
        assertTrue(only(id).get("closestQueriesMillis").isNull());

        f.query(id).close();
        clock.advance(Duration.ofSeconds(8));
        f.query(id).close();
        clock.advance(Duration.ofMillis(30)); // a second node asking at about the same time
        f.query(id).close();

        assertEquals(3, only(id).get("queries").asInt());
        assertEquals(30, only(id).get("closestQueriesMillis").asLong());
    }

    private JsonNode only(String checkoutRequestId) {
        var entries = f.ledgerEntries(checkoutRequestId);
        assertEquals(1, entries.size(), "once in the ledger: " + entries);
        return entries.get(0);
    }
}
