package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.OperatorAuthenticator;

import org.apache.cxf.endpoint.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator API behind real HTTP, on the CXF and Jackson provider Karaf uses, with the authentication filter
 * bound as in the whiteboard: what the STK Push dialog and the Payments page see.
 */
class OperatorApiHttpTest {

    static final String OPERATOR = basic("operator", "operator");

    private static final RecordingPushPayments PUSHES = new RecordingPushPayments();
    private static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();
    private static final OperatorAuthenticator AUTHENTICATOR = request -> OPERATOR.equals(request.header("Authorization"))
            ? Optional.of(new OperatorName("operator")) : Optional.empty();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Server server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        base = ServedApi.freeAddress();
        server = serve(base, new OperatorFilter(AUTHENTICATOR));
    }

    /** The resources and the filter as the whiteboard binds them, at {@code address}. */
    private static Server serve(String address, OperatorFilter filter) {
        LedgerHealthCheck upLedger = () -> new LedgerHealth(true, "H2", "2.2.224", "1", null);
        return ServedApi.serve(address, filter,
                new HealthResource(upLedger, HealthResourceTest.bundleOfVersion("1.0")),
                new SubscriberResource(DIRECTORY), new PushResource(PUSHES, DIRECTORY),
                new PaymentResource(PUSHES, DIRECTORY));
    }

    @AfterAll
    static void stop() {
        server.destroy();
    }

    @BeforeEach
    void reset() {
        PUSHES.reset();
    }

    // --- sending a prompt

    @Test
    void sendingAPromptAnswers202WithTheWaitingPush() throws Exception {
        HttpResponse<String> r = post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500}");
        assertEquals(202, r.statusCode(), r.body());
        assertJson(r);
        JsonNode push = json(r);
        String pushId = push.get("pushId").asText();
        assertEquals("WAITING", push.get("status").asText());
        assertTrue(push.get("waiting").asBoolean());
        assertEquals("Waiting for customer to complete payment on their phone", push.get("message").asText());
        assertEquals("254700000000", push.get("phone").asText());
        assertEquals(1500, push.get("amount").asLong());
        assertTrue(push.get("amount").isIntegralNumber());
        assertEquals("sub-0001", push.get("subscriberId").asText());
        assertTrue(push.get("checkoutRequestId").asText().startsWith("ws_CO_"));
        assertEquals("operator", push.get("operator").asText());
        assertTrue(push.get("receipt").isNull());
        assertEquals("2025-03-10T09:31:36Z", push.get("waitUntil").asText());
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/stkpush/api/pushes/" + pushId));

        PushRequest sent = PUSHES.initiated.get(0);
        assertEquals(new OperatorName("operator"), sent.operator());
        assertEquals(new SubscriberId("sub-0001"), sent.subscriberId());
        assertNull(sent.planId());
    }

    @Test
    void theOperatorMayOverrideThePhoneAndTypeTheAmountAsText() throws Exception {
        HttpResponse<String> r = post("/stkpush/api/pushes",
                "{\"subscriberId\":\"sub-0014\",\"phone\":\"0712 345 678\",\"amount\":\"2500\"}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(new PhoneNumber("254712345678"), PUSHES.initiated.get(0).phone());
        assertEquals(2500, PUSHES.initiated.get(0).amount().shillings());
    }

    @Test
    void theRegisteredPhoneIsUsedInWhateverFormTheHostKeepsIt() throws Exception {
        assertEquals(202, post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0014\",\"amount\":100,\"phone\":\"\"}")
                .statusCode());
        assertEquals(new PhoneNumber("254712345613"), PUSHES.initiated.get(0).phone());
    }

    @Test
    void aBadPhoneIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> r = post("/stkpush/api/pushes",
                "{\"subscriberId\":\"sub-0001\",\"phone\":\"0612345678\",\"amount\":1500}");
        assertError(r, 400, "invalid_phone", "Enter a Safaricom number like 0712345678 or 254712345678.");
        assertTrue(PUSHES.initiated.isEmpty());
    }

    @Test
    void aSubscriberWithoutAPhoneNeedsOneTyped() throws Exception {
        assertError(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0099\",\"amount\":1500}"), 400,
                "invalid_phone", "This subscriber has no registered phone number. Enter the number to prompt.");
    }

    @Test
    void amountsMPesaCannotCollectAreRefused() throws Exception {
        for (String amount : List.of("1500.50", "\"1500.50\"", "0", "250001", "-5", "\"abc\"", "true", "\"\"")) {
            HttpResponse<String> r = post("/stkpush/api/pushes",
                    "{\"subscriberId\":\"sub-0001\",\"amount\":" + amount + "}");
            assertEquals(400, r.statusCode(), amount);
            assertEquals("invalid_amount", json(r).get("error").asText(), amount);
        }
        assertError(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":250001}"), 400,
                "invalid_amount", "Enter a whole amount in KES between 1 and 250,000.");
        assertError(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\"}"), 400, "invalid_amount",
                "Enter the amount in KES.");
        assertTrue(PUSHES.initiated.isEmpty());
    }

    @Test
    void theLargestAmountAndAWholeDecimalAreAccepted() throws Exception {
        assertEquals(202, post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":250000}")
                .statusCode());
        PUSHES.openPrompts.clear();
        assertEquals(202, post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500.00}")
                .statusCode());
        assertEquals(1500, PUSHES.initiated.get(1).amount().shillings());
    }

    @Test
    void anUnknownSubscriberIs404() throws Exception {
        assertError(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-4040\",\"amount\":1500}"), 404,
                "unknown_subscriber", "There is no such subscriber.");
    }

    @Test
    void aSecondPromptToAPhoneWithOneOpenIs409WithTheOpenPush() throws Exception {
        String first = json(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500}"))
                .get("pushId").asText();
        HttpResponse<String> r = post("/stkpush/api/pushes",
                "{\"subscriberId\":\"sub-0014\",\"phone\":\"254700000000\",\"amount\":200}");
        assertEquals(409, r.statusCode());
        JsonNode body = json(r);
        assertEquals("prompt_open", body.get("error").asText());
        assertEquals(first, body.get("pushId").asText());
        assertTrue(body.get("message").asText().contains("already has a payment prompt open"));
    }

    @Test
    void malformedRequestsAre400NeverA500() throws Exception {
        for (String body : List.of("{\"subscriberId\":", "", "[1,2]", "\"text\"", "{\"subscriberId\":{}}")) {
            HttpResponse<String> r = post("/stkpush/api/pushes", body);
            assertEquals(400, r.statusCode(), body);
            assertEquals("invalid_request", json(r).get("error").asText(), body);
            assertFalse(r.body().contains("Exception"), r.body());
        }
        assertError(post("/stkpush/api/pushes", "{\"amount\":1500}"), 400, "invalid_request",
                "Choose the subscriber the payment is for.");
    }

    // --- the dialog's status poll and Stop Waiting

    @Test
    void thePushStatusCarriesWhatTheOperatorSees() throws Exception {
        Push push = PUSHES.add(RecordingPushPayments.with(RecordingPushPayments.push(PushId.random(),
                new SubscriberId("sub-0001"), new PhoneNumber("254700000000"), io.stkpush.api.Kes.of(1500),
                PushStatus.WAITING, null, new OperatorName("operator")), PushStatus.TIMEOUT, null, null));
        HttpResponse<String> r = get("/stkpush/api/pushes/" + push.id());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("TIMEOUT", body.get("status").asText());
        assertFalse(body.get("waiting").asBoolean());
        assertEquals("No response received within 96 seconds.", body.get("message").asText());
        for (String field : List.of("pushId", "status", "resultCode", "message", "receipt", "paymentId",
                "subscriberId", "phone", "amount", "checkoutRequestId", "createdAt", "waitUntil")) {
            assertTrue(body.has(field), field);
        }
        assertError(get("/stkpush/api/pushes/" + PushId.random()), 404, "unknown_push",
                "There is no such payment request.");
        assertError(get("/stkpush/api/pushes/not-a-push"), 404, "unknown_push", "There is no such payment request.");
    }

    @Test
    void thePushesLeftForReviewAreListedAndFlagged() throws Exception {
        Push waiting = PUSHES.add(RecordingPushPayments.push(PushId.random(), new SubscriberId("sub-0001"),
                new PhoneNumber("254700000001"), io.stkpush.api.Kes.of(700), PushStatus.WAITING, null,
                new OperatorName("operator")));
        Push givenUp = PUSHES.add(RecordingPushPayments.leftForReview(RecordingPushPayments.with(
                RecordingPushPayments.push(PushId.random(), new SubscriberId("sub-0002"),
                        new PhoneNumber("254700000002"), io.stkpush.api.Kes.of(1500), PushStatus.WAITING, null,
                        new OperatorName("operator")), PushStatus.TIMEOUT, null, null),
                RecordingPushPayments.NOW.plus(java.time.Duration.ofHours(72))));

        HttpResponse<String> r = get("/stkpush/api/pushes?needsReview=true&limit=20");

        assertEquals(200, r.statusCode(), r.body());
        JsonNode listed = json(r);
        assertEquals(1, listed.size());
        assertEquals(givenUp.id().toString(), listed.get(0).get("pushId").asText());
        assertTrue(listed.get(0).get("needsReview").asBoolean());
        assertEquals("2025-03-13T09:30:00Z", listed.get(0).get("reviewSince").asText());
        assertEquals(List.of(20), PUSHES.reviewLimits);
        JsonNode notFlagged = json(get("/stkpush/api/pushes/" + waiting.id()));
        assertFalse(notFlagged.get("needsReview").asBoolean());
        assertTrue(notFlagged.get("reviewSince").isNull());
        assertError(get("/stkpush/api/pushes"), 400, "invalid_query",
                "Only pushes needing review are listed here: add needsReview=true.");
        assertError(get("/stkpush/api/pushes?needsReview=maybe"), 400, "invalid_query",
                "'needsReview' must be true or false.");
        assertError(get("/stkpush/api/pushes?needsReview=true&limit=0"), 400, "invalid_query",
                "'limit' must be a whole number from 1 to 1000.");
    }

    @Test
    void stopWaitingStopsTheOperatorWaitingOnly() throws Exception {
        String pushId = json(post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500}"))
                .get("pushId").asText();
        HttpResponse<String> r = post("/stkpush/api/pushes/" + pushId + "/stop-waiting", "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("STOPPED", json(r).get("status").asText());
        assertTrue(json(r).get("message").asText().startsWith("Stopped waiting."));
        assertEquals(List.of(PushId.parse(pushId)), PUSHES.stopped);
        assertError(post("/stkpush/api/pushes/" + PushId.random() + "/stop-waiting", ""), 404, "unknown_push",
                "There is no such payment request.");
    }

    // --- payments and linking

    @Test
    void paymentsAreListedWithEveryField() throws Exception {
        Payment late = PUSHES.addUnredeemed(new SubscriberId("sub-0001"), 1500, "SBX1234567");
        PUSHES.addLinked(new SubscriberId("sub-0014"), 2500, "SBX7654321");
        HttpResponse<String> all = get("/stkpush/api/payments");
        assertEquals(200, all.statusCode(), all.body());
        assertEquals(2, json(all).size());
        assertEquals(PaymentQuery.all(), PUSHES.queries.get(0));

        JsonNode unredeemed = json(get("/stkpush/api/payments?unredeemed=true"));
        assertEquals(1, unredeemed.size());
        JsonNode p = unredeemed.get(0);
        assertEquals(late.id().toString(), p.get("paymentId").asText());
        assertEquals("SBX1234567", p.get("receipt").asText());
        assertEquals(1500, p.get("amount").asLong());
        assertEquals("254700000008", p.get("phone").asText());
        assertEquals("STK", p.get("source").asText());
        assertTrue(p.get("subscriberId").isNull());
        assertEquals("sub-0001", p.get("intendedSubscriberId").asText());
        assertEquals("late_payment", p.get("unredeemedReason").asText());
        for (String field : List.of("paymentId", "receipt", "amount", "phone", "paidAt", "source", "pushId",
                "subscriberId", "intendedSubscriberId", "accountReference", "unredeemedReason", "linkedBy",
                "linkedAt")) {
            assertTrue(p.has(field), field);
        }
    }

    @Test
    void paymentFiltersReachTheLedgerQuery() throws Exception {
        HttpResponse<String> r = get("/stkpush/api/payments?subscriberId=sub-0001&from=2025-03-01&to=2025-03-31"
                + "&limit=20&unredeemed=false");
        assertEquals(200, r.statusCode(), r.body());
        PaymentQuery q = PUSHES.queries.get(0);
        assertEquals(new SubscriberId("sub-0001"), q.subscriberId());
        assertEquals(Instant.parse("2025-02-28T21:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-03-31T21:00:00Z"), q.to());
        assertEquals(20, q.limit());

        assertEquals(200, get("/stkpush/api/payments?from=2025-03-01T08:00:00Z&to=2025-03-01T12:00:00%2B03:00")
                .statusCode());
        assertEquals(Instant.parse("2025-03-01T08:00:00Z"), PUSHES.queries.get(1).from());
        assertEquals(Instant.parse("2025-03-01T09:00:00Z"), PUSHES.queries.get(1).to());
    }

    @Test
    void aBadPaymentQueryIs400() throws Exception {
        for (String query : List.of("from=yesterday", "to=2025-13-01", "unredeemed=maybe", "limit=0", "limit=5000",
                "limit=ten", "from=2025-03-02&to=2025-03-01",
                "from=2025-03-01T08:00:00Z&to=2025-03-01T08:00:00Z")) {
            HttpResponse<String> r = get("/stkpush/api/payments?" + query);
            assertEquals(400, r.statusCode(), query);
            assertEquals("invalid_query", json(r).get("error").asText(), query);
        }
        assertTrue(PUSHES.queries.isEmpty());
    }

    @Test
    void anUnredeemedPaymentIsLinkedOnceByTheOperator() throws Exception {
        Payment late = PUSHES.addUnredeemed(new SubscriberId("sub-0001"), 1500, "SBX1234567");
        HttpResponse<String> r = post("/stkpush/api/payments/" + late.id() + "/link", "{\"subscriberId\":\"sub-0001\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("sub-0001", json(r).get("subscriberId").asText());
        assertEquals("operator", json(r).get("linkedBy").asText());
        assertFalse(json(r).get("unredeemed").asBoolean());

        HttpResponse<String> again = post("/stkpush/api/payments/" + late.id() + "/link",
                "{\"subscriberId\":\"sub-0014\"}");
        assertEquals(409, again.statusCode());
        assertEquals("already_linked", json(again).get("error").asText());
        assertEquals("sub-0001", json(again).get("subscriberId").asText());
    }

    @Test
    void linkingNeedsAKnownPaymentAndSubscriber() throws Exception {
        Payment late = PUSHES.addUnredeemed(new SubscriberId("sub-0001"), 1500, "SBX1234567");
        assertError(post("/stkpush/api/payments/" + java.util.UUID.randomUUID() + "/link",
                "{\"subscriberId\":\"sub-0001\"}"), 404, "unknown_payment", "There is no such payment.");
        assertError(post("/stkpush/api/payments/nope/link", "{\"subscriberId\":\"sub-0001\"}"), 404,
                "unknown_payment", "There is no such payment.");
        assertError(post("/stkpush/api/payments/" + late.id() + "/link", "{\"subscriberId\":\"sub-4040\"}"), 404,
                "unknown_subscriber", "There is no such subscriber.");
        assertError(post("/stkpush/api/payments/" + late.id() + "/link", "{}"), 400, "invalid_request",
                "Choose the subscriber to link the payment to.");
        assertError(post("/stkpush/api/payments/" + late.id() + "/link", "{oops"), 400, "invalid_request",
                "The request body is not valid JSON.");
        assertTrue(PUSHES.payments.get(late.id()).isUnredeemed());
    }

    // --- subscribers

    @Test
    void theDialogSearchesAndReadsSubscribers() throws Exception {
        JsonNode found = json(get("/stkpush/api/subscribers?q=grace"));
        assertEquals(1, found.size());
        JsonNode grace = found.get(0);
        assertEquals("sub-0001", grace.get("id").asText());
        assertEquals("Grace Wanjiku", grace.get("name").asText());
        assertEquals("ACC-0001", grace.get("account").asText());
        assertEquals("0700000000", grace.get("phone").asText());
        assertEquals("Home 5 Mbps", grace.get("plan").asText());
        assertEquals("2025-03-22T00:00:00Z", grace.get("expiresAt").asText());
        assertEquals(3, json(get("/stkpush/api/subscribers")).size());

        HttpResponse<String> one = get("/stkpush/api/subscribers/sub-0014");
        assertEquals(200, one.statusCode());
        assertTrue(json(one).get("expiresAt").isNull());
        assertError(get("/stkpush/api/subscribers/sub-4040"), 404, "unknown_subscriber",
                "There is no such subscriber.");
        assertEquals("invalid_query", json(get("/stkpush/api/subscribers?limit=x")).get("error").asText());
    }

    // --- who may call

    @Test
    void withoutCredentialsTheApiAsksForALogin() throws Exception {
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(uri("/stkpush/api/subscribers?q=a")).GET(),
                HttpRequest.newBuilder(uri("/stkpush/api/pushes/" + PushId.random())).GET(),
                HttpRequest.newBuilder(uri("/stkpush/api/payments")).GET(),
                HttpRequest.newBuilder(uri("/stkpush/api/pushes"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"subscriberId\":\"sub-0001\",\"amount\":1}")),
                HttpRequest.newBuilder(uri("/stkpush/api/pushes"))
                        .header("Authorization", basic("operator", "wrong"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"subscriberId\":\"sub-0001\",\"amount\":1}")))) {
            HttpResponse<String> r = send(request);
            assertError(r, 401, "unauthenticated", "Log in as an operator.");
            assertEquals("Basic realm=\"stkpush\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        }
        assertTrue(PUSHES.initiated.isEmpty());
    }

    @Test
    void theHealthCheckNeedsNoLogin() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/stkpush/api/health")).GET());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("UP", json(r).get("status").asText());
        assertFalse(r.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void aStateChangeFromAnotherSiteIsRefused() throws Exception {
        String body = "{\"subscriberId\":\"sub-0001\",\"amount\":1500}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/stkpush/api/pushes"))
                .header("Authorization", OPERATOR).header("Origin", "https://evil.example")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertError(r, 403, "cross_site", "This request came from another web site and was refused.");
        assertTrue(PUSHES.initiated.isEmpty());

        HttpResponse<String> sameSite = send(HttpRequest.newBuilder(uri("/stkpush/api/pushes"))
                .header("Authorization", OPERATOR).header("Origin", base)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, sameSite.statusCode(), sameSite.body());

        // reading is not a state change
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/stkpush/api/payments"))
                .header("Authorization", OPERATOR).header("Origin", "https://evil.example").GET());
        assertEquals(200, read.statusCode());
    }

    @Test
    void withoutTheHostsLoginServiceTheApiIsUnavailable() throws Exception {
        String address = ServedApi.freeAddress();
        Server withoutLogin = serve(address, new OperatorFilter(null));
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(address + "/stkpush/api/payments"))
                    .header("Authorization", OPERATOR).GET());
            assertEquals(503, r.statusCode());
            assertEquals("unavailable", json(r).get("error").asText());
        } finally {
            withoutLogin.destroy();
        }
    }

    @Test
    void aDatabaseThatIsDownIs503WithoutDetail() throws Exception {
        PUSHES.failure = new IllegalStateException("Connection refused to jdbc:postgresql://db:5432/stkpush");
        for (HttpResponse<String> r : List.of(get("/stkpush/api/payments"),
                post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500}"))) {
            assertError(r, 503, "unavailable", Answers.UNAVAILABLE);
            assertFalse(r.body().contains("jdbc"), r.body());
        }
    }

    // --- helpers

    private static void assertError(HttpResponse<String> r, int status, String code, String message) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertJson(r);
        JsonNode body = json(r);
        assertEquals(code, body.get("error").asText(), r.body());
        assertEquals(message, body.get("message").asText(), r.body());
    }

    private static void assertJson(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonBody.JSON.readTree(r.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static URI uri(String path) {
        return URI.create(base + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", OPERATOR).GET());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
