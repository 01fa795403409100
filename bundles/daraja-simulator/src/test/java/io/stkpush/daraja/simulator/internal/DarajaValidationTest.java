package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.stkpush.testing.MutableClock;

/** Bad input is refused the way Daraja refuses it: same status, same code, same message. */
class DarajaValidationTest {

    private SandboxFixture f;

    @BeforeEach
    void start() throws IOException {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    // ---- STK push fields

    /** {@code value} is JSON; {@code <absent>} removes the field. */
    @ParameterizedTest(name = "{0} = {1} → Invalid {2}")
    @CsvSource(delimiter = '|', value = {
        "BusinessShortCode | <absent>             | BusinessShortCode",
        "BusinessShortCode | \"17437X\"           | BusinessShortCode",
        "BusinessShortCode | \" 174379\"          | BusinessShortCode",
        "Password          | <absent>             | Password",
        "Password          | \"\"                 | Password",
        "Timestamp         | \"2021062809240\"    | Timestamp",
        "Timestamp         | \"20211328092408\"   | Timestamp",
        "Timestamp         | <absent>             | Timestamp",
        "TransactionType   | \"CustomerPayBill\"  | TransactionType",
        "TransactionType   | <absent>             | TransactionType",
        "Amount            | 0                    | Amount",
        "Amount            | 1.5                  | Amount",
        "Amount            | \"1.5\"              | Amount",
        "Amount            | \"ten\"              | Amount",
        "Amount            | -5                   | Amount",
        "Amount            | <absent>             | Amount",
        "PartyA            | \"0712345678\"       | PartyA",
        "PartyA            | 255712345678         | PartyA",
        "PartyB            | <absent>             | PartyB",
        "PhoneNumber       | \"+254712345678\"    | PhoneNumber",
        "PhoneNumber       | 25471234567          | PhoneNumber",
        "PhoneNumber       | <absent>             | PhoneNumber",
        "CallBackURL       | \"https://mydomain.com/path \" | CallBackURL",
        "CallBackURL       | \"ftp://mydomain.com/path\"    | CallBackURL",
        "CallBackURL       | \"mydomain.com/path\"          | CallBackURL",
        "CallBackURL       | <absent>             | CallBackURL",
        "AccountReference  | <absent>             | AccountReference",
        "AccountReference  | null                 | AccountReference",
        "TransactionDesc   | <absent>             | Remarks",
        "TransactionDesc   | null                 | Remarks"})
    void eachInvalidFieldIsReportedByName(String field, String value, String reported) throws IOException {
        ObjectNode body = f.pushBody("254712345678", 10);
        if (value.equals("<absent>")) {
            body.remove(field);
        } else {
            body.set(field, RequestBody.JSON.readTree(value));
        }
        Response r = f.push(body);
        assertEquals(400, r.getStatus());
        assertEquals("400.002.02", json(r).get("errorCode").asText());
        assertEquals("Bad Request - Invalid " + reported, json(r).get("errorMessage").asText());
        assertTrue(f.scheduler.delays().isEmpty(), "nothing was started");
    }

    @ParameterizedTest(name = "Amount {0} is accepted")
    @ValueSource(strings = {"1", "\"1\"", "1.00", "\"1500\"", "250000"})
    void amountsAreWholeShillingsAsNumbersOrStrings(String amount) throws IOException {
        ObjectNode body = f.pushBody("254712345678", 10);
        body.set("Amount", RequestBody.JSON.readTree(amount));
        assertEquals(200, f.push(body).getStatus());
    }

    @Test
    void phonesMayBeNumbersAnd2541NumbersAreValid() {
        ObjectNode body = f.pushBody("254112345678", 10);
        body.put("PartyA", 254112345678L);
        body.put("PhoneNumber", 254112345678L);
        body.put("BusinessShortCode", "174379");
        assertEquals(200, f.push(body).getStatus());
    }

    @Test
    void aWrongPasswordIsWrongCredentials() {
        ObjectNode body = f.pushBody("254712345678", 10);
        body.put("Password", SandboxFixture.password("174379", "20210628092408"));
        Response r = f.push(body);
        assertEquals(500, r.getStatus());
        assertEquals("500.001.1001", json(r).get("errorCode").asText());
        assertEquals("Wrong credentials", json(r).get("errorMessage").asText());
    }

    @Test
    void theOfficialSamplePasswordMatchesItsTimestamp() {
        ObjectNode body = f.pushBody("254712345678", 10);
        body.put("Timestamp", "20210628092408");
        body.put("Password", "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4");
        assertEquals(200, f.push(body).getStatus(), "stale timestamps are not refused: undocumented");
    }

    @Test
    void anUnknownShortCodeIsNotAMerchant() {
        ObjectNode body = f.pushBody("254712345678", 10);
        String ts = SandboxFixture.timestamp();
        body.put("BusinessShortCode", "600984");
        body.put("Timestamp", ts);
        body.put("Password", SandboxFixture.password("600984", ts));
        Response r = f.push(body);
        assertEquals(500, r.getStatus());
        assertEquals("500.001.1001", json(r).get("errorCode").asText());
        assertEquals("Merchant does not exist", json(r).get("errorMessage").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"BusinessShortCode\":", "not json", "[1,2]", "", "null"})
    void malformedJsonIsAnInvalidPayload(String body) {
        Response r = f.stk.processRequest(f.bearer(), "application/json", body);
        assertEquals(400, r.getStatus());
        assertEquals("400.002.05", json(r).get("errorCode").asText());
        assertEquals("Invalid Request Payload", json(r).get("errorMessage").asText());
    }

    @Test
    void withoutTheJsonContentTypeTheShortCodeIsInvalid() {
        Response r = f.stk.processRequest(f.bearer(), "text/plain", text(f.pushBody("254712345678", 10)));
        assertEquals(400, r.getStatus());
        assertEquals("Bad Request - Invalid BusinessShortCode", json(r).get("errorMessage").asText());
        assertEquals(200, f.stk.processRequest(f.bearer(), "application/json; charset=UTF-8",
                text(f.pushBody("254712345678", 10))).getStatus());
    }

    @Test
    void theQueryChecksItsFieldsAndPasswordToo() {
        String ts = SandboxFixture.timestamp();
        ObjectNode body = RequestBody.JSON.createObjectNode();
        body.put("BusinessShortCode", "174379");
        body.put("Password", SandboxFixture.password("174379", ts));
        body.put("Timestamp", ts);
        Response missing = f.stk.query(f.bearer(), "application/json", text(body));
        assertEquals("Bad Request - Invalid CheckoutRequestID", json(missing).get("errorMessage").asText());

        body.put("CheckoutRequestID", f.accepted("254712345678", 10));
        body.put("Password", "d3Jvbmc=");
        Response wrong = f.stk.query(f.bearer(), "application/json", text(body));
        assertEquals(500, wrong.getStatus());
        assertEquals("Wrong credentials", json(wrong).get("errorMessage").asText());
    }

    // ---- tokens

    @Test
    void anUnknownBearerTokenIsAnInvalidAccessToken() {
        Response r = f.stk.processRequest("Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF", "application/json",
                text(f.pushBody("254712345678", 10)));
        assertEquals(404, r.getStatus());
        assertEquals("404.001.03", json(r).get("errorCode").asText());
        assertEquals("Invalid Access Token", json(r).get("errorMessage").asText());
    }

    @Test
    void aMissingOrBasicHeaderOnAnApiCallIsAnInvalidAuthenticationHeader() {
        for (String header : new String[] {null, SandboxFixture.basic("k", "s")}) {
            Response r = f.stk.query(header, "application/json", "{}");
            assertEquals(404, r.getStatus());
            assertEquals("404.001.04", json(r).get("errorCode").asText());
        }
    }

    @Test
    void tokensExpireAfterTheirLifetime() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (SandboxFixture timed = new SandboxFixture(SimulatorSettings.defaults(), clock)) {
            String bearer = timed.bearer();
            ObjectNode body = timed.pushBody("254712345678", 10);
            clock.advance(Duration.ofSeconds(3599));
            assertEquals(200, timed.stk.processRequest(bearer, "application/json", text(body)).getStatus());
            clock.advance(Duration.ofSeconds(1));
            Response r = timed.stk.query(bearer, "application/json", "{}");
            assertEquals(404, r.getStatus());
            assertEquals("404.001.03", json(r).get("errorCode").asText());
        }
    }

