package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.Kes;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;

import org.apache.cxf.endpoint.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator API and health while the database refuses connections, on the real push service and JDBC ledger:
 * 503 with the contract's plain words, never a 500, a stack trace or SQL; health DOWN; all back once it answers.
 */
class DatabaseDownHttpTest {

    private static final String OPERATOR = "Basic b3BlcmF0b3I6b3BlcmF0b3I="; // operator:operator
    private static final OperatorAuthenticator AUTHENTICATOR = request -> OPERATOR.equals(
            request.header("Authorization")) ? Optional.of(new OperatorName("operator")) : Optional.empty();
    private static final AtomicBoolean DOWN = new AtomicBoolean();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Server server;
    private static String base;
    private static JdbcLedger ledger;
    private static PushId push;

    @BeforeAll
    static void start() throws Exception {
        ledger = TestLedgers.ledger(refusingWhenDown(TestLedgers.migratedH2()), Clock.systemUTC());
        PaymentProvider neverCalled = (PaymentProvider) Proxy.newProxyInstance(PaymentProvider.class.getClassLoader(),
                new Class<?>[] {PaymentProvider.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "test";
                    }
                    throw new AssertionError("the provider must not be called while nothing can be recorded");
                });
        InMemoryDirectory directory = new InMemoryDirectory();
        PushPayments pushes = TestPushServices.pushPayments(ledger, neverCalled, Clock.systemUTC(), null, directory);
        push = PushId.random();
        ledger.createPush(new NewPush(push, new PushRequest(new SubscriberId("sub-0001"),
                new PhoneNumber("254700000000"), Kes.of(10), new OperatorName("operator"), null),
                Duration.ofSeconds(96)));
        base = ServedApi.freeAddress();
        server = ServedApi.serve(base, new OperatorFilter(AUTHENTICATOR),
                new HealthResource(ledger, ledger, null, HealthResourceTest.bundleOfVersion("1.0")),
                new SubscriberResource(directory), new PushResource(pushes, directory),
                new PaymentResource(pushes, directory));
    }

    @AfterAll
    static void stop() {
        server.destroy();
    }

    @AfterEach
    void up() {
        DOWN.set(false);
    }

    @Test
    void everyOperatorCallThatNeedsTheDatabaseAnswers503InPlainWords() throws Exception {
        DOWN.set(true);
        List<HttpResponse<String>> answers = List.of(
                get("/stkpush/api/pushes/" + push),
                get("/stkpush/api/pushes?needsReview=true"),
                get("/stkpush/api/payments"),
                get("/stkpush/api/payments?subscriberId=sub-0001&unredeemed=true"),
                post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":10}"),
                post("/stkpush/api/pushes/" + push + "/stop-waiting", ""),
                post("/stkpush/api/payments/" + java.util.UUID.randomUUID() + "/link",
                        "{\"subscriberId\":\"sub-0001\"}"));

        for (HttpResponse<String> answer : answers) {
            String what = answer.request().method() + " " + answer.request().uri().getPath();
            assertEquals(503, answer.statusCode(), what + ": " + answer.body());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""), what);
            JsonNode body = JSON.readTree(answer.body());
            assertEquals("unavailable", body.get("error").asText(), what);
            assertEquals(Answers.UNAVAILABLE, body.get("message").asText(), what);
            assertPlain(answer.body());
        }
    }

    @Test
    void healthIsDownWithAReasonAndNothingElse() throws Exception {
        DOWN.set(true);

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/stkpush/api/health"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(503, health.statusCode());
        JsonNode body = JSON.readTree(health.body());
        assertEquals("DOWN", body.get("status").asText());
        assertEquals("DOWN", body.get("database").get("status").asText());
        assertEquals("The ledger database does not answer (SQL state 08001).",
                body.get("database").get("reason").asText());
        assertEquals("Not known: the payment ledger is not available.", body.get("poller").get("reason").asText());
        assertFalse(health.body().contains("jdbc:"), health.body());
        assertFalse(health.body().contains("Exception"), health.body());
    }

    @Test
    void whenTheDatabaseAnswersAgainSoDoesTheApi() throws Exception {
        DOWN.set(true);
        assertEquals(503, get("/stkpush/api/pushes/" + push).statusCode());
        DOWN.set(false);

        HttpResponse<String> again = get("/stkpush/api/pushes/" + push);

        assertEquals(200, again.statusCode(), again.body());
        assertEquals(push.toString(), JSON.readTree(again.body()).get("pushId").asText());
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/stkpush/api/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** No stack trace, no exception name, no SQL, no connection detail. */
    private static void assertPlain(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        for (String leak : List.of("exception", "sql", "select ", "insert ", "jdbc", "h2", "\tat ", "at io.",
                "connection refused")) {
            assertFalse(lower.contains(leak), "'" + leak + "' in " + body);
        }
    }

    /** The migrated database, refusing connections while {@link #DOWN}, as a stopped server does. */
    private static DataSource refusingWhenDown(DataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && DOWN.get()) {
                        throw new SQLException("Connection refused", "08001");
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", OPERATOR).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
