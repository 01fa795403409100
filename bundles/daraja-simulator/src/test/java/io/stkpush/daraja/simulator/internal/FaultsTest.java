package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault settings: each kind's answer, whether the work was done behind it, spike arrest by rate, seeded
 * draws that repeat, and the simulator's own record staying exact under every fault.
 */
class FaultsTest {

    private static final Duration FAULT_HOLD = Duration.ofSeconds(35);
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00.250Z"));
    private SandboxFixture f;
    private int phones;

    @BeforeEach
    void start() throws IOException {
        f = new SandboxFixture(SimulatorSettings.defaults()
                .withDelays(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3)), clock);
        f.bearer(); // a token before any fault is switched on
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void serverErrorIsA500Or503WithDarajasEnvelopeAndNoToken() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.SERVER_ERROR).withSeed(3));
        Set<Integer> statuses = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Response r = f.oauth.generate("client_credentials", SandboxFixture.basic("k", "s"));
            statuses.add(r.getStatus());
            assertEquals("500.003.1001", json(r).get("errorCode").asText());
            assertEquals("Internal Server Error", json(r).get("errorMessage").asText());
            assertFalse(json(r).get("requestId").asText().isEmpty());
        }
        assertEquals(Set.of(500, 503), statuses);
        JsonNode ledger = f.ledger();
        assertEquals(1, ledger.get("tokensIssued").asInt(), "only the fixture's own token, before the faults");
        assertEquals(13, ledger.at("/requests/token").asInt());
        assertEquals(12, ledger.at("/faults/server_error").asInt());
    }

    @Test
    void serverErrorOnAPushIsSometimesAfterThePromptWentOutAndThatPromptIsPaidAsScripted() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.SERVER_ERROR).withSeed(7));
        List<String> phonesPushed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String phone = phone("00");
            phonesPushed.add(phone);
            Response r = f.push(f.pushBody(phone, 100));
            assertTrue(r.getStatus() == 500 || r.getStatus() == 503, "status " + r.getStatus());
            assertEquals("500.003.1001", json(r).get("errorCode").asText());
            assertFalse(json(r).has("CheckoutRequestID"), "the caller never learns the id");
        }
        JsonNode prompts = f.ledger().get("prompts");
        assertTrue(prompts.size() > 0 && prompts.size() < 16, "some prompts went out, some not: " + prompts.size());
        Set<String> prompted = new HashSet<>();
        prompts.forEach(p -> assertTrue(prompted.add(p.get("phoneNumber").asText()), "one prompt per push"));
        assertTrue(phonesPushed.containsAll(prompted));

        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, prompts.size());
        f.scheduler.drain();
        for (JsonNode p : f.ledger().get("prompts")) {
            assertEquals("ENDED", p.get("state").asText());
            assertEquals(0, p.get("resultCode").asInt());
            assertTrue(p.get("receipt").asText().matches("[A-Z][A-Z0-9]{9}"));
            assertEquals(1, p.get("callbacksDelivered").asInt());
        }
        assertEquals(prompts.size(), f.stkCallbacks().size(), "a callback for each prompt that went out, no other");
    }

    @Test
    void timeoutOnAPushSendsThePromptHoldsPastTheReadTimeoutThenAnswers504Empty() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.TIMEOUT));
        String phone = phone("00");
        Response r = f.push(f.pushBody(phone, 100));

        assertEquals(504, r.getStatus());
        assertFalse(r.hasEntity());
        assertEquals(List.of(FAULT_HOLD), f.holds);
        JsonNode prompts = f.ledger().get("prompts");
        assertEquals(1, prompts.size(), "the prompt went out");
        assertEquals("OPEN", prompts.get(0).get("state").asText());

        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(0, stk.get("ResultCode").asInt(), "paid as the phone's scenario says");
        assertEquals(prompts.get(0).get("checkoutRequestId").asText(), stk.get("CheckoutRequestID").asText());
    }

    @Test
    void timeoutOnTheTokenCallIssuesATokenTheCallerNeverSees() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.TIMEOUT));
        Response r = f.oauth.generate("client_credentials", SandboxFixture.basic("k", "s"));
        assertEquals(504, r.getStatus());
        assertEquals(List.of(FAULT_HOLD), f.holds);
        assertEquals(2, f.ledger().get("tokensIssued").asInt());
    }

    @Test
    void slowGivesTheRightAnswerAfterTheSlowDelay() {
        String id = f.accepted(phone("00"), 100);
        f.faults(FaultSettings.none().withRate(100, FaultKind.SLOW));

        Response query = f.query(id);
        assertEquals(200, query.getStatus());
        assertEquals("4999", json(query).get("ResultCode").asText());
        Response push = f.push(f.pushBody(phone("00"), 100));
        assertEquals(200, push.getStatus());
        assertEquals("0", json(push).get("ResponseCode").asText());
        assertEquals(List.of(SLOW_ANSWER, SLOW_ANSWER), f.holds);
        assertEquals(2, f.ledger().get("prompts").size());
        assertEquals(2, f.ledger().at("/faults/slow").asInt());
    }

    @Test
    void spikeArrestSendsNothing() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.SPIKE_ARREST));
        Response r = f.push(f.pushBody(phone("00"), 100));
        assertEquals(500, r.getStatus());
        assertEquals("500.003.02", json(r).get("errorCode").asText());
        assertEquals("Error Occurred: Spike Arrest Violation", json(r).get("errorMessage").asText());
        assertEquals(0, f.ledger().get("prompts").size());
        assertTrue(f.scheduler.delays().isEmpty(), "no outcome scheduled");
        assertEquals(1, f.ledger().at("/faults/spike_arrest").asInt());
        assertEquals(0, f.ledger().get("spikeArrests").asInt(), "that counter is the rate limit's");
    }

    @Test
    void tokenInvalidRefusesAGoodTokenThatStaysGood() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.TOKEN_INVALID));
        Response r = f.push(f.pushBody(phone("00"), 100));
        assertEquals(404, r.getStatus());
        assertEquals("404.001.03", json(r).get("errorCode").asText());
        assertEquals("Invalid Access Token", json(r).get("errorMessage").asText());
        assertEquals(0, f.ledger().get("prompts").size());

        Response token = f.oauth.generate("client_credentials", SandboxFixture.basic("k", "s"));
        assertEquals(200, token.getStatus(), "the token call itself has no token to refuse");

        f.faults(FaultSettings.none());
        f.accepted(phone("00"), 100); // the same bearer still works
    }

    @Test
    void malformedAnswersAre200WithBodiesNoJsonClientReadsAndThePromptWentOut() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.MALFORMED).withSeed(11));
        Set<String> shapes = new HashSet<>();
        int pushes = 0;
        while (shapes.size() < 3 && pushes < 40) {
            Response r = f.push(f.pushBody(phone("00"), 100));
            pushes++;
            assertEquals(200, r.getStatus());
            String body = (String) r.getEntity();
            assertThrows(JsonProcessingException.class, () -> RequestBody.JSON.readTree(body), body);
            shapes.add(body.startsWith("<html>") ? "html" : body.startsWith("{") ? "truncated" : "text");
            if (body.startsWith("{")) {
                assertTrue(body.contains("MerchantRequestID"), "the real answer, cut: " + body);
            }
        }
        assertEquals(Set.of("html", "truncated", "text"), shapes);
        assertEquals(pushes, f.ledger().get("prompts").size(), "every malformed answer came after the prompt went out");
    }

    @Test
    void c2bRegistrationGetsFaultsButTheSandboxSimulationDoesNot() {
        f.faults(FaultSettings.none().withRate(100, FaultKind.SPIKE_ARREST));
        String register = "{\"ShortCode\":\"600984\",\"ResponseType\":\"Completed\",\"ConfirmationURL\":\""
                + f.url("/c2b/confirm") + "\"}";
        assertEquals(500, f.c2b.registerUrl("v2", f.bearer(), "application/json", register).getStatus());
        assertNull(f.sandbox.c2bRegistration("600984"), "nothing registered");
        String simulate = "{\"ShortCode\":600984,\"CommandID\":\"CustomerPayBillOnline\",\"Amount\":5,"
                + "\"Msisdn\":254708374149,\"BillRefNumber\":\"A1\"}";
        assertEquals(200, f.c2b.simulate("v2", f.bearer(), "application/json", simulate).getStatus());
        assertEquals(1, f.ledger().at("/requests/c2bRegister").asInt());
        assertEquals(1, f.ledger().at("/requests/c2bSimulate").asInt());
    }

    @Test
    void moreCallsThanTheRateLimitWithinOneSecondGetSpikeArrest() {
        String id = f.accepted(phone("00"), 100);
        f.faults(FaultSettings.none().withRateLimit(2));

        assertEquals(200, f.query(id).getStatus());
        assertEquals(200, f.query(id).getStatus());
        Response third = f.query(id);
        assertEquals(500, third.getStatus());
        assertEquals("500.003.02", json(third).get("errorCode").asText());
        Response push = f.push(f.pushBody(phone("00"), 100));
        assertEquals("Error Occurred: Spike Arrest Violation", json(push).get("errorMessage").asText());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, f.query(id).getStatus(), "a new second, a new allowance");
        JsonNode ledger = f.ledger();
        assertEquals(2, ledger.get("spikeArrests").asInt());
        assertEquals(1, ledger.get("prompts").size(), "the arrested push sent nothing");
        assertEquals(0, ledger.at("/faults/spike_arrest").asInt(), "drawn faults are counted apart");
    }

    @Test
    void pushesAndQueriesShareOneLimitAndTheLedgerCountsArrestsByCall() {
        String id = f.accepted(phone("00"), 100);
        clock.advance(Duration.ofSeconds(1));
        f.faults(FaultSettings.none().withRateLimit(4));

        assertEquals(200, f.push(f.pushBody(phone("00"), 100)).getStatus());
        assertEquals(200, f.query(id).getStatus());
        assertEquals(200, f.push(f.pushBody(phone("00"), 100)).getStatus());
        assertEquals(200, f.query(id).getStatus());
        Response push = f.push(f.pushBody(phone("00"), 100));
        Response query = f.query(id);
        assertEquals("500.003.02", json(push).get("errorCode").asText(), "the fifth call in the second");
        assertEquals("500.003.02", json(query).get("errorCode").asText());
        clock.advance(Duration.ofMillis(700)); // 09:00:01.950
        assertEquals(500, f.query(id).getStatus(), "still the same clock second");

        JsonNode ledger = f.ledger();
        assertEquals(3, ledger.get("spikeArrests").asInt());
        assertEquals(1, ledger.at("/spikeArrestsByCall/stkPush").asInt());
        assertEquals(2, ledger.at("/spikeArrestsByCall/stkQuery").asInt());
        assertEquals(0, ledger.at("/spikeArrestsByCall/token").asInt());
        assertEquals(4, ledger.at("/requests/stkPush").asInt(), "arrested calls are counted as received");
        assertEquals(4, ledger.at("/requests/stkQuery").asInt());
        assertEquals(7, ledger.get("busiestSecond").asInt(), "every call that came in that second");
        assertEquals(3, ledger.get("prompts").size(), "the arrested push sent nothing");

        f.ledger.clear();
        assertEquals(0, f.ledger().get("busiestSecond").asInt());
        assertEquals(0, f.ledger().at("/spikeArrestsByCall/stkQuery").asInt());
    }

    @Test
    void seededDrawsRepeatAfterTheLedgerIsCleared() {
        String id = f.accepted(phone("00"), 100);
        f.faults(FaultSettings.none().withRate(50).withSeed(42));
        List<String> first = answers(id, 40);
        f.ledger.clear();
        List<String> again = answers(id, 40);

        assertEquals(first, again);
        assertTrue(first.stream().distinct().count() >= 4, "a mix of answers: " + first);
        f.faults(FaultSettings.none().withRate(50).withSeed(43));
        assertFalse(first.equals(answers(id, 40)), "another seed, another sequence");
    }

    @ParameterizedTest
    @EnumSource(FaultKind.class)
    void aFaultNeverSendsASecondPromptAndARetryMeetsTheOpenOne(FaultKind kind) {
        f.faults(FaultSettings.none().withRate(100, kind).withSeed(5));
        String phone = phone("00");
        f.push(f.pushBody(phone, 100));
        JsonNode prompts = f.ledger().get("prompts");
        assertTrue(prompts.size() <= 1, kind + " sent " + prompts.size() + " prompts");
        boolean sends = kind == FaultKind.TIMEOUT || kind == FaultKind.SLOW || kind == FaultKind.MALFORMED;
        if (sends) {
            assertEquals(1, prompts.size(), kind + " does the work");
        }
        if (kind == FaultKind.SPIKE_ARREST || kind == FaultKind.TOKEN_INVALID) {
            assertEquals(0, prompts.size(), kind + " does nothing");
        }

        // the client, not knowing, pushes again: the phone's open prompt refuses it, no second prompt
        f.faults(FaultSettings.none());
        Response retry = f.push(f.pushBody(phone, 100));
        if (prompts.size() == 1) {
            assertEquals(500, retry.getStatus());
            assertEquals("500.001.1001", json(retry).get("errorCode").asText());
        } else {
            assertEquals(200, retry.getStatus());
        }
        assertEquals(1, f.ledger().get("prompts").size());
    }

    /** One line per call: status, how many holds so far, the start of the body. */
    private List<String> answers(String id, int calls) {
        List<String> seen = new ArrayList<>();
        f.holds.clear();
        for (int i = 0; i < calls; i++) {
            Response r = f.query(id);
            Object entity = r.getEntity();
            String body = entity == null ? "" : entity instanceof String s ? s : SandboxFixture.text(entity);
            body = body.replaceAll("\"requestId\":\"[^\"]*\"", "");
            seen.add(r.getStatus() + " " + f.holds.size() + " " + body.substring(0, Math.min(30, body.length())));
        }
        return seen;
    }

    /** A new number each time (so no prompt is open on it) with the scenario's last two digits. */
    private String phone(String scenario) {
        return String.format("2547%06d%s", ++phones, scenario);
    }
}
