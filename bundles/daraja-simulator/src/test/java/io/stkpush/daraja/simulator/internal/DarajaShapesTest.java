package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field names and JSON types exactly as daraja.md records them, including Daraja's oddities. */
class DarajaShapesTest {

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
    void oauthAnswersA28CharacterTokenAndAStringExpiresIn() {
        Response r = f.oauth.generate("client_credentials", SandboxFixture.basic("any", "thing"));
        assertEquals(200, r.getStatus());
        JsonNode body = json(r);
        assertEquals(List.of("access_token", "expires_in"), names(body));
        assertTrue(body.get("access_token").asText().matches("[A-Za-z0-9]{28}"));
        assertTrue(body.get("expires_in").isTextual(), "a string, as the real API answers");
        assertEquals("3599", body.get("expires_in").asText());
    }

    @Test
    void pushAcceptanceHasDarajasFieldsAndAStringResponseCode() {
        Response r = f.push(f.pushBody("254708374149", 1));
        assertEquals(200, r.getStatus());
        JsonNode body = json(r);
        assertEquals(List.of("MerchantRequestID", "CheckoutRequestID", "ResponseCode", "ResponseDescription",
                "CustomerMessage"), names(body));
        assertTrue(body.get("ResponseCode").isTextual());
        assertEquals("0", body.get("ResponseCode").asText());
        assertEquals("Success. Request accepted for processing", body.get("ResponseDescription").asText());
        assertEquals("Success. Request accepted for processing", body.get("CustomerMessage").asText());
        // ws_CO_ + ddMMyyyyHHmmss + milliseconds + the number without 254
        assertTrue(body.get("CheckoutRequestID").asText().matches("ws_CO_\\d{14}\\d{3}708374149"),
                body.get("CheckoutRequestID").asText());
        assertTrue(body.get("MerchantRequestID").asText().matches("[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\d+"));
    }

    @Test
    void queryWhilePendingIs4999WithHttp200() {
        String id = f.accepted("254708374149", 1);
        Response r = f.query(id);
        assertEquals(200, r.getStatus());
        JsonNode body = json(r);
        assertEquals(List.of("ResponseCode", "ResponseDescription", "MerchantRequestID", "CheckoutRequestID",
                "ResultCode", "ResultDesc"), names(body));
        assertEquals("4999", body.get("ResultCode").textValue());
        assertEquals("The transaction is still under processing", body.get("ResultDesc").asText());
        assertEquals("0", body.get("ResponseCode").textValue());
    }

    @Test
    void finalQueryHasAStringResultCodeAndNoReceiptAmountOrPhone() {
        String id = f.accepted("254708374100", 1);
        f.scheduler.fireAll();
        JsonNode body = json(f.query(id));
        assertEquals(List.of("ResponseCode", "ResponseDescription", "MerchantRequestID", "CheckoutRequestID",
                "ResultCode", "ResultDesc"), names(body));
        assertEquals("0", body.get("ResultCode").textValue());
        assertEquals("The service request is processed successfully.", body.get("ResultDesc").asText());
    }

    @Test
    void queryForAnIdNeverIssuedAnswersBeingProcessedWithHttp500() {
        Response r = f.query("ws_CO_01012026000000000712345678");
        assertEquals(500, r.getStatus());
        assertEquals(List.of("requestId", "errorCode", "errorMessage"), names(json(r)));
        assertEquals("500.001.1001", json(r).get("errorCode").asText());
        assertEquals("The transaction is being processed", json(r).get("errorMessage").asText());
    }