    @Test
    void aNewTokenLeavesThePreviousOneValidUnlessConfigured() {
        String first = token("k", "s");
        String second = token("k", "s");
        assertFalse(first.equals(second));
        f.sandbox.authorize("Bearer " + first);

        f.sandbox.configure(f.sandbox.settings().withInvalidatePreviousToken(true));
        String third = token("k", "s");
        assertEquals(404, f.stk.query("Bearer " + second, "application/json", "{}").getStatus());
        f.sandbox.authorize("Bearer " + third);
        String otherApp = token("other", "s");
        f.sandbox.authorize("Bearer " + third); // another app's token does not touch this one
        f.sandbox.authorize("Bearer " + otherApp);
    }

    @Test
    void theGrantTypeMustBeClientCredentials() {
        for (String grant : new String[] {null, "password", "client_credentials "}) {
            Response r = f.oauth.generate(grant, SandboxFixture.basic("k", "s"));
            assertEquals(400, r.getStatus());
            assertEquals("400.008.02", json(r).get("errorCode").asText());
            assertEquals("Invalid grant type passed", json(r).get("errorMessage").asText());
        }
    }

    @Test
    void oauthNeedsBasicAuthentication() {
        for (String header : new String[] {null, "Bearer abc", "Digest x"}) {
            Response r = f.oauth.generate("client_credentials", header);
            assertEquals(400, r.getStatus());
            assertEquals("400.008.01", json(r).get("errorCode").asText());
            assertEquals("Invalid authentication type passed", json(r).get("errorMessage").asText());
        }
    }

