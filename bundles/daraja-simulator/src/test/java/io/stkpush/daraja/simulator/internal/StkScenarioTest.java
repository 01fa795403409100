package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every scripted scenario, chosen by the last two digits of the phone, end to end to a real callback URL. */
class StkScenarioTest {

    private static final long SUCCESS_DELAY = Duration.ofHours(1).toMillis();
    private static final long PROMPT_LIFETIME = Duration.ofHours(2).toMillis();
    private static final long LATE_SUCCESS_DELAY = Duration.ofHours(3).toMillis();

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
    void s00_paysAfterTheSuccessDelayWithOneCallbackCarryingTheReceipt() {
        String id = f.accepted("254708374100", 1500);
        assertEquals(List.of(SUCCESS_DELAY), f.scheduler.delays());
        assertEquals("4999", json(f.query(id)).get("ResultCode").asText());
        assertTrue(f.stkCallbacks().isEmpty(), "nothing before the delay");

        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(id, stk.get("CheckoutRequestID").asText());
        assertTrue(stk.get("ResultCode").isInt());
        assertEquals(0, stk.get("ResultCode").intValue());
        assertEquals("The service request is processed successfully.", stk.get("ResultDesc").asText());
        JsonNode items = stk.at("/CallbackMetadata/Item");
        assertEquals(5, items.size());
        assertEquals(1500, item(items, "Amount").decimalValue().intValueExact());
        assertTrue(item(items, "MpesaReceiptNumber").asText().matches("[A-Z][A-Z0-9]{9}"));
        assertEquals(254708374100L, item(items, "PhoneNumber").longValue());
        assertTrue(item(items, "TransactionDate").isIntegralNumber());

        f.scheduler.drain();
        assertEquals(1, f.stkCallbacks().size());
        JsonNode query = json(f.query(id));
        assertEquals("0", query.get("ResultCode").asText());
        assertFalse(query.has("MpesaReceiptNumber"), "the query never carries the receipt");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "254708374101 | 1032 | Request cancelled by user | Request Cancelled by user.",
        "254708374102 | 1 | The balance is insufficient for the transaction. | The balance is insufficient for the transaction.",
        "254708374103 | 2001 | The initiator information is invalid. | The initiator information is invalid."})
    void s01to03_failAfterTheSuccessDelayWithoutMetadata(String phone, int code, String callbackDesc, String queryDesc) {
        String id = f.accepted(phone, 10);
        assertEquals(List.of(SUCCESS_DELAY), f.scheduler.delays());
        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(code, stk.get("ResultCode").intValue());
        assertTrue(stk.get("ResultCode").isInt());
        assertEquals(callbackDesc, stk.get("ResultDesc").asText());
        assertFalse(stk.has("CallbackMetadata"), "metadata only on success");
        JsonNode query = json(f.query(id));
        assertEquals(String.valueOf(code), query.get("ResultCode").asText());
        assertTrue(query.get("ResultCode").isTextual());
        assertEquals(queryDesc, query.get("ResultDesc").asText());
    }

    @Test
    void s04_noResponseWhenThePromptExpires() {
        String id = f.accepted("254708374104", 10);
        assertEquals(List.of(PROMPT_LIFETIME), f.scheduler.delays());
        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(1037, stk.get("ResultCode").intValue());
        assertEquals("No response from user.", stk.get("ResultDesc").asText());
        JsonNode query = json(f.query(id));
        assertEquals("1037", query.get("ResultCode").asText());
        assertEquals("DS timeout user cannot be reached.", query.get("ResultDesc").asText());
    }

    @Test
    void s05_paidButTheCallbackIsNeverSentOnlyTheQueryTells() {
        String id = f.accepted("254708374105", 10);
        f.scheduler.fireAll();
        f.scheduler.drain();
        assertEquals("0", json(f.query(id)).get("ResultCode").asText());
        assertTrue(f.callbacks.all().isEmpty(), "no callback at all");
    }

    @Test
    void s06_theSameCallbackIsDeliveredThreeTimes() {
        f.accepted("254708374106", 10);
        f.scheduler.fireAll();
        List<CallbackServer.Received> received = f.callbacks.await(CALLBACK_PATH, 3);
        f.scheduler.drain();
        assertEquals(3, f.stkCallbacks().size());
        assertEquals(1, received.stream().map(CallbackServer.Received::body).distinct().count(), "identical bodies");
    }

    @Test
    void s07_theCallbackArrivesBeforeThePushAnswer() {
        Response r = f.push(f.pushBody("254708374107", 10));
        // no waiting: the callback was delivered while processrequest was still running
        assertEquals(1, f.stkCallbacks().size());
        assertEquals(200, r.getStatus());
        String id = json(r).get("CheckoutRequestID").asText();
        assertEquals(id, f.stkCallbacks().get(0).at("/Body/stkCallback/CheckoutRequestID").asText());
        assertEquals(0, f.stkCallbacks().get(0).at("/Body/stkCallback/ResultCode").intValue());
        assertTrue(f.scheduler.delays().isEmpty());
        assertEquals("0", json(f.query(id)).get("ResultCode").asText());
    }

    @Test
    void s08_paysAfterTheLateSuccessDelay() {
        String id = f.accepted("254708374108", 10);
        assertEquals(List.of(LATE_SUCCESS_DELAY), f.scheduler.delays());
        assertEquals("4999", json(f.query(id)).get("ResultCode").asText());
        f.scheduler.fireAll();
        assertEquals(0, f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback/ResultCode").intValue());
    }

    @Test
    void s13_theAnswerIsLostButThePromptIsPaidLateAndItsCallbackSent() {
        Response r = f.push(f.pushBody("254708374113", 10));

        assertEquals(504, r.getStatus());
        assertFalse(r.hasEntity(), "a gateway timeout: no Daraja body, no CheckoutRequestID");
        assertEquals(List.of(Duration.ofSeconds(35)), f.holds, "held past a 30 s client read timeout");
        assertEquals(List.of(LATE_SUCCESS_DELAY), f.scheduler.delays());
        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(0, stk.get("ResultCode").intValue());
        assertEquals("0", json(f.query(stk.get("CheckoutRequestID").asText())).get("ResultCode").asText());
    }

    @Test
    void s09_rejectedAtOnceAsAnInvalidPhoneNumber() {
        Response r = f.push(f.pushBody("254708374109", 10));
        assertEquals(400, r.getStatus());
        assertEquals("400.002.02", json(r).get("errorCode").asText());
        assertEquals("Bad Request - Invalid PhoneNumber", json(r).get("errorMessage").asText());
        assertTrue(f.scheduler.delays().isEmpty());
    }

    @Test
    void s10_subscriberBusy() {
        Response r = f.push(f.pushBody("254708374110", 10));
        assertEquals(500, r.getStatus());
        assertEquals("500.001.1001", json(r).get("errorCode").asText());
        assertEquals("Unable to lock subscriber, a transaction is already in process for the current subscriber",
                json(r).get("errorMessage").asText());
    }

    @Test
    void s11_queryAnswersTheLegacyHttp500WhilePendingThenSuccess() {
        String id = f.accepted("254708374111", 10);
        Response pending = f.query(id);
        assertEquals(500, pending.getStatus());
        assertEquals("500.001.1001", json(pending).get("errorCode").asText());
        assertEquals("The transaction is being processed", json(pending).get("errorMessage").asText());
        assertEquals(id, json(pending).get("requestId").asText());

        f.scheduler.fireAll();
        Response done = f.query(id);
        assertEquals(200, done.getStatus());
        assertEquals("0", json(done).get("ResultCode").asText());
        f.callbacks.await(CALLBACK_PATH, 1);
    }

    @Test
    void s12_systemBusy() {
        Response r = f.push(f.pushBody("254708374112", 10));
        assertEquals(500, r.getStatus());
        assertEquals("500.003.02", json(r).get("errorCode").asText());
        assertEquals("System is busy. Please try again in few minutes.", json(r).get("errorMessage").asText());
    }

    @Test
    void aSecondPushToAPhoneWithAnOpenPromptCannotLockTheSubscriber() {
        f.accepted("254708374100", 10);
        Response second = f.push(f.pushBody("254708374100", 10));
        assertEquals(500, second.getStatus());
        assertEquals("Unable to lock subscriber, a transaction is already in process for the current subscriber",
                json(second).get("errorMessage").asText());

        f.scheduler.fireAll();
        f.accepted("254708374100", 10); // the prompt ended: the phone is free again
    }

    @Test
    void anAmountAboveTheMaximumIsAcceptedThenDeclinedByTheLimitRule() {
        f.accepted("254708374100", 250_001);
        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(3, stk.get("ResultCode").intValue());
        assertFalse(stk.has("CallbackMetadata"));
    }

    @Test
    void anUnreachableCallbackUrlIsLoggedNotRetried() {
        f.callbacks.reply(CALLBACK_PATH, 503, "down");
        String id = f.accepted("254708374100", 10);
        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 1);
        f.scheduler.drain();
        assertEquals(1, f.stkCallbacks().size(), "one attempt only");
        assertEquals("0", json(f.query(id)).get("ResultCode").asText(), "the payment itself stands");
    }

    @Test
    void aPaybillPaymentIsAlsoConfirmedToTheRegisteredC2bUrl() {
        registerC2b("v2");
        f.accepted("254708374100", 1500);
        f.scheduler.fireAll();
        String receipt = item(f.callbacks.await(CALLBACK_PATH, 1).get(0).json()
                .at("/Body/stkCallback/CallbackMetadata/Item"), "MpesaReceiptNumber").asText();
        JsonNode confirmation = f.callbacks.await("/hooks/c2b/confirmation", 1).get(0).json();
        assertEquals(receipt, confirmation.get("TransID").asText());
        assertEquals("ACC-1001", confirmation.get("BillRefNumber").asText());
        assertEquals("1500.00", confirmation.get("TransAmount").asText());
        assertTrue(f.callbacks.on("/hooks/c2b/validation").isEmpty(), "STK payments skip validation");
    }

    @Test
    void scenario05AlsoKeepsTheC2bConfirmationBack() {
        registerC2b("v2");
        f.accepted("254708374105", 10);
        f.scheduler.fireAll();
        f.scheduler.drain();
        assertTrue(f.callbacks.all().isEmpty());
    }

    @Test
    void withRealDelaysTheOutcomeArrivesOnItsOwn() throws IOException {
        ScheduledExecutorService real = Executors.newSingleThreadScheduledExecutor();
        try (CallbackServer server = new CallbackServer()) {
            MpesaSandbox sandbox = new MpesaSandbox(SimulatorSettings.defaults()
                    .withDelays(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(60)),
                    Clock.systemUTC(), real, new HttpCallbackSender());
            StkPushResource stk = new StkPushResource(sandbox);
            String token = SandboxFixture.json(new OAuthResource(sandbox)
                    .generate("client_credentials", SandboxFixture.basic("k", "s"))).get("access_token").asText();
            for (String phone : List.of("254708374100", "254708374104", "254708374108", "254712345678")) {
                var body = f.pushBody(phone, 10);
                body.put("CallBackURL", server.url("/cb/" + phone).toString());
                assertEquals(200, stk.processRequest("Bearer " + token, "application/json", SandboxFixture.text(body))
                        .getStatus());
            }
            assertEquals(0, server.await("/cb/254708374100", 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());
            assertEquals(1037, server.await("/cb/254708374104", 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());
            assertEquals(0, server.await("/cb/254708374108", 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());
            assertEquals(1037, server.await("/cb/254712345678", 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());
        } finally {
            real.shutdownNow();
        }
    }

    private void registerC2b(String version) {
        var body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", "174379");
        body.put("ResponseType", "Completed");
        body.put("ConfirmationURL", f.url("/hooks/c2b/confirmation").toString());
        body.put("ValidationURL", f.url("/hooks/c2b/validation").toString());
        assertEquals(200, f.c2b.registerUrl(version, f.bearer(), "application/json", SandboxFixture.text(body))
                .getStatus());
    }

    static JsonNode item(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.get("Name").asText().equals(name)) {
                return item.get("Value");
            }
        }
        throw new AssertionError("no item " + name + " in " + items);
    }
}