    @Test
    void successCallbackTextHasNumericCodesADecimalAmountAndAValuelessBalance() {
        String id = f.accepted("254708374100", 1500);
        f.scheduler.fireAll();
        String raw = f.callbacks.await(CALLBACK_PATH, 1).get(0).body();
        assertTrue(raw.startsWith("{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":"), raw);
        assertTrue(raw.contains("\"CheckoutRequestID\":\"" + id + "\",\"ResultCode\":0,\"ResultDesc\":"), raw);
        assertTrue(raw.contains("{\"Name\":\"Amount\",\"Value\":1500.00}"), raw);
        assertTrue(raw.contains("{\"Name\":\"Balance\"}"), raw);
        assertTrue(raw.matches(".*\\{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"[A-Z0-9]{10}\"}.*"), raw);
        assertTrue(raw.matches(".*\\{\"Name\":\"TransactionDate\",\"Value\":20\\d{12}}.*"), raw);
        assertTrue(raw.contains("{\"Name\":\"PhoneNumber\",\"Value\":254708374100}"), raw);
    }

    @Test
    void failureCallbackHasOnlyTheFourFields() {
        f.accepted("254708374101", 10);
        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(List.of("MerchantRequestID", "CheckoutRequestID", "ResultCode", "ResultDesc"), names(stk));
    }

    @Test
    void errorsUseTheGatewayEnvelope() {
        Response r = f.stk.processRequest("Bearer nope", "application/json", "{}");
        assertEquals(404, r.getStatus());
        JsonNode body = json(r);
        assertEquals(List.of("requestId", "errorCode", "errorMessage"), names(body));
        assertTrue(body.get("requestId").isTextual() && !body.get("requestId").asText().isEmpty());
        assertEquals("application/json", r.getMediaType().toString());
    }

    @Test
    void c2bRegistrationAnswersWithSafaricomsMisspelling() {
        Response r = register("v1", "Completed", f.url("/c2b/confirm").toString(), f.url("/c2b/validate").toString());
        assertEquals(200, r.getStatus());
        assertEquals(List.of("OriginatorCoversationID", "ResponseCode", "ResponseDescription"), names(json(r)));
        assertEquals("0", json(r).get("ResponseCode").textValue());
        assertEquals("success", json(r).get("ResponseDescription").asText());
    }

    @Test
    void c2bSimulationValidatesThenConfirmsWithStringFieldsAndAHashedMsisdnForV1() {
        register("v1", "Completed", f.url("/c2b/confirm").toString(), f.url("/c2b/validate").toString());
        Response r = simulate("174379", 5, "254708374149", "Sample Transaction");
        assertEquals(200, r.getStatus());
        assertEquals(List.of("OriginatorCoversationID", "ResponseCode", "ResponseDescription"), names(json(r)));
        assertEquals("Accept the service request successfully.", json(r).get("ResponseDescription").asText());

        JsonNode confirmation = f.callbacks.await("/c2b/confirm", 1).get(0).json();
        JsonNode validation = f.callbacks.on("/c2b/validate").get(0).json();
        assertEquals(List.of("/c2b/validate", "/c2b/confirm"), f.callbacks.all().stream().map(CallbackServer.Received::path).toList());
        assertEquals(List.of("TransactionType", "TransID", "TransTime", "TransAmount", "BusinessShortCode",
                "BillRefNumber", "InvoiceNumber", "OrgAccountBalance", "ThirdPartyTransID", "MSISDN", "FirstName",
                "MiddleName", "LastName"), names(confirmation));
        confirmation.forEach(v -> assertTrue(v.isTextual(), "every C2B field is a string: " + v));
        assertEquals("Pay Bill", confirmation.get("TransactionType").asText());
        assertTrue(confirmation.get("TransID").asText().matches("[A-Z0-9]{10}"));
        assertTrue(confirmation.get("TransTime").asText().matches("20\\d{12}"));
        assertEquals("5.00", confirmation.get("TransAmount").asText());
        assertEquals("174379", confirmation.get("BusinessShortCode").asText());
        assertEquals("Sample Transaction", confirmation.get("BillRefNumber").asText());
        assertEquals("5.00", confirmation.get("OrgAccountBalance").asText());
        assertEquals(new Msisdn("254708374149").sha256(), confirmation.get("MSISDN").asText());
        assertTrue(confirmation.get("MSISDN").asText().matches("[0-9a-f]{64}"));
        assertEquals("", validation.get("OrgAccountBalance").asText(), "blank in validation");
        assertEquals(confirmation.get("TransID"), validation.get("TransID"));

        simulate("174379", 20, "254708374149", "again");
        assertEquals("25.00", f.callbacks.await("/c2b/confirm", 2).get(1).json().get("OrgAccountBalance").asText());
    }

    @Test
    void c2bV2ShowsTheMaskedMsisdnAndBuyGoods() {
        register("v2", "Completed", f.url("/c2b/confirm").toString(), null);
        ObjectNode body = simulateBody("174379", 5, "254708374126", "");
        body.put("CommandID", "CustomerBuyGoodsOnline");
        f.c2b.simulate("v2", f.bearer(), "application/json", text(body));
        JsonNode confirmation = f.callbacks.await("/c2b/confirm", 1).get(0).json();
        assertEquals("2547 ***** 126", confirmation.get("MSISDN").asText());
        assertEquals("Buy Goods", confirmation.get("TransactionType").asText());
    }

    @Test
    void aValidationRejectionStopsTheConfirmation() {
        register("v2", "Completed", f.url("/c2b/confirm").toString(), f.url("/c2b/validate").toString());
        f.callbacks.reply("/c2b/validate", 200, "{\"ResultCode\":\"C2B00012\",\"ResultDesc\":\"Rejected\"}");
        simulate("174379", 5, "254708374149", "nobody");
        f.callbacks.await("/c2b/validate", 1);
        f.scheduler.drain();
        assertTrue(f.callbacks.on("/c2b/confirm").isEmpty());
    }

    @Test
    void anUnreachableValidationUrlFollowsTheRegisteredResponseType() {
        register("v2", "Cancelled", f.url("/c2b/confirm").toString(), f.url("/c2b/validate").toString());
        f.callbacks.reply("/c2b/validate", 500, "oops");
        simulate("174379", 5, "254708374149", "x");
        f.callbacks.await("/c2b/validate", 1);
        f.scheduler.drain();
        assertTrue(f.callbacks.on("/c2b/confirm").isEmpty(), "Cancelled: no confirmation");

        register("v2", "Completed", f.url("/c2b/confirm").toString(), f.url("/c2b/validate").toString());
        simulate("174379", 5, "254708374149", "x");
        f.callbacks.await("/c2b/confirm", 1);
    }

    @Test
    void reRegisteringIsAllowedAndTheLatestUrlsWin() {
        register("v1", "Completed", f.url("/old").toString(), null);
        assertEquals(200, register("v2", "Completed", f.url("/new").toString(), null).getStatus());
        simulate("174379", 1, "254708374149", "x");
        f.callbacks.await("/new", 1);
        f.scheduler.drain();
        assertTrue(f.callbacks.on("/old").isEmpty());
    }

    private Response register(String version, String responseType, String confirmation, String validation) {
        ObjectNode body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", "174379");
        body.put("ResponseType", responseType);
        body.put("ConfirmationURL", confirmation);
        if (validation != null) {
            body.put("ValidationURL", validation);
        }
        return f.c2b.registerUrl(version, f.bearer(), "application/json", text(body));
    }

    private Response simulate(String shortCode, long amount, String msisdn, String billRef) {
        return f.c2b.simulate("v1", f.bearer(), "application/json", text(simulateBody(shortCode, amount, msisdn, billRef)));
    }

    private static ObjectNode simulateBody(String shortCode, long amount, String msisdn, String billRef) {
        ObjectNode body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", Long.parseLong(shortCode));
        body.put("CommandID", "CustomerPayBillOnline");
        body.put("Amount", amount);
        body.put("Msisdn", Long.parseLong(msisdn));
        body.put("BillRefNumber", billRef);
        return body;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