    @Test
    void configuredConsumerCredentialsMustMatchElseAnEmpty400() {
        f.sandbox.configure(f.sandbox.settings().withConsumer("demo-key", "demo-secret"));
        for (String header : new String[] {SandboxFixture.basic("demo-key", "wrong"), SandboxFixture.basic("x", "demo-secret"),
                "Basic !!notbase64", "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())}) {
            Response r = f.oauth.generate("client_credentials", header);
            assertEquals(400, r.getStatus());
            assertNull(r.getEntity(), "production answers an empty body");
        }
        assertEquals(200, f.oauth.generate("client_credentials", SandboxFixture.basic("demo-key", "demo-secret")).getStatus());
    }

    private String token(String key, String secret) {
        Response r = f.oauth.generate("client_credentials", SandboxFixture.basic(key, secret));
        assertEquals(200, r.getStatus());
        return json(r).get("access_token").asText();
    }

    // ---- C2B

    @ParameterizedTest(name = "{0} = {1} → Invalid {2}")
    @CsvSource(delimiter = '|', value = {
        "ResponseType    | completed                                   | ResponseType",
        "ResponseType    | Accepted                                    | ResponseType",
        "ConfirmationURL | https://isp.example.com/mpesa/confirm       | ConfirmationURL",
        "ConfirmationURL | https://isp.example.com/c2b/query           | ConfirmationURL",
        "ConfirmationURL | not a url                                   | ConfirmationURL",
        "ValidationURL   | https://safaricom.isp.example.com/validate  | ValidationURL",
        "ValidationURL   | https://isp.example.com/run.exe             | ValidationURL",
        "ValidationURL   | https://isp.example.com/cmd/v               | ValidationURL",
        "ValidationURL   | https://isp.example.com/SQL/v               | ValidationURL",
        "ShortCode       | abc                                         | ShortCode"})
    void c2bRegistrationRefusesWhatDarajaRefuses(String field, String value, String reported) {
        ObjectNode body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", "600984");
        body.put("ResponseType", "Completed");
        body.put("ConfirmationURL", "https://isp.example.com/hooks/c2b/confirmation");
        body.put("ValidationURL", "https://isp.example.com/hooks/c2b/validation");
        body.put(field, value);
        Response r = f.c2b.registerUrl("v2", f.bearer(), "application/json", text(body));
        assertEquals(400, r.getStatus());
        assertEquals("400.002.02", json(r).get("errorCode").asText());
        assertEquals("Bad Request - Invalid " + reported, json(r).get("errorMessage").asText());
        assertTrue(f.sandbox.c2bRegistrations().isEmpty());
    }

    @Test
    void c2bSimulationChecksItsFields() {
        Response r = f.c2b.simulate("v1", f.bearer(), "application/json",
                "{\"ShortCode\":600984,\"CommandID\":\"SalaryPayment\",\"Amount\":1,\"Msisdn\":254708374149}");
        assertEquals("Bad Request - Invalid CommandID", json(r).get("errorMessage").asText());
        r = f.c2b.simulate("v1", f.bearer(), "application/json",
                "{\"ShortCode\":600984,\"CommandID\":\"CustomerPayBillOnline\",\"Amount\":1,\"Msisdn\":2547083741}");
        assertEquals("Bad Request - Invalid Msisdn", json(r).get("errorMessage").asText());
        r = f.c2b.simulate("v1", "Bearer nope", "application/json", "{}");
        assertEquals("404.001.03", json(r).get("errorCode").asText());
    }
}
