package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A number without a scripted ending rings the virtual phone; the tester answers it on the page. */
class VirtualPhoneTest {

    private static final String PHONE = "254712345678";

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
    void thePromptShowsAsAPhoneWouldAndWaitsForTheTester() {
        String id = f.accepted(PHONE, 1500);
        JsonNode open = json(f.phone.prompts(null)).get("open");
        assertEquals(1, open.size());
        JsonNode prompt = open.get(0);
        assertEquals(id, prompt.get("checkoutRequestId").asText());
        assertEquals("Pay KES 1,500 to Demo ISP, account ACC-1001. Enter M-PESA PIN", prompt.get("text").asText());
        assertEquals("OPEN", prompt.get("status").asText());
        assertTrue(prompt.get("expiresInSeconds").asLong() > 0);
        assertEquals(List.of(Duration.ofHours(2).toMillis()), f.scheduler.delays(), "ends at the prompt lifetime");
        assertEquals("4999", json(f.query(id)).get("ResultCode").asText());
        assertTrue(f.stkCallbacks().isEmpty());
    }

    @Test
    void theConfiguredPinPays() {
        String id = f.accepted(PHONE, 1500);
        Response r = f.phone.pin(id, "{\"pin\":\"1234\"}");
        assertEquals(200, r.getStatus());
        assertEquals(0, json(r).get("resultCode").asInt());
        assertTrue(json(r).get("receipt").asText().matches("[A-Z0-9]{10}"));

        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(0, stk.get("ResultCode").intValue());
        assertEquals(json(r).get("receipt").asText(),
                StkScenarioTest.item(stk.at("/CallbackMetadata/Item"), "MpesaReceiptNumber").asText());
        assertEquals("0", json(f.query(id)).get("ResultCode").asText());
        assertEquals(0, json(f.phone.prompts(null)).get("open").size());
        assertEquals(id, json(f.phone.prompts(null)).get("finished").get(0).get("checkoutRequestId").asText());
    }

    @Test
    void anotherPinIsAWrongPin() {
        String id = f.accepted(PHONE, 1500);
        assertEquals(2001, json(f.phone.pin(id, "{\"pin\":\"0000\"}")).get("resultCode").asInt());
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(2001, stk.get("ResultCode").intValue());
        assertFalse(stk.has("CallbackMetadata"));
    }

    @Test
    void cancelIs1032() {
        String id = f.accepted(PHONE, 1500);
        Response r = f.phone.cancel(id);
        assertEquals(1032, json(r).get("resultCode").asInt());
        assertNull(json(r).get("receipt").textValue());
        assertEquals(1032, f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());
        assertEquals("1032", json(f.query(id)).get("ResultCode").asText());
    }

    @Test
    void anIgnoredPromptEndsWith1037AtItsLifetimeAndCannotBeAnsweredAfter() {
        String id = f.accepted(PHONE, 1500);
        f.scheduler.fireAll(); // the prompt lifetime passes
        assertEquals(1037, f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback/ResultCode").asInt());

        Response late = f.phone.pin(id, "{\"pin\":\"1234\"}");
        assertEquals(409, late.getStatus());
        assertEquals("prompt_closed", json(late).get("error").asText());
        f.scheduler.drain();
        assertEquals(1, f.stkCallbacks().size(), "the late PIN changed nothing");
    }

    @Test
    void aPinJustBeforeExpiryWinsAndTheExpiryDoesNothing() {
        String id = f.accepted(PHONE, 1500);
        f.phone.pin(id, "{\"pin\":\"1234\"}");
        f.scheduler.fireAll();
        f.scheduler.drain();
        assertEquals(1, f.stkCallbacks().size(), () -> f.stkCallbacks().toString());
        assertEquals("0", json(f.query(id)).get("ResultCode").asText());
    }

    @Test
    void unknownAndScriptedPromptsCannotBeAnswered() {
        assertEquals(404, f.phone.pin("ws_CO_nope", "{\"pin\":\"1234\"}").getStatus());
        String scripted = f.accepted("254708374100", 10);
        assertEquals(404, f.phone.cancel(scripted).getStatus());
        Response pin = f.phone.pin(scripted, "{\"pin\":\"1234\"}");
        assertEquals(404, pin.getStatus());
        assertEquals("unknown_prompt", json(pin).get("error").asText());
        assertEquals(400, f.phone.pin(scripted, "not json").getStatus(), "a body that is not JSON is refused first");
        assertEquals("4999", json(f.query(scripted)).get("ResultCode").asText(), "the scripted prompt is untouched");
        assertEquals(0, json(f.phone.prompts(null)).get("open").size(), "scripted prompts do not ring the phone");
    }

    @Test
    void thePageFiltersByTheNumberTypedInAnyFormat() {
        f.accepted(PHONE, 100);
        f.accepted("254798765432", 200);
        assertEquals(2, json(f.phone.prompts(null)).get("open").size());
        assertEquals(2, json(f.phone.prompts("")).get("open").size());
        for (String typed : List.of("0712345678", "+254 712 345 678", "254712345678", "5678")) {
            JsonNode open = json(f.phone.prompts(typed)).get("open");
            assertEquals(1, open.size(), typed);
            assertEquals(PHONE, open.get(0).get("msisdn").asText());
        }
    }

    @Test
    void thePageCarriesTheStableTestIds() {
        String html = f.phone.page();
        for (String id : List.of("'prompt-'", "pin-input", "send-button", "cancel-button", "prompt-result",
                "msisdn-filter", "c2b-msisdn", "c2b-amount", "c2b-account", "c2b-send-button", "c2b-result")) {
            assertTrue(html.contains(id), id);
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "no external CDN");
    }

    @Test
    void aC2bPaymentFromThePageIsConfirmedToTheRegisteredUrl() {
        var reg = RequestBody.JSON.createObjectNode();
        reg.put("ShortCode", "600984");
        reg.put("ResponseType", "Completed");
        reg.put("ConfirmationURL", f.url("/c2b/confirm").toString());
        f.c2b.registerUrl("v2", f.bearer(), "application/json", SandboxFixture.text(reg));
        assertEquals("600984", json(f.phone.c2bRegistrations()).get("defaultShortCode").asText());

        Response r = f.phone.payBill(
                "{\"msisdn\":\"0712345678\",\"amount\":\"250\",\"accountNumber\":\"ACC-7\",\"shortCode\":\"600984\"}");
        assertEquals(200, r.getStatus());
        assertTrue(json(r).get("delivered").asBoolean());
        JsonNode confirmation = f.callbacks.await("/c2b/confirm", 1).get(0).json();
        assertEquals(json(r).get("transId").asText(), confirmation.get("TransID").asText());
        assertEquals("ACC-7", confirmation.get("BillRefNumber").asText());
        assertEquals("250.00", confirmation.get("TransAmount").asText());
        assertEquals("2547 ***** 678", confirmation.get("MSISDN").asText());
    }

    @Test
    void aC2bPaymentWithoutRegisteredUrlsSaysNothingWasSent() {
        Response r = f.phone.payBill("{\"msisdn\":\"254712345678\",\"amount\":10,\"accountNumber\":\"A\"}");
        assertEquals(200, r.getStatus());
        assertFalse(json(r).get("delivered").asBoolean());
        assertEquals("174379", json(r).get("shortCode").asText());
        Response bad = f.phone.payBill("{\"msisdn\":\"12345\",\"amount\":10}");
        assertEquals(400, bad.getStatus());
        assertEquals("Invalid Msisdn", json(bad).get("message").asText());
    }
}
