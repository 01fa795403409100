package io.stkpush.demo.host.internal;

import static io.stkpush.demo.host.internal.PortalLoginTest.DEMO_OPERATORS;
import static io.stkpush.demo.host.internal.PortalLoginTest.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.servlet.DispatcherType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.PaymentMethod;
import io.stkpush.host.Subscriber;
import io.stkpush.testing.MutableClock;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's own API over real HTTP, on the Jetty 9.4 that Pax Web runs, behind the real login filter, with the
 * demo host's billing on H2: the payment methods as they come and go, the plans, and a renewal paid in cash.
 */
class PortalApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-05-04T07:00:00Z");

    /** As the renewal extension registers it while the stkpush-renewal feature is installed. */
    private static final PaymentMethod STK_PUSH = method("mpesa-stk-push", "M-Pesa STK Push", "/stkpush/api/renewals");

    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcDataSource h2;
    private DemoBilling billing;
    private PortalApi api;
    private Server server;

    @BeforeEach
    void billing() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + DemoBillingContract.randomName("portal_api_") + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        billing = new DemoBilling(h2, new MutableClock(NOW));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    @Test
    void cashIsAlwaysOfferedAndEachRegisteredMethodWhileItIsRegistered() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));

        assertEquals(List.of("cash"), ids(get("/portal/api/payment-methods")));

        api.addPaymentMethod(STK_PUSH);
        JsonNode methods = JSON.readTree(get("/portal/api/payment-methods").body());
        assertEquals(List.of("cash", "mpesa-stk-push"), ids(methods));
        assertEquals("Cash", methods.get(0).get("label").asText());
        assertEquals("/portal/api/cash-renewals", methods.get(0).get("renewalEndpoint").asText());
        assertEquals("M-Pesa STK Push", methods.get(1).get("label").asText());
        assertEquals("/stkpush/api/renewals", methods.get(1).get("renewalEndpoint").asText());

        api.removePaymentMethod(STK_PUSH);
        assertEquals(List.of("cash"), ids(get("/portal/api/payment-methods")));
    }

    @Test
    void aMethodThatCannotDescribeItselfIsLeftOutNotTheList() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));
        api.addPaymentMethod(new PaymentMethod() {
            @Override
            public String id() {
                throw new IllegalStateException("stopping");
            }

            @Override
            public String label() {
                return "Broken";
            }

            @Override
            public String renewalEndpoint() {
                return "/broken";
            }
        });
        api.addPaymentMethod(STK_PUSH);

        HttpResponse<String> answer = get("/portal/api/payment-methods");

        assertEquals(200, answer.statusCode());
        assertEquals(List.of("cash", "mpesa-stk-push"), ids(answer));
    }

    @Test
    void onlyOperatorsGetAnything() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));

        assertEquals(401, send(HttpRequest.newBuilder(uri("/portal/api/payment-methods")).GET()
                .header("Authorization", PortalLoginTest.basic("karaf", "karaf"))).statusCode());
        HttpResponse<String> cash = send(HttpRequest.newBuilder(uri("/portal/api/cash-renewals"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"subscriberId\":\"sub-0001\",\"planId\":\"home-5\"}"))
                .header("Content-Type", "application/json"));
        assertEquals(401, cash.statusCode());
        assertEquals(0, renewalsRecorded());
    }

    @Test
    void thePlansWithPricesAndPeriodsAsStkpushShowsThem() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));

        HttpResponse<String> answer = get("/portal/api/plans");

        assertEquals(200, answer.statusCode());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null));
        JsonNode plans = JSON.readTree(answer.body());
        assertEquals(6, plans.size(), answer.body());
        JsonNode weekly = plans.get(0);
        assertEquals("weekly-3", weekly.get("id").asText());
        assertEquals(400, weekly.get("priceKes").asLong());
        assertEquals("P7D", weekly.get("period").asText());
        assertEquals("7 days", weekly.get("periodText").asText());
        JsonNode home = plans.get(1);
        assertEquals("Home 5 Mbps", home.get("name").asText());
        assertEquals(1500, home.get("priceKes").asLong());
        assertEquals("1 month", home.get("periodText").asText());
    }

    @Test
    void periodsInWords() {
        assertEquals("1 month", PortalApi.periodText(Period.ofMonths(1)));
        assertEquals("7 days", PortalApi.periodText(Period.ofDays(7)));
        assertEquals("1 year 2 months", PortalApi.periodText(Period.of(1, 2, 0)));
    }

    @Test
    void aCashRenewalExtendsTheSubscriptionByThePlansPeriodForTheOperator() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));
        Subscriber before = billing.find(new SubscriberId("sub-0001")).orElseThrow();

        HttpResponse<String> answer = post("/portal/api/cash-renewals",
                "{\"subscriberId\":\"sub-0001\",\"planId\":\"home-10\"}");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode renewed = JSON.readTree(answer.body());
        Subscriber after = billing.find(new SubscriberId("sub-0001")).orElseThrow();
        Instant from = before.expiresAt().isAfter(NOW) ? before.expiresAt() : NOW;
        Instant expected = from.atZone(JdbcRenewalService.NAIROBI).plusMonths(1).toInstant();
        assertEquals(expected, after.expiresAt());
        assertEquals("home-10", after.planId());
        assertEquals(expected.toString(), renewed.get("newExpiresAt").asText());
        assertEquals("home-10", renewed.get("planId").asText());
        assertEquals("Home 10 Mbps", renewed.get("planName").asText());
        assertEquals(2500, renewed.get("amountKes").asLong());
        assertEquals("cash", renewed.get("method").asText());
        assertTrue(renewed.get("applied").asBoolean());
        assertTrue(renewed.get("message").asText().startsWith("Renewed on Home 10 Mbps until "), answer.body());
        assertEquals("operator", lastRenewalOperator());

        // each cash renewal is a payment of its own: a second one extends again
        HttpResponse<String> again = post("/portal/api/cash-renewals",
                "{\"subscriberId\":\"sub-0001\",\"planId\":\"home-10\"}");
        assertEquals(200, again.statusCode(), again.body());
        assertNotEquals(renewed.get("paymentId").asText(), JSON.readTree(again.body()).get("paymentId").asText());
        assertEquals(expected.atZone(JdbcRenewalService.NAIROBI).plusMonths(1).toInstant(),
                billing.find(new SubscriberId("sub-0001")).orElseThrow().expiresAt());
        assertEquals(2, renewalsRecorded());
    }

    @Test
    void aCashRenewalThatCannotBeDoneIsRefusedInWordsAndChangesNothing() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));

        assertProblem(post("/portal/api/cash-renewals", "{\"subscriberId\":\"sub-0001\",\"planId\":\"gold\"}"),
                400, "invalid_request", "There is no plan 'gold'");
        assertProblem(post("/portal/api/cash-renewals", "{\"subscriberId\":\"sub-9999\",\"planId\":\"home-5\"}"),
                404, "unknown_subscriber", "There is no subscriber 'sub-9999'");
        assertProblem(post("/portal/api/cash-renewals", "{\"subscriberId\":\"sub-0001\"}"),
                400, "invalid_request", "the plan");
        assertProblem(post("/portal/api/cash-renewals", "subscriberId=sub-0001&planId=home-5"),
                400, "invalid_request", "as JSON");
        assertProblem(post("/portal/api/cash-renewals", "[\"sub-0001\"]"), 400, "invalid_request", "as JSON");
        assertProblem(post("/portal/api/nothing-here", "{}"), 404, "not_found", "Not found");
        assertProblem(get("/portal/api/nothing-here"), 404, "not_found", "Not found");
        assertEquals(0, renewalsRecorded());
    }

    @Test
    void aCashRenewalFromAnotherSitesPageIsRefused() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, billing, billing));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/portal/api/cash-renewals"))
                .header("Authorization", OPERATOR).header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subscriberId\":\"sub-0001\",\"planId\":\"home-5\"}")));

        assertProblem(answer, 403, "cross_site", "another site");
        assertEquals(0, renewalsRecorded());
    }

    @Test
    void withoutTheBillingRecordsRenewalsAreUnavailableButCashIsStillListed() throws Exception {
        start(new PortalApi(DEMO_OPERATORS, null, null));

        assertProblem(post("/portal/api/cash-renewals", "{\"subscriberId\":\"sub-0001\",\"planId\":\"home-5\"}"),
                503, "unavailable", "not available right now");
        assertProblem(get("/portal/api/plans"), 503, "unavailable", "not available right now");
        assertEquals(List.of("cash"), ids(get("/portal/api/payment-methods")));
    }

    @Test
    void theWhiteboardServesItUnderTheLoginWithMethodsAsTheyComeAndGo() throws Exception {
        String xml;
        try (InputStream in = PortalApiTest.class.getResourceAsStream(
                "/OSGI-INF/" + PortalApi.class.getName() + ".xml")) {
            assertTrue(in != null, "bnd wrote no descriptor for PortalApi");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("name=\"osgi.http.whiteboard.servlet.pattern\" type=\"String\" value=\"/portal/api/*\"")
                || xml.contains("name=\"osgi.http.whiteboard.servlet.pattern\" type=\"String\">/portal/api/*<"), xml);
        assertTrue(xml.contains("target=\"(osgi.http.whiteboard.filter.name=" + PortalLogin.NAME + ")\""), xml);
        // a name of its own: Pax Web skips a second servlet named after the interface as a duplicate
        assertTrue(xml.contains("name=\"osgi.http.whiteboard.servlet.name\" type=\"String\" value=\""
                + PortalApi.NAME + "\""), xml);
        assertTrue(xml.matches("(?s).*<reference name=\"paymentMethods\"[^>]*cardinality=\"0..n\"[^>]*"
                + "policy=\"dynamic\".*"), xml);
    }

    // ---- the server, as the whiteboard maps it: the login filter on /portal and /portal/*, this on /portal/api/*

    private void start(PortalApi portalApi) throws Exception {
        api = portalApi;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder login = new FilterHolder(new PortalLogin(DEMO_OPERATORS));
        context.addFilter(login, PortalPages.ROOT, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(login, PortalPages.ROOT + "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(portalApi), PortalApi.ROOT + "/*");
        server.setHandler(context);
        server.start();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", OPERATOR).GET());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String code, String words)
            throws IOException {
        assertEquals(status, answer.statusCode(), answer.body());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(code, problem.get("error").asText(), answer.body());
        assertTrue(problem.get("message").asText().contains(words), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    private static List<String> ids(HttpResponse<String> answer) throws IOException {
        assertEquals(200, answer.statusCode(), answer.body());
        return ids(JSON.readTree(answer.body()));
    }

    private static List<String> ids(JsonNode methods) {
        List<String> ids = new ArrayList<>();
        methods.forEach(method -> ids.add(method.get("id").asText()));
        return ids;
    }

    private int renewalsRecorded() throws Exception {
        try (Connection c = h2.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM demo_renewal")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String lastRenewalOperator() throws Exception {
        try (Connection c = h2.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT operator_name FROM demo_renewal ORDER BY renewed_at DESC")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PaymentMethod method(String id, String label, String endpoint) {
        return new PaymentMethod() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String label() {
                return label;
            }

            @Override
            public String renewalEndpoint() {
                return endpoint;
            }
        };
    }
}
