package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.Kes;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

class StkPushTest extends FakeDarajaTest {

    // ---- what is sent

    @Test
    void paybillPushSendsDarajasFieldsWithTheirTypes() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        PushAcceptance accepted = client().push(push(1500));

        assertEquals("ws_CO_1007202409152617172396192", accepted.checkoutRequestId().value());
        assertEquals("2654-4b64-97ff-b827b542881d3130", accepted.merchantRequestId().value());
        assertEquals("Success. Request accepted for processing", accepted.customerMessage());

        FakeDaraja.Received sent = daraja.received(FakeDaraja.PUSH).get(0);
        assertEquals("POST", sent.method());
        assertEquals("Bearer tok-1", sent.header("Authorization"));
        assertEquals("application/json", sent.header("Content-Type"));
        JsonNode body = sent.json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("BusinessShortCode", "Password", "Timestamp", "TransactionType", "Amount", "PartyA",
                "PartyB", "PhoneNumber", "CallBackURL", "AccountReference", "TransactionDesc"), fields);
        for (String field : List.of("BusinessShortCode", "Password", "Timestamp", "TransactionType", "PartyA",
                "PartyB", "PhoneNumber", "CallBackURL", "AccountReference", "TransactionDesc")) {
            assertTrue(body.get(field).isTextual(), field + " is a JSON string");
        }
        assertTrue(body.get("Amount").isIntegralNumber(), "Amount is a JSON integer");
        assertEquals(1500, body.get("Amount").asLong());
        assertEquals("174379", body.get("BusinessShortCode").asText());
        assertEquals("CustomerPayBillOnline", body.get("TransactionType").asText());
        assertEquals("254708374149", body.get("PartyA").asText());
        assertEquals("174379", body.get("PartyB").asText());
        assertEquals("254708374149", body.get("PhoneNumber").asText());
        assertEquals(CALLBACK.toString(), body.get("CallBackURL").asText());
        assertEquals("ACC0042", body.get("AccountReference").asText());
        assertEquals("Internet", body.get("TransactionDesc").asText());
    }

    @Test
    void passwordIsShortCodePasskeyAndTheSameNairobiTimestamp() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        client().push(push(1));

        JsonNode body = daraja.received(FakeDaraja.PUSH).get(0).json();
        assertEquals(NAIROBI_TIMESTAMP, body.get("Timestamp").asText());
        String password = new String(Base64.getDecoder().decode(body.get("Password").asText()),
                StandardCharsets.UTF_8);
        assertEquals("174379" + TestConfig.PASSKEY + NAIROBI_TIMESTAMP, password);
    }

    @Test
    void tillPushUsesBuyGoodsWithTheTillAsPartyB() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        client(Map.of("mode", "till", "shortCode", "5301911", "partyB", "8812345")).push(push(200));

        JsonNode body = daraja.received(FakeDaraja.PUSH).get(0).json();
        assertEquals("CustomerBuyGoodsOnline", body.get("TransactionType").asText());
        assertEquals("5301911", body.get("BusinessShortCode").asText());
        assertEquals("8812345", body.get("PartyB").asText());
        String password = new String(Base64.getDecoder().decode(body.get("Password").asText()),
                StandardCharsets.UTF_8);
        assertTrue(password.startsWith("5301911"), "the password is built with the store number, not the till");
    }

    @Test
    void accountReferenceAndDescriptionAreAlwaysSentAndFitDarajasLimits() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        DarajaClient client = client(Map.of("accountReference", "HomeFibre", "transactionDesc", "Fibre bill"));
        client.push(new ProviderPushRequest(PUSH_ID, PHONE, Kes.of(5), "Account #0042/Nairobi West",
                "Monthly internet subscription", CALLBACK));
        client.push(new ProviderPushRequest(PUSH_ID, PHONE, Kes.of(5), "  ", null, CALLBACK));

        JsonNode cleaned = daraja.received(FakeDaraja.PUSH).get(0).json();
        assertEquals("Account 0042", cleaned.get("AccountReference").asText());
        assertEquals("Monthly inter", cleaned.get("TransactionDesc").asText());
        JsonNode defaults = daraja.received(FakeDaraja.PUSH).get(1).json();
        assertEquals("HomeFibre", defaults.get("AccountReference").asText());
        assertEquals("Fibre bill", defaults.get("TransactionDesc").asText());
    }

    @Test
    void relativeCallbackIsResolvedAgainstTheCallbackBaseUrl() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        client(Map.of("callbackBaseUrl", "https://isp.example.net/"))
                .push(new ProviderPushRequest(PUSH_ID, PHONE, Kes.of(5), "A1", "D",
                        URI.create("/hooks/daraja/stk/" + PUSH_ID + "/tkn")));
        assertEquals("https://isp.example.net/hooks/daraja/stk/" + PUSH_ID + "/tkn",
                daraja.received(FakeDaraja.PUSH).get(0).json().get("CallBackURL").asText());
    }

    @Test
    void amountOutsideMpesaLimitsIsRejectedBeforeAnythingIsSent() {
        ProviderException e = refusal(() -> client().push(push(250_001)));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals(PushReason.AMOUNT_ABOVE_MAXIMUM, e.reason());
        assertTrue(daraja.received().isEmpty());
    }

    // ---- synchronous refusals

    @Test
    void invalidPhoneNumberShowsNumberNotRegistered() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(400, "400.002.02", "Bad Request - Invalid PhoneNumber"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("400.002.02", e.code());
        assertEquals(PushReason.NOT_REGISTERED, e.reason());
        assertEquals("Number not registered for M-Pesa", operatorReads(e));
        assertEquals("Bad Request - Invalid PhoneNumber", e.getMessage(), "Daraja's words kept as data");
    }

    @ParameterizedTest
    @CsvSource({
        "BusinessShortCode, shortCode",
        "Timestamp, clock",
        "CallBackURL, callbackBaseUrl",
        "Amount, whole shillings",
        "Remarks, transactionDesc",
        "PartyB, partyB",
        "TransactionType, mode",
        "AccountReference, account reference"
    })
    void otherInvalidFieldsNameTheFieldInPlainWords(String field, String words) {
        daraja.reply(FakeDaraja.PUSH, Reply.error(400, "400.002.02", "Bad Request - Invalid " + field));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals(PushReason.PROVIDER_REFUSED, e.reason());
        assertTrue(operatorReads(e).contains(words), operatorReads(e));
        assertNotEquals("Number not registered for M-Pesa", operatorReads(e));
    }

    @Test
    void lockedSubscriberIsTheBusyPhone() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.001.1001",
                "Unable to lock subscriber, a transaction is already in process for the current subscriber"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("500.001.1001", e.code());
        assertEquals(PushReason.SUBSCRIBER_BUSY, e.reason());
        assertEquals("The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.",
                operatorReads(e));
        assertEquals(1, daraja.received(FakeDaraja.PUSH).size(), "not retried: a retry would hit the lock again");
    }

    @Test
    void merchantDoesNotExistPointsAtTheShortCode() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.001.1001", "Merchant does not exist"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals(PushReason.PROVIDER_REFUSED, e.reason());
        assertTrue(operatorReads(e).contains("shortCode"), operatorReads(e));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Wrong credentials", "[MerchantValidate] - Wrong credentials" })
    void wrongCredentialsPointAtThePasskeyWithoutShowingIt(String message) {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.001.1001", message));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(operatorReads(e).contains("passkey"), operatorReads(e));
        assertFalse(operatorReads(e).contains(TestConfig.PASSKEY));
        assertFalse(e.getMessage().contains(TestConfig.PASSKEY));
    }

    @ParameterizedTest
    @CsvSource({
        "500.003.02, Error Occurred: Spike Arrest Violation",
        "500.003.02, System is busy. Please try again in few minutes.",
        "500.003.03, Quota Violation"
    })
    void busyIsRetriedWithBackOffThenReportedBusy(String code, String message) {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, code, message));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.BUSY, e.kind());
        assertEquals(code, e.code());
        assertEquals(PushReason.PROVIDER_BUSY, e.reason());
        assertEquals("M-Pesa is busy. Try again in a few minutes.", operatorReads(e));
        assertEquals(3, daraja.received(FakeDaraja.PUSH).size(), "first attempt and two retries");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.sleeps());
    }

    @Test
    void busyThenAcceptedIsAccepted() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.003.02", "System is busy. Please try again in few minutes."),
                Reply.json(200, ACCEPTED));
        PushAcceptance accepted = client(Map.of("busyRetryDelayMillis", 250)).push(push(10));

        assertEquals("ws_CO_1007202409152617172396192", accepted.checkoutRequestId().value());
        assertEquals(List.of(Duration.ofMillis(250)), sleeper.sleeps());
    }

    @Test
    void noBusyRetriesWhenConfiguredOff() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.003.02", "Error Occurred: Spike Arrest Violation"));
        ProviderException e = refusal(() -> client(Map.of("busyRetries", 0)).push(push(10)));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals(1, daraja.received(FakeDaraja.PUSH).size());
        assertTrue(sleeper.sleeps().isEmpty());
    }

    @Test
    void gatewayFaultEnvelopeIsRejectedWithItsReason() {
        daraja.reply(FakeDaraja.PUSH, Reply.json(404, "{\"fault\":{\"faultstring\":\"Unable to identify proxy for host:"
                + " secure and url: /mpesa/stkpush/v1/processrequest\",\"detail\":{\"errorcode\":"
                + "\"messaging.adaptors.http.flow.ApplicationNotFound\"}}}"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("messaging.adaptors.http.flow.ApplicationNotFound", e.code());
        assertTrue(operatorReads(e).contains("Unable to identify proxy"), operatorReads(e));
    }

    @Test
    void gatewaySpikeArrestFaultIsRetriedLikeDarajasOwn() {
        daraja.reply(FakeDaraja.PUSH, Reply.json(429, "{\"fault\":{\"faultstring\":\"Spike arrest violation\","
                + "\"detail\":{\"errorcode\":\"policies.ratelimit.SpikeArrestViolation\"}}}"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.BUSY, e.kind());
        assertEquals(3, daraja.received(FakeDaraja.PUSH).size());
    }

    @Test
    void empty400IsRejectedAsAConfigurationProblem() {
        daraja.reply(FakeDaraja.PUSH, Reply.text(400, ""));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(operatorReads(e).contains("without saying why"), operatorReads(e));
    }

    @Test
    void nonJson400IsRejected() {
        daraja.reply(FakeDaraja.PUSH, Reply.text(400, "<html><body>Bad Request</body></html>"));
        ProviderException e = refusal(() -> client().push(push(10)));
        assertEquals(Kind.REJECTED, e.kind());
    }

    @Test
    void nonZeroResponseCodeIsRejected() {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, "{\"ResponseCode\":\"1\",\"ResponseDescription\":\"Rejected\"}"));
        ProviderException e = refusal(() -> client().push(push(10)));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("1", e.code());
        assertEquals("M-Pesa refused the prompt: Rejected", operatorReads(e));
    }

    // ---- a prompt may be on the phone: unknown, never failed

    @ParameterizedTest
    @ValueSource(strings = { "", "OK", "<html>Accepted</html>", "[]" })
    void unreadable200IsUnknown(String body) {
        daraja.reply(FakeDaraja.PUSH, Reply.text(200, body));
        assertUnknown(refusal(() -> client().push(push(10))));
    }

    @Test
    void acceptedWithoutCheckoutRequestIdIsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, "{\"ResponseCode\":\"0\",\"MerchantRequestID\":\"x-1\"}"));
        assertUnknown(refusal(() -> client().push(push(10))));
    }

    @Test
    void serverErrorAfterSendingIsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.003.1001", "Internal Server Error"));
        ProviderException e = refusal(() -> client().push(push(10)));
        assertUnknown(e);
        assertEquals("500.003.1001", e.code());
        assertEquals(1, daraja.received(FakeDaraja.PUSH).size(), "never resent: that could prompt twice");
    }

    @Test
    void nonJson502IsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.text(502, "<html>Bad Gateway</html>"));
        assertUnknown(refusal(() -> client().push(push(10))));
    }

    @Test
    void unrecognisedLockCodeMessageIsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(500, "500.001.1001", "Something new"));
        assertUnknown(refusal(() -> client().push(push(10))));
    }

    @Test
    void readTimeoutIsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.hang());
        ProviderException e = refusal(() -> client(Map.of("readTimeout", 1)).push(push(10)));
        assertUnknown(e);
        assertEquals(1, daraja.received(FakeDaraja.PUSH).size());
    }

    @Test
    void connectionDroppedAfterSendingIsUnknown() {
        daraja.reply(FakeDaraja.PUSH, Reply.drop());
        assertUnknown(refusal(() -> client().push(push(10))));
    }

    @Test
    void connectionRefusedIsNotUnknown() throws Exception {
        DarajaClient client = client();
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        client.queryStatus(CHECKOUT); // the token is cached, so the push is the first thing refused
        daraja.close();

        ProviderException e = refusal(() -> client.push(push(10)));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals(PushReason.PROVIDER_UNREACHABLE, e.reason());
        assertEquals("Cannot reach M-Pesa; nothing was sent. Try again in a few minutes.", operatorReads(e));
    }

    @Test
    void nothingListeningAtAllIsNotUnknown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DarajaSettings settings = DarajaSettings.from(TestConfig.against("http://127.0.0.1:" + port, Map.of()));
        DarajaClient client = new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);

        ProviderException e = refusal(() -> client.push(push(10)));
        assertNotEquals(Kind.UNKNOWN, e.kind());
    }

    @Test
    void acceptedWithoutMerchantIdStillCarriesTheCheckoutId() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, "{\"ResponseCode\":\"0\",\"CheckoutRequestID\":\"ws_CO_1\"}"));
        PushAcceptance accepted = client().push(push(10));
        assertEquals("ws_CO_1", accepted.checkoutRequestId().value());
        assertNull(accepted.merchantRequestId());
    }

    private static void assertUnknown(ProviderException e) {
        assertEquals(Kind.UNKNOWN, e.kind());
        assertEquals(PushReason.ANSWER_LOST, e.reason());
        assertEquals("No answer from M-Pesa; the prompt may still reach the phone.", operatorReads(e));
    }
}
