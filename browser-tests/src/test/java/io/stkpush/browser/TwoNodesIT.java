package io.stkpush.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two demo Karaf nodes on one PostgreSQL, as a busy ISP runs them behind one address: the operator watches on node
 * B while node A sends the prompt and receives M-Pesa's callback, and node B hears the outcome through the event
 * relay, in a plain WebSocket client and on node B's Payments page in headless Chromium. Both nodes talk to one
 * Daraja (node A's simulator) and register no C2B URLs, so the only answer, the STK callback, lands on node A. Needs
 * {@code -Dstkpush.test.pg.url=jdbc:postgresql://…/postgres} (user and password {@code postgres};
 * {@code scripts/test} gives it); skipped without it unless {@code -Dstkpush.test.pg.required=true}. Each run has a
 * database of its own, dropped afterwards.
 */
class TwoNodesIT {

    private static final String PG_USER = "postgres";
    private static final String PG_PASSWORD = "postgres";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String database;
    private static DemoKaraf nodeA;
    private static DemoKaraf nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        String pg = System.getProperty("stkpush.test.pg.url", "").strip();
        if (Boolean.getBoolean("stkpush.test.pg.required")) {
            assertFalse(pg.isEmpty(), "stkpush.test.pg.required is set but stkpush.test.pg.url is not");
        }
        assumeFalse(pg.isEmpty(), "no stkpush.test.pg.url: the two-node test needs PostgreSQL");

        database = "stkpush_two_nodes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(pg, "CREATE DATABASE " + database);
        String url = pg.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        String hmacKey = UUID.randomUUID().toString() + UUID.randomUUID(); // the same on every node

        String itself = "http://localhost:" + DemoKaraf.HTTP_PORT;
        nodeA = DemoKaraf.start(node("node-a", url, hmacKey, itself + "/daraja-sim"));
        // one Daraja for all nodes: node B's client talks to node A's simulator
        nodeB = DemoKaraf.start(node("node-b", url, hmacKey, nodeA.url("/daraja-sim")));
        for (DemoKaraf node : List.of(nodeA, nodeB)) {
            new OperatorApi(node.url("")).awaitReady(List.of("/stkpush/api/pushes?needsReview=true"), WAIT);
        }
    }

    @AfterAll
    static void stopTwoNodes() throws Exception {
        try {
            for (DemoKaraf node : new DemoKaraf[] {nodeB, nodeA}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            if (database != null) {
                admin(System.getProperty("stkpush.test.pg.url").strip(),
                        "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void anOperatorOnNodeBSeesAPaymentThatNodeAReceived() throws Exception {
        Events onB = Events.open(nodeB);
        try {
            JsonNode push = new OperatorApi(nodeA.url("")).push("sub-0001", 1500); // phone ending 00: success
            String pushId = push.get("pushId").asText();

            JsonNode confirmed = onB.await(e -> e.path("type").asText().equals("push_status_changed")
                    && e.path("pushId").asText().equals(pushId) && e.path("status").asText().equals("CONFIRMED"));
            JsonNode recorded = onB.await(e -> e.path("type").asText().equals("payment_recorded")
                    && e.path("pushId").asText().equals(pushId));

            assertEquals("sub-0001", confirmed.path("subscriberId").asText());
            assertFalse(confirmed.path("receipt").isNull(), confirmed.toString());
            assertEquals(confirmed.path("receipt"), recorded.path("receipt"));
            assertEquals(confirmed.path("paymentId"), recorded.path("paymentId"));
        } finally {
            onB.close();
        }
    }

    @Test
    void nodeBsPaymentsPageShowsAPaymentThatNodeAReceivedWithoutReload() throws Exception {
        OperatorPortal onB = new OperatorPortal(Chromium.start(), nodeB);
        try {
            onB.recordSockets();
            onB.logIn();
            onB.awaitLiveEvents();
            onB.markPage();

            OperatorApi onA = new OperatorApi(nodeA.url(""));
            String pushId = onA.push("sub-0001", 1702).get("pushId").asText(); // phone ending 00: success
            String receipt = onA.getUntil("/stkpush/api/pushes/" + pushId, p -> !p.path("receipt").isNull(), WAIT)
                    .get("receipt").asText();

            WebElement row = onB.rowContaining("payments-table", receipt);
            assertTrue(row.getText().contains("1,702"), row.getText());
            assertTrue(onB.wasNotReloaded(), "node B's page was reloaded");
            onB.screenshot("two-nodes-payments");
        } finally {
            onB.browser().quit();
        }
    }

    /**
     * A node's etc: the shared database, distinct poller node ids, the shared callback key, the Daraja client
     * pointed at {@code simulator} with callbacks to the node itself. The whole datasource, Daraja and callback
     * files: with them present the demo feature's own copies (H2, port 8181) are not written.
     */
    private static Map<String, List<String>> node(String nodeId, String url, String hmacKey, String simulator) {
        return Map.of(
                "org.ops4j.datasource-stkpush.cfg", List.of("dataSourceName = stkpush",
                        "osgi.jdbc.driver.name = PostgreSQL JDBC Driver", "url = " + url, "user = " + PG_USER,
                        "password = " + PG_PASSWORD, "pool = hikari", "xa = false", "hikari.maximumPoolSize = 8",
                        "hikari.connectionTimeout = 5000"),
                "io.stkpush.poller.cfg", List.of("nodeId = " + nodeId),
                "io.stkpush.callback.cfg", List.of("allowListMode = off", "hmacKey = " + hmacKey,
                        "registerC2bUrls = false"),
                "io.stkpush.daraja.cfg", List.of("environment = custom", "baseUrl = " + simulator,
                        "consumerKey = demo-consumer-key", "consumerSecret = demo-consumer-secret",
                        "shortCode = 174379",
                        "passkey = bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
                        "mode = paybill", "callbackBaseUrl = http://localhost:" + DemoKaraf.HTTP_PORT,
                        "accountReference = DemoISP", "transactionDesc = Internet bill",
                        "requestsPerSecond = 200", "statusQueriesPerSecond = 100"));
    }

    private static void admin(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PG_USER, PG_PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** An operator's WebSocket on a node, opened as the page does: a ticket from the REST API, then the upgrade. */
    private static final class Events implements WebSocket.Listener, AutoCloseable {

        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        /** Opens it, retrying while the node's endpoint is still being published (each try takes a new ticket). */
        static Events open(DemoKaraf node) throws Exception {
            OperatorApi api = new OperatorApi(node.url(""));
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String ticket = api.post("/stkpush/api/events/tickets", "{}").get("ticket").asText();
                Events events = new Events();
                URI uri = URI.create(node.url("/stkpush/events/?ticket=" + ticket).replaceFirst("^http", "ws"));
                try {
                    events.socket = http.newWebSocketBuilder().buildAsync(uri, events).get(10, TimeUnit.SECONDS);
                    return events;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no WebSocket at " + node.url("/stkpush/events/"), e);
                    }
                    Thread.sleep(500); // retry interval; the deadline bounds the wait
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        /** The first message matching {@code wanted}; fails with everything received at the deadline. */
        JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonNode event : received) {
                    if (wanted.test(event)) {
                        return event;
                    }
                }
                Thread.sleep(50); // poll interval; the deadline bounds the wait
            }
            throw new AssertionError("not received within " + WAIT + "; received: " + received);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
