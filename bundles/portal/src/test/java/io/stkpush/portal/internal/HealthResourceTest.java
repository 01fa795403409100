package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.CallbackBacklog;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.PushId;
import io.stkpush.api.WaitingCallbacks;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

import org.apache.cxf.endpoint.Server;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HealthResourceTest {

    private static final LedgerHealthCheck UP = () -> new LedgerHealth(true, "H2", "2.2.224", "5", null);
    private static final LedgerHealthCheck DOWN = () -> new LedgerHealth(false, null, null, null, "Connection refused");
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final PushId OVERDUE = PushId.random();
    private static final ConnectionCheck UNREACHABLE = new ConnectionCheck(false, NOW.minusSeconds(30),
            Duration.ofMillis(3), "M-Pesa could not be reached (cannot connect): check the network, and the"
                    + " environment and base URL in the Daraja configuration.");

    @Test
    void upWhenTheLedgerAnswers() {
        HealthResource.Report r = new HealthResource(UP, bundleOfVersion("1.0")).report();
        assertEquals(200, r.httpStatus());
        Map<?, ?> body = (Map<?, ?>) r.body();
        assertEquals("UP", body.get("status"));
        assertEquals("1.0", body.get("version"));
        Map<?, ?> db = (Map<?, ?>) body.get("database");
        assertEquals("UP", db.get("status"));
        assertEquals("H2", db.get("product"));
        assertFalse(db.containsKey("reason"));
        assertEquals(List.of("status", "database", "provider", "poller", "callbackSpool", "version"),
                List.copyOf(body.keySet()));
    }

    @Test
    void unavailableWithTheReasonWhenTheDatabaseIsDown() {
        HealthResource.Report r = new HealthResource(DOWN, bundleOfVersion("1.0")).report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> body = (Map<?, ?>) r.body();
        assertEquals("DOWN", body.get("status"));
        assertEquals("Connection refused", ((Map<?, ?>) body.get("database")).get("reason"));
    }

    @Test
    void unavailableWhenThereIsNoLedgerAtAll() {
        HealthResource.Report r = new HealthResource(null, bundleOfVersion("1.0")).report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> db = (Map<?, ?>) ((Map<?, ?>) r.body()).get("database");
        assertEquals("DOWN", db.get("status"));
        assertEquals("The payment ledger is not running: check the stkpush datasource configuration.",
                db.get("reason"));
    }

    // ---- the provider: reported, never called -----------------------------------------------------------

    @Test
    void anUnreachableProviderIsReportedFromItsLastSignInWithoutCallingItAndHealthStaysUp() {
        RecordingConnection provider = new RecordingConnection(Optional.of(UNREACHABLE));

        HealthResource.Report r = health(UP, counts(0, null, null), provider);

        assertEquals(200, r.httpStatus(), "the database decides UP or DOWN; the provider is reported");
        assertEquals("UP", r.body().get("status"));
        assertEquals(Map.of("name", "daraja", "lastSignIn", "FAILED", "at", "2026-03-02T08:59:30Z", "tookMillis", 3L,
                "message", UNREACHABLE.message()), r.body().get("provider"));
        assertEquals(0, provider.tests.get(), "health reports; it never signs in");
        assertEquals(1, provider.reads.get());
    }

    @Test
    void aProviderThatSignedInIsOk() {
        ConnectionCheck ok = new ConnectionCheck(true, NOW, Duration.ofMillis(120),
                "M-Pesa accepted the consumer key and secret (answered in 120 ms).");

        Map<?, ?> provider = section(health(UP, null, new RecordingConnection(Optional.of(ok))), "provider");

        assertEquals("OK", provider.get("lastSignIn"));
        assertEquals(120L, provider.get("tookMillis"));
        assertEquals("M-Pesa accepted the consumer key and secret (answered in 120 ms).", provider.get("message"));
    }

    @Test
    void beforeTheFirstSignInItSaysSo() {
        Map<?, ?> provider = section(health(UP, null, new RecordingConnection(Optional.empty())), "provider");

        assertEquals(Map.of("name", "daraja", "lastSignIn", "NONE", "message", "Not yet signed in."), provider);
    }

    @Test
    void withoutAProviderItSaysNoneIsRunning() {
        Map<?, ?> provider = section(health(UP, null, null), "provider");

        assertEquals(Map.of("lastSignIn", "NONE", "message", HealthResource.NO_PROVIDER), provider);
    }

    @Test
    void aProviderThatFailsToSayIsReportedAsUnknownAndHealthStillAnswers() {
        RecordingConnection broken = new RecordingConnection(null); // lastSignIn() throws

        HealthResource.Report r = health(UP, null, broken);

        assertEquals(200, r.httpStatus());
        assertEquals("UNKNOWN", section(r, "provider").get("lastSignIn"));
        assertEquals(0, broken.tests.get());
    }

    // ---- the poller --------------------------------------------------------------------------------------

    @Test
    void thePollerReportsItsLagTheOldestDuePushAndTheCounts() {
        Map<?, ?> poller = section(health(UP, counts(3, OVERDUE, NOW.minusSeconds(42)), null), "poller");

        Map<String, Object> expected = new HashMap<>();
        expected.put("lagSeconds", 42L);
        expected.put("oldestDuePushId", OVERDUE.toString());
        expected.put("oldestDueAt", "2026-03-02T08:59:18Z");
        expected.put("waiting", 3L);
        expected.put("reconciling", 4L);
        expected.put("needingReview", 1L);
        assertEquals(expected, poller);
    }

    @Test
    void aPollerNotBehindHasNoOverduePush() {
        Map<?, ?> poller = section(health(UP, counts(0, null, null), null), "poller");

        assertEquals(0L, poller.get("lagSeconds"));
        assertFalse(poller.containsKey("oldestDuePushId"));
        assertFalse(poller.containsKey("oldestDueAt"));
        assertEquals(0L, poller.get("waiting"));
    }

    @Test
    void countsThatCannotBeReadAreReportedAndHealthStillAnswers() {
        LedgerOverview failing = () -> {
            throw new IllegalStateException("jdbc:postgresql://db.internal/ledger?password=s3cret");
        };

        HealthResource.Report r = health(UP, failing, null);

        assertEquals(200, r.httpStatus());
        assertEquals(Map.of("reason", "Not known: the ledger's counts could not be read."), section(r, "poller"));
        assertFalse(r.body().toString().contains("s3cret"));
    }

    @Test
    void withTheDatabaseDownTheCountsAreNotAskedForSoHealthWaitsForItOnce() {
        AtomicInteger asked = new AtomicInteger();
        LedgerOverview counting = () -> {
            asked.incrementAndGet();
            throw new AssertionError("not to be asked while the database is down");
        };

        HealthResource.Report r = health(DOWN, counting, null);

        assertEquals(503, r.httpStatus());
        assertEquals(0, asked.get());
        assertEquals(Map.of("reason", "Not known: the payment ledger is not available."), section(r, "poller"));
    }

    // ---- the callback spool: this node's, reported whatever the database says ---------------------------

    @Test
    void callbacksWaitingInTheSpoolAreCountedWithWhenTheOldestArrived() {
        CallbackBacklog backlog = () -> new WaitingCallbacks(3, NOW.minusSeconds(90), null);

        HealthResource.Report r = health(UP, null, null, backlog);

        assertEquals(200, r.httpStatus());
        assertEquals(Map.of("status", "UP", "waiting", 3, "oldestAt", "2026-03-02T08:58:30Z"),
                section(r, "callbackSpool"));
    }

    @Test
    void anEmptySpoolIsUpWithNothingWaiting() {
        Map<?, ?> spool = section(health(UP, null, null, () -> new WaitingCallbacks(0, null, null)), "callbackSpool");

        assertEquals(Map.of("status", "UP", "waiting", 0), spool);
    }

    @Test
    void whileTheDatabaseIsDownTheCallbacksKeptForItAreReported() {
        HealthResource.Report r = health(DOWN, null, null, () -> new WaitingCallbacks(12, NOW, null));

        assertEquals(503, r.httpStatus());
        assertEquals(Map.of("status", "UP", "waiting", 12, "oldestAt", "2026-03-02T09:00:00Z"),
                section(r, "callbackSpool"));
    }

    @Test
    void aSpoolThatCannotKeepCallbacksIsDownWithTheReasonWhileTheDatabaseAloneDecidesTheStatus() {
        String problem = "The callback spool cannot be used: /var/lib/karaf/data/stkpush/callback-spool: "
                + "No space left on device (a callback could not be kept at 2026-03-02T08:59:00Z)";
        CallbackBacklog full = () -> new WaitingCallbacks(2, NOW.minusSeconds(120), problem);

        HealthResource.Report r = health(UP, null, null, full);

        assertEquals(200, r.httpStatus(), "the database decides UP or DOWN; the spool is reported");
        assertEquals("UP", r.body().get("status"));
        assertEquals(Map.of("status", "DOWN", "waiting", 2, "oldestAt", "2026-03-02T08:58:00Z", "reason", problem),
                section(r, "callbackSpool"));
    }

    @Test
    void withoutTheCallbackResourceTheSpoolIsNotKnown() {
        HealthResource.Report r = health(UP, null, null, null);

        assertEquals(200, r.httpStatus());
        assertEquals(Map.of("reason", "Not known: the callback resource is not running."), section(r, "callbackSpool"));
    }

    @Test
    void aSpoolThatFailsToSayIsNotKnownAndHealthStillAnswers() {
        CallbackBacklog broken = () -> {
            throw new IllegalStateException("/home/operator/karaf/data: java.io.IOException at SpoolFile.java:42");
        };

        HealthResource.Report r = health(UP, null, null, broken);

        assertEquals(200, r.httpStatus());
        assertEquals(Map.of("reason", "Not known: the callback spool could not be read."),
                section(r, "callbackSpool"));
        assertFalse(r.body().toString().contains("SpoolFile"));
        assertEquals(Map.of("reason", "Not known: the callback spool could not be read."),
                section(health(UP, null, null, () -> null), "callbackSpool"));
    }

    // ---- over HTTP, and as DS binds it -------------------------------------------------------------------

    @Test
    void overHttpHealthAnswersFromWhatIsKnownWhileTheProviderIsUnreachable() throws Exception {
        RecordingConnection provider = new RecordingConnection(Optional.of(UNREACHABLE));
        String base = ServedApi.freeAddress();
        Server server = ServedApi.serve(base, new OperatorFilter(request -> Optional.empty()),
                new HealthResource(UP, counts(2, OVERDUE, NOW.minusSeconds(5)), provider,
                        () -> new WaitingCallbacks(4, NOW.minusSeconds(60), null), bundleOfVersion("1.0")));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/stkpush/api/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"status\":\"UP\",\"database\":{\"status\":\"UP\""), r.body());
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertEquals("FAILED", json.at("/provider/lastSignIn").asText());
            assertEquals(UNREACHABLE.message(), json.at("/provider/message").asText());
            assertEquals(5, json.at("/poller/lagSeconds").asLong());
            assertEquals(OVERDUE.toString(), json.at("/poller/oldestDuePushId").asText());
            assertEquals(2, json.at("/poller/waiting").asLong());
            assertEquals("UP", json.at("/callbackSpool/status").asText());
            assertEquals(4, json.at("/callbackSpool/waiting").asInt());
            assertEquals("2026-03-02T08:59:00Z", json.at("/callbackSpool/oldestAt").asText());
            assertTrue(json.at("/callbackSpool/reason").isMissingNode(), r.body());
            assertEquals(0, provider.tests.get(), "the provider was not called");
        } finally {
            server.destroy();
        }
    }

    @Test
    void theProviderTheCountsAndTheCallbackSpoolAreOptionalDynamicGreedyReferences() throws Exception {
        String description = "OSGI-INF/" + HealthResource.class.getName() + ".xml";
        Map<String, Map<String, String>> references = new HashMap<>();
        try (InputStream in = HealthResource.class.getClassLoader().getResourceAsStream(description)) {
            assertNotNull(in, description + " (written by bnd before the tests run)");
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("reference");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element reference = (Element) nodes.item(i);
                references.put(reference.getAttribute("interface"), Map.of(
                        "cardinality", reference.getAttribute("cardinality"),
                        "policy", reference.getAttribute("policy"),
                        "policy-option", reference.getAttribute("policy-option")));
            }
        }
        Map<String, String> dynamic = Map.of("cardinality", "0..1", "policy", "dynamic", "policy-option", "greedy");
        assertEquals(dynamic, references.get(ProviderConnection.class.getName()));
        assertEquals(dynamic, references.get(LedgerOverview.class.getName()));
        assertEquals(dynamic, references.get(CallbackBacklog.class.getName()));
        assertEquals("0..1", references.get(LedgerHealthCheck.class.getName()).get("cardinality"));
    }

    // ------------------------------------------------------------------------------------------------------

    private static HealthResource.Report health(LedgerHealthCheck ledger, LedgerOverview overview,
            ProviderConnection provider) {
        return new HealthResource(ledger, overview, provider, bundleOfVersion("1.0")).report();
    }

    private static HealthResource.Report health(LedgerHealthCheck ledger, LedgerOverview overview,
            ProviderConnection provider, CallbackBacklog callbacks) {
        return new HealthResource(ledger, overview, provider, callbacks, bundleOfVersion("1.0")).report();
    }

    private static Map<?, ?> section(HealthResource.Report report, String name) {
        return (Map<?, ?>) report.body().get(name);
    }

    /** Counts read at {@link #NOW}: {@code waiting} waiting, 4 reconciling, 1 for review, 2 unredeemed. */
    private static LedgerOverview counts(long waiting, PushId oldestDue, Instant dueAt) {
        return () -> new LedgerCounts(waiting, 4, 1, 2, oldestDue, dueAt, NOW);
    }

    /**
     * A provider connection that remembers {@code last} (or fails to say, when {@code null}) and counts the
     * sign-ins asked of it, which health must never ask for: one would fail the test.
     */
    private static final class RecordingConnection implements ProviderConnection {
        final AtomicInteger tests = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        private final Optional<ConnectionCheck> last;

        RecordingConnection(Optional<ConnectionCheck> last) {
            this.last = last;
        }

        @Override
        public String name() {
            return "daraja";
        }

        @Override
        public ConnectionCheck testConnection() {
            tests.incrementAndGet();
            throw new AssertionError("health signed in to the provider");
        }

        @Override
        public Optional<ConnectionCheck> lastSignIn() {
            reads.incrementAndGet();
            if (last == null) {
                throw new IllegalStateException("provider gone");
            }
            return last;
        }
    }

    /** The portal bundle's context as the resource reads it: only its {@code Stkpush-Version} header. */
    static BundleContext bundleOfVersion(String version) {
        Hashtable<String, String> headers = new Hashtable<>(Map.of("Stkpush-Version", version));
        Bundle bundle = only(Bundle.class, "getHeaders", headers);
        return only(BundleContext.class, "getBundle", bundle);
    }

    /** A {@code type} answering {@code method} with {@code answer}; any other call fails the test. */
    private static <T> T only(Class<T> type, String method, Object answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, called, args) -> {
                    if (called.getName().equals(method) && (args == null || args.length == 0)) {
                        return answer;
                    }
                    throw new AssertionError("unexpected call " + called.getName());
                }));
    }
}
