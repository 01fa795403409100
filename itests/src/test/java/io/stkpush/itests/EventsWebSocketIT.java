package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The live events an operator's page listens to, in the demo assembly: a ticket from the operator API, a real
 * WebSocket client on {@code /stkpush/events/}, a push confirmed by the simulator; upgrades refused before they
 * happen; every page closed, with no thread left, when the bridge stops, while the operator API carries on; and the
 * same when the features are uninstalled with pages connected, and a new page served once they are installed again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsWebSocketIT {

    private static final String BRIDGE = "io.stkpush.websocket.bridge";
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Set once the boot features have settled and the WebSocket answers; the probe's tests share one Karaf. */
    private static boolean settled;

    private final OperatorApi api = OperatorApi.demoOperator();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(), StkpushKaraf.fastPushFlow(),
            editConfigurationFilePut("etc/io.stkpush.events.cfg", "heartbeatSeconds", "1")};
    }

    @Before
    public void eventsAreUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        assertEquals(200, api.getUntil("/stkpush/api/subscribers?q=Grace", r -> r.status() == 200,
                HealthOnH2IT.BOOT).status());
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        awaitEventsAccept().close();
        settled = true;
    }

    @Test
    public void anOperatorPageSeesThePushConfirmedAndThePaymentRecorded() throws Exception {
        try (EventsPage grace = connect("subscriberId=sub-0001&ticket=" + ticket(), sameOrigin());
                EventsPage everything = connect("ticket=" + ticket(), sameOrigin());
                EventsPage otherPush = connect("pushId=6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b&ticket=" + ticket(),
                        sameOrigin());
                EventsPage server = connect("subscriberId=sub-0001",
                        Map.of("Authorization", basic("operator", "operator")))) {
            OperatorApi.Reply sent = api.post("/stkpush/api/pushes", "{\"subscriberId\":\"sub-0001\",\"amount\":1500}");
            assertEquals(sent.body(), 202, sent.status());
            String pushId = sent.json().get("pushId").asText();

            for (EventsPage page : List.of(grace, everything, server)) {
                JsonNode confirmed = page.await(m -> "push_status_changed".equals(m.path("type").asText())
                        && pushId.equals(m.path("pushId").asText()) && "CONFIRMED".equals(m.path("status").asText()));
                JsonNode recorded = page.await(m -> "payment_recorded".equals(m.path("type").asText())
                        && pushId.equals(m.path("pushId").asText()));
                JsonNode push = api.get("/stkpush/api/pushes/" + pushId).json();
                assertEquals("sub-0001", confirmed.get("subscriberId").asText());
                assertEquals("Payment received and recorded.", confirmed.get("message").asText());
                assertEquals(push.get("receipt").asText(), confirmed.get("receipt").asText());
                assertEquals(push.get("paymentId").asText(), confirmed.get("paymentId").asText());
                assertEquals(push.get("paymentId").asText(), recorded.get("paymentId").asText());
                assertEquals(push.get("receipt").asText(), recorded.get("receipt").asText());
                Instant.parse(recorded.get("at").asText());
            }
            // a heartbeat stamped after the others had everything: anything for the other page came before it
            Instant after = Instant.now();
            otherPush.await(m -> "heartbeat".equals(m.path("type").asText())
                    && !Instant.parse(m.get("at").asText()).isBefore(after));
            assertEquals("the page narrowed to another push", List.of(), otherPush.eventsOtherThanHeartbeats());
        }
    }

    @Test
    public void anUpgradeWithoutAnOperatorOrFromAnotherSiteIsRefusedBeforeItHappens() throws Exception {
        String ticket = ticket();
        assertRefused(403, "ticket=" + ticket, Map.of("Origin", "https://evil.example"));
        assertRefused(401, "", sameOrigin());
        assertRefused(401, "ticket=forged-ticket-0123456789", sameOrigin());
        assertRefused(400, "pushId=42&ticket=" + ticket, sameOrigin());
        assertRefused(401, "", Map.of("Authorization", basic("karaf", "karaf"))); // an admin, not an operator

        // neither refusal spent the ticket; using it does
        connect("ticket=" + ticket, sameOrigin()).close();
        assertRefused(401, "ticket=" + ticket, sameOrigin());
    }

    @Test
    public void stoppingTheBridgeClosesEveryPageLeavesNoThreadAndTheOperatorApiCarriesOn() throws Exception {
        Bundle bridge = bundle(BRIDGE);
        try (EventsPage page = connect("ticket=" + ticket(), sameOrigin())) {
            page.await(m -> "heartbeat".equals(m.path("type").asText()));

            bridge.stop();

            assertEquals(Integer.valueOf(1001), page.closed.get(WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertFalse("the bridge's thread is gone", Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("stkpush-events") && t.isAlive()));
            assertEquals("the operator API carries on", 200,
                    api.get("/stkpush/api/subscribers?q=Grace").status());
        } finally {
            bridge.start();
        }
        awaitEventsAccept().close();
        assertEquals(200, api.get("/stkpush/api/subscribers?q=Grace").status());
    }

    @Test
    public void uninstallingTheFeaturesWithAPageConnectedLeavesNoThreadAndInstallingThemServesPagesAgain()
            throws Exception {
        FeaturesService features = StkpushKaraf.featuresService(context);
        EnumSet<FeaturesService.Option> none = EnumSet.noneOf(FeaturesService.Option.class);
        // what stkpush runs on (HTTP, WebSocket, Jackson) stays, as the probe's client uses it
        features.installFeature("stkpush-runtime", none);
        try (EventsPage page = connect("ticket=" + ticket(), sameOrigin())) {
            page.await(m -> "heartbeat".equals(m.path("type").asText()));

            features.uninstallFeature("stkpush-renewal", none); // a boot feature of its own, on top of stkpush
            features.uninstallFeature("stkpush-demo", none);

            assertFalse("stkpush is uninstalled", features.isInstalled(features.getFeature("stkpush")));
            assertEquals(Integer.valueOf(1001), page.closed.get(WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertEquals("no stkpush thread is left", List.of(), awaitNoStkpushThreads());
            Http.Answer gone = Http.getUntil("/stkpush/api/events/tickets", a -> a.status() == 404, WITHIN);
            assertEquals("the ticket office is gone with the feature", 404, gone.status());
        } finally {
            features.installFeature("stkpush-demo", none);
            features.installFeature("stkpush-renewal", none);
            features.uninstallFeature("stkpush-runtime", none); // back to the boot features alone
            settled = false;
        }
        eventsAreUp();
        try (EventsPage page = awaitEventsAccept()) {
            page.await(m -> "heartbeat".equals(m.path("type").asText()));
        }
    }

    /** The live threads named stkpush-…, once none is left or at the deadline. */
    private static List<String> awaitNoStkpushThreads() throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("stkpush-")).map(Thread::getName).toList();
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(100); // poll interval; the deadline bounds the wait
        }
    }


    // ------------------------------------------------------------------------------------------------------

    /** A page's WebSocket: every message it got, and how it was closed. */
    private static final class EventsPage implements WebSocket.Listener, AutoCloseable {

        final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
        final List<JsonNode> seen = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    arrived.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    arrived.add(JSON.createObjectNode().put("type", "not JSON: " + partial));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** The first message (already seen or still to come) that matches, within the deadline. */
        JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
            for (JsonNode message : seen) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode message = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (message != null) {
                    seen.add(message);
                    if (wanted.test(message)) {
                        return message;
                    }
                }
            }
            throw new AssertionError("not received within " + WITHIN + "; got " + seen);
        }

        List<JsonNode> eventsOtherThanHeartbeats() {
            arrived.drainTo(seen);
            return seen.stream().filter(m -> !"heartbeat".equals(m.path("type").asText())).toList();
        }

        @Override
        public void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    private EventsPage connect(String query, Map<String, String> headers) throws Exception {
        EventsPage page = new EventsPage();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        page.socket = builder.buildAsync(events(query), page).get(10, TimeUnit.SECONDS);
        return page;
    }

    private void assertRefused(int status, String query, Map<String, String> headers) throws Exception {
        try {
            connect(query, headers).close();
            fail("upgraded: " + query + " " + headers);
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof WebSocketHandshakeException);
            assertEquals(query + " " + headers, status,
                    ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
    }

    /** Connects with a fresh ticket until the endpoint answers (it comes and goes while Pax Web settles). */
    private EventsPage awaitEventsAccept() throws Exception {
        long deadline = System.nanoTime() + HealthOnH2IT.BOOT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                return connect("ticket=" + ticket(), sameOrigin());
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(250); // poll interval; the deadline bounds the wait
        }
        throw new AssertionError("the events WebSocket did not accept within " + HealthOnH2IT.BOOT, last);
    }

    private String ticket() throws Exception {
        OperatorApi.Reply reply = api.post("/stkpush/api/events/tickets", "{}");
        assertEquals(reply.body(), 200, reply.status());
        assertNotNull(reply.json().get("expiresAt"));
        return reply.json().get("ticket").asText();
    }

    private static URI events(String query) {
        return URI.create(Http.url("/stkpush/events/").replaceFirst("^http", "ws")
                + (query.isEmpty() ? "" : "?" + query));
    }

    /** The Origin a page served by the same Karaf sends. */
    private static Map<String, String> sameOrigin() {
        return Map.of("Origin", Http.url(""));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
