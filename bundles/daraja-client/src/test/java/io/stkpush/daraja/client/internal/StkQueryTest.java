package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

class StkQueryTest extends FakeDarajaTest {

    private StatusAnswer answerTo(Reply reply) throws ProviderException {
        daraja.reply(FakeDaraja.QUERY, reply);
        return client().queryStatus(CHECKOUT);
    }

    @Test
    void querySendsCheckoutIdWithPasswordAndTimestamp() throws Exception {
        answerTo(Reply.json(200, queryResult("\"0\"", "The service request is processed successfully.")));

        JsonNode body = daraja.received(FakeDaraja.QUERY).get(0).json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("BusinessShortCode", "Password", "Timestamp", "CheckoutRequestID"), fields);
        assertEquals("174379", body.get("BusinessShortCode").asText());
        assertTrue(body.get("BusinessShortCode").isTextual());
        assertEquals(NAIROBI_TIMESTAMP, body.get("Timestamp").asText());
        assertEquals("174379" + TestConfig.PASSKEY + NAIROBI_TIMESTAMP,
                new String(Base64.getDecoder().decode(body.get("Password").asText()), StandardCharsets.UTF_8));
        assertEquals(CHECKOUT.value(), body.get("CheckoutRequestID").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"0\"", "0" })
    void paidAsStringOrNumberIsSucceededWithoutAReceipt(String resultCode) throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200, queryResult(resultCode, "The service request is processed successfully.")));
        assertEquals(State.FINAL, answer.state());
        assertEquals(Outcome.SUCCEEDED, answer.outcome());
        assertEquals("0", answer.resultCode());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "\"1032\" | Request Cancelled by user.                       | CANCELLED   | The subscriber cancelled the payment on their phone.",
        "\"1037\" | DS timeout user cannot be reached.               | NO_RESPONSE | No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check and retry.",
        "\"2001\" | The initiator information is invalid.            | FAILED      | Wrong M-Pesa PIN entered.",
        "1          | The balance is insufficient for the transaction. | FAILED      | Insufficient M-Pesa balance."
    })
    void aFinalResultCodeGivesItsOutcomeAndMessage(String resultCode, String resultDesc, Outcome outcome,
            String message) throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200, queryResult(resultCode, resultDesc)));
        assertEquals(outcome, answer.outcome());
        assertEquals(message, operatorReads(answer));
        assertEquals(resultDesc, answer.providerText(), "Daraja's words kept as data");
    }

    @Test
    void stillProcessing4999OnHttp200IsPending() throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200,
                "{\"ResultCode\":\"4999\",\"ResultDesc\":\"The transaction is still under processing\"}"));
        assertEquals(State.PENDING, answer.state());
        assertNull(answer.outcome());
        assertEquals("4999", answer.resultCode());
        assertEquals(PushReason.PENDING, answer.reason());
    }

    @Test
    void legacyHttp500BeingProcessedIsPending() throws Exception {
        StatusAnswer answer = answerTo(Reply.json(500, "{\"requestId\":\"ws_CO_191220191020363925\","
                + "\"errorCode\":\"500.001.1001\",\"errorMessage\":\"The transaction is being processed\"}"));
        assertEquals(State.PENDING, answer.state());
        assertEquals("500.001.1001", answer.resultCode());
        assertEquals(PushReason.PENDING, answer.reason());
        assertEquals(1, daraja.received(FakeDaraja.QUERY).size());
    }

    @Test
    void unknownCodeNeedsReviewAndIsNeverFailed() throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200, queryResult("\"7777\"", "Something new")));
        assertEquals(State.UNKNOWN, answer.state());
        assertNull(answer.outcome());
        assertEquals("7777", answer.resultCode());
        assertEquals(PushReason.UNKNOWN_ANSWER, answer.reason());
    }

    @Test
    void sandboxBadDebtContractIsFailed() throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200, queryResult("\"E3008\"", "Error, the user has a bad debt contract.")));
        assertEquals(Outcome.FAILED, answer.outcome());
        assertEquals(PushReason.PROVIDER_REFUSED, answer.reason());
        assertEquals("M-Pesa refused the number; the Daraja sandbox only prompts its test number 254708374149.",
                operatorReads(answer));
    }

    @Test
    void acceptedButNoResultYetIsPending() throws Exception {
        StatusAnswer answer = answerTo(Reply.json(200, "{\"ResponseCode\":\"0\",\"CheckoutRequestID\":\"x\"}"));
        assertEquals(State.PENDING, answer.state());
    }

    @Test
    void busyIsPendingAtOnceWithoutARetry() throws Exception {
        // the poller asks again later: a retry here would hold its thread and spend more of the budget now
        StatusAnswer answer = answerTo(Reply.error(500, "500.003.02", "Error Occurred: Spike Arrest Violation"));
        assertEquals(State.PENDING, answer.state());
        assertEquals("500.003.02", answer.resultCode());
        assertEquals(PushReason.PROVIDER_BUSY, answer.reason());
        assertEquals(1, daraja.received(FakeDaraja.QUERY).size());
        assertEquals(0, sleeper.sleeps().size());
    }

    @Test
    void wrongCredentialsOnQueryIsRejected() {
        daraja.reply(FakeDaraja.QUERY, Reply.error(500, "500.001.1001", "Wrong credentials"));
        ProviderException e = refusal(() -> client().queryStatus(CHECKOUT));
        assertEquals(Kind.REJECTED, e.kind());
    }

    @Test
    void readTimeoutIsAnExceptionNotAnAnswer() {
        daraja.reply(FakeDaraja.QUERY, Reply.hang());
        ProviderException e = refusal(() -> client(Map.of("readTimeout", 1)).queryStatus(CHECKOUT));
        assertEquals(Kind.UNKNOWN, e.kind());
        assertEquals(PushReason.ANSWER_LOST, e.reason());
    }

    @Test
    void otherServerErrorIsAnExceptionNotAnAnswer() {
        daraja.reply(FakeDaraja.QUERY, Reply.text(503, "<html>Service Unavailable</html>"));
        ProviderException e = refusal(() -> client().queryStatus(CHECKOUT));
        assertEquals(Kind.UNKNOWN, e.kind());
    }

    @Test
    void emptyOkIsAnExceptionNotAnAnswer() {
        daraja.reply(FakeDaraja.QUERY, Reply.text(200, ""));
        ProviderException e = refusal(() -> client().queryStatus(CHECKOUT));
        assertEquals(Kind.UNKNOWN, e.kind());
    }

    @Test
    void unknownCheckoutIdIsRejected() {
        daraja.reply(FakeDaraja.QUERY, Reply.error(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID"));
        ProviderException e = refusal(() -> client().queryStatus(CHECKOUT));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals(PushReason.PROVIDER_REFUSED, e.reason());
        assertEquals("M-Pesa does not know this checkout request.", operatorReads(e));
    }
}
