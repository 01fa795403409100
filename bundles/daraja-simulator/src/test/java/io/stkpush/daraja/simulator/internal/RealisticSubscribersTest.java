package io.stkpush.daraja.simulator.internal;

import static io.stkpush.daraja.simulator.internal.SandboxFixture.CALLBACK_PATH;
import static io.stkpush.daraja.simulator.internal.SandboxFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The realistic mode: subscribers answer after a drawn delay with a drawn outcome, the callback comes a drawn
 * moment later or never, the status query tells the truth all along, and with the mode off nothing changes.
 */
class RealisticSubscribersTest {

    private static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final SubscriberSettings DEFAULTS = SubscriberSettings.off();

    private SandboxFixture f;
    private int phones;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    // ---- settings

    @Test
    void theConfigurationDefaultsAreOffWithTheDocumentedModel() {
        SimulatorSettings fromConfig = SimulatorSettings.from(defaultConfig());
        assertEquals(SimulatorSettings.defaults(), fromConfig, "metatype defaults = the documented defaults");
        SubscriberSettings s = fromConfig.subscribers();
        assertEquals(RealisticMode.OFF, s.mode());
        assertEquals(Duration.ofSeconds(5), s.answerMin());
        assertEquals(Duration.ofSeconds(40), s.answerMax());
        assertEquals(Duration.ofMillis(500), s.callbackMin());
        assertEquals(Duration.ofSeconds(3), s.callbackMax());
        assertEquals(List.of(80.0, 8.0, 4.0, 3.0, 5.0),
                List.of(s.paid(), s.cancelled(), s.wrongPin(), s.insufficient(), s.noAnswer()));
        assertEquals(5.0, s.lostCallback());
        assertEquals(0, s.seed());
    }

    @Test
    void anUnknownModeIsOffAndBadRangesAreMadeSane() {
        assertEquals(RealisticMode.OFF, SubscriberSettings.mode("sometimes"));
        assertEquals(RealisticMode.OFF, SubscriberSettings.mode(" "));
        assertEquals(RealisticMode.ALL, SubscriberSettings.mode(" ALL "));
        SubscriberSettings s = DEFAULTS.withAnswerDelay(Duration.ofMillis(-5), Duration.ofMillis(-9))
                .withCallbackDelay(Duration.ofSeconds(3), Duration.ofSeconds(1)).withLostCallbacks(250);
        assertEquals(Duration.ZERO, s.answerMin());
        assertEquals(Duration.ZERO, s.answerMax());
        assertEquals(Duration.ofSeconds(3), s.callbackMax(), "a max below its min counts as the min");
        assertEquals(100.0, s.lostCallback());
    }

    // ---- the draws

    @Test
    void seededSharesComeOutAsConfiguredOverManyPrompts() {
        SubscriberSettings s = DEFAULTS.withMode(RealisticMode.ALL).withSeed(2026);
        Subscribers subscribers = new Subscribers();
        int n = 20_000;
        Map<Outcome, Integer> ends = new EnumMap<>(Outcome.class);
        int lost = 0;
        long answerSum = 0;
        long callbackSum = 0;
        int answered = 0;
        for (int i = 0; i < n; i++) {
            Subscribers.Decision d = subscribers.decide(s, LIFETIME);
            ends.merge(d.outcome(), 1, Integer::sum);
            lost += d.callbackLost() ? 1 : 0;
            callbackSum += d.callbackAfter().toMillis();
            if (d.outcome() == Outcome.NO_RESPONSE) {
                assertEquals(LIFETIME, d.answerAfter(), "nobody answered: 1037 at the prompt's lifetime");
            } else {
                answerSum += d.answerAfter().toMillis();
                answered++;
            }
        }
        assertShare(80, ends.get(Outcome.PAID), n, "paid");
        assertShare(8, ends.get(Outcome.CANCELLED), n, "cancelled");
        assertShare(4, ends.get(Outcome.WRONG_PIN), n, "wrong PIN");
        assertShare(3, ends.get(Outcome.INSUFFICIENT_BALANCE), n, "insufficient");
        assertShare(5, ends.get(Outcome.NO_RESPONSE), n, "no answer");
        assertShare(5, lost, n, "lost callbacks");
        assertEquals(22_500, answerSum / (double) answered, 400, "uniform 5-40 s: mean 22.5 s");
        assertEquals(1_750, callbackSum / (double) n, 40, "uniform 0.5-3 s: mean 1.75 s");
    }

    @Test
    void otherSharesAreWeightsAndAZeroShareNeverComesOut() {
        SubscriberSettings s = DEFAULTS.withMode(RealisticMode.ALL).withShares(1, 1, 0, 0, 0).withLostCallbacks(0)
                .withSeed(9);
        Subscribers subscribers = new Subscribers();
        Map<Outcome, Integer> ends = new EnumMap<>(Outcome.class);
        for (int i = 0; i < 4_000; i++) {
            Subscribers.Decision d = subscribers.decide(s, LIFETIME);
            ends.merge(d.outcome(), 1, Integer::sum);
            assertFalse(d.callbackLost());
        }
        assertEquals(Set.of(Outcome.PAID, Outcome.CANCELLED), ends.keySet());
        assertShare(50, ends.get(Outcome.PAID), 4_000, "1:1 weights");
    }

    @Test
    void theSameSeedGivesTheSameSubscribersAgainAndAfterARestart() {
        SubscriberSettings s = DEFAULTS.withMode(RealisticMode.ALL).withSeed(77);
        Subscribers subscribers = new Subscribers();
        List<Subscribers.Decision> first = decisions(subscribers, s, 200);
        subscribers.restart();
        assertEquals(first, decisions(subscribers, s, 200), "restarted from the seed");
        assertEquals(first, decisions(new Subscribers(), s, 200), "another simulator, the same seed");
        assertNotEquals(first, decisions(new Subscribers(), s.withSeed(78), 200));
        assertTrue(first.stream().map(Subscribers.Decision::outcome).distinct().count() >= 4, "a mix: " + first);
    }

    @Test
    void anAnswerDrawnPastThePromptsLifetimeIsTooLateAndEndsAs1037() {
        SubscriberSettings s = DEFAULTS.withMode(RealisticMode.ALL).withShares(100, 0, 0, 0, 0)
                .withAnswerDelay(Duration.ofSeconds(70), Duration.ofSeconds(80)).withSeed(1);
        Subscribers.Decision d = new Subscribers().decide(s, LIFETIME);
        assertEquals(Outcome.NO_RESPONSE, d.outcome());
        assertEquals(LIFETIME, d.answerAfter());
    }

    // ---- through the simulator

    @Test
    void answerAndCallbackDelaysFallInTheirRanges() {
        TestScheduler scheduler = new TestScheduler();
        List<String> posted = Collections.synchronizedList(new ArrayList<>());
        MpesaSandbox sandbox = new MpesaSandbox(SimulatorSettings.defaults().withSubscribers(
                DEFAULTS.withMode(RealisticMode.ALL).withSeed(5)), Clock.systemUTC(), scheduler, (url, body) -> {
                    posted.add(body);
                    return "{}";
                });
        try {
            StkPushResource stk = new StkPushResource(sandbox, d -> { });
            String bearer = bearer(sandbox);
            int pushes = 300;
            for (int i = 0; i < pushes; i++) {
                assertEquals(200, stk.processRequest(bearer, "application/json", pushText(phone("57"))).getStatus());
            }
            List<Long> answers = scheduler.delays();
            assertEquals(pushes, answers.size(), "one scheduled answer per prompt, no thread each");
            List<Long> drawn = answers.stream().filter(d -> d != LIFETIME.toMillis()).toList();
            drawn.forEach(d -> assertTrue(d >= 5_000 && d <= 40_000, "answer after " + d + " ms"));
            assertTrue(drawn.size() > pushes * 0.85 && drawn.size() < pushes, "about 5 % no answer: " + drawn.size());
            assertTrue(drawn.stream().mapToLong(Long::longValue).min().getAsLong() < 7_000, "spread over the range");
            assertTrue(drawn.stream().mapToLong(Long::longValue).max().getAsLong() > 38_000, "spread over the range");

            scheduler.fireAll(); // the subscribers answer
            List<Long> callbacks = scheduler.delays().subList(pushes, scheduler.delays().size());
            long lost = sandbox.ledger().json(null).findValues("callbackNeverSent").stream()
                    .filter(JsonNode::asBoolean).count();
            assertEquals(pushes - lost, callbacks.size(), "a callback scheduled for each one not lost");
            assertTrue(lost > 0 && lost < pushes * 0.12, "about 5 % lost: " + lost);
            callbacks.forEach(d -> assertTrue(d >= 500 && d <= 3_000, "callback after " + d + " ms"));

            scheduler.fireAll(); // Daraja calls back
            scheduler.drain();
            assertEquals(pushes - lost, posted.size(), "no callback twice, none for a lost one");
            assertEquals(pushes - lost, sandbox.ledger().json(null).findValues("callbacksSent").stream()
                    .mapToInt(JsonNode::asInt).sum());
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void theQueryTellsTheResultFromTheAnswerOnBeforeTheCallbackComes() throws IOException {
        // hours and minutes, so nothing comes due by itself while the test runs
        f = new SandboxFixture(SimulatorSettings.defaults()
                .withDelays(Duration.ofSeconds(2), Duration.ofHours(2), Duration.ofHours(3))
                .withSubscribers(DEFAULTS.withMode(RealisticMode.UNSCRIPTED).withShares(0, 100, 0, 0, 0)
                        .withLostCallbacks(0).withAnswerDelay(Duration.ofMinutes(30), Duration.ofMinutes(30))
                        .withCallbackDelay(Duration.ofHours(5), Duration.ofHours(5))), Clock.systemUTC());
        String id = f.accepted("254712345678", 100);
        assertEquals(List.of(Duration.ofMinutes(30).toMillis()), f.scheduler.delays());
        assertEquals("4999", json(f.query(id)).get("ResultCode").asText());

        f.scheduler.fireAll();
        f.scheduler.drain();
        assertEquals("1032", json(f.query(id)).get("ResultCode").asText(), "the truth, the callback not come yet");
        assertTrue(f.callbacks.all().isEmpty());
        assertEquals(Duration.ofHours(5).toMillis(), f.scheduler.delays().get(1));
        JsonNode ended = f.ledgerEntries(id).get(0);
        assertEquals("ENDED", ended.get("state").asText());
        assertEquals("REALISTIC", ended.get("scenario").asText());
        assertTrue(ended.get("callbackSentAt").isNull());

        f.scheduler.fireAll();
        JsonNode stk = f.callbacks.await(CALLBACK_PATH, 1).get(0).json().at("/Body/stkCallback");
        assertEquals(1032, stk.get("ResultCode").asInt());
        f.scheduler.drain();
        JsonNode called = f.ledgerEntries(id).get(0);
        assertEquals(1, called.get("callbacksDelivered").asInt());
        assertFalse(called.get("callbackNeverSent").asBoolean());
        assertFalse(called.get("callbackSentAt").isNull());
    }

    @Test
    void aLostCallbackIsNeverSentButTheQueryAndTheLedgerTellThePayment() throws IOException {
        f = fixture(DEFAULTS.withMode(RealisticMode.UNSCRIPTED).withShares(100, 0, 0, 0, 0).withLostCallbacks(100));
        registerC2b();
        String id = f.accepted("254712345678", 1500);
        f.scheduler.fireAll();
        f.scheduler.fireAll();
        assertEquals(1, f.scheduler.delays().size(), "no callback was even scheduled");
        f.scheduler.drain();

        assertTrue(f.callbacks.all().isEmpty(), "no STK callback, no C2B confirmation: " + f.callbacks.all());
        assertEquals("0", json(f.query(id)).get("ResultCode").asText());
        JsonNode paid = f.ledgerEntries(id).get(0);
        assertEquals(0, paid.get("resultCode").asInt());
        assertTrue(paid.get("receipt").asText().matches("[A-Z][A-Z0-9]{9}"), "charged: " + paid);
        assertEquals(0, paid.get("callbacksSent").asInt());
        assertTrue(paid.get("callbackNeverSent").asBoolean());
        assertTrue(paid.get("callbackSentAt").isNull());
    }

    @Test
    void withLostCallbacksTheLedgerSaysWhichOnesCame() throws IOException {
        f = fixture(DEFAULTS.withMode(RealisticMode.ALL).withLostCallbacks(50).withSeed(3));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(f.accepted(phone("00"), 100));
        }
        f.scheduler.fireAll();
        f.scheduler.fireAll();
        Set<String> called = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (String id : ids) {
            (f.ledgerEntries(id).get(0).get("callbackNeverSent").asBoolean() ? silent : called).add(id);
        }
        assertTrue(!called.isEmpty() && !silent.isEmpty(), called.size() + " called, " + silent.size() + " silent");
        f.callbacks.await(CALLBACK_PATH, called.size());
        f.scheduler.drain();
        Set<String> received = new HashSet<>();
        f.stkCallbacks().forEach(c -> received.add(c.at("/Body/stkCallback/CheckoutRequestID").asText()));
        assertEquals(called, received);
        for (String id : silent) {
            JsonNode entry = f.ledgerEntries(id).get(0);
            assertEquals("ENDED", entry.get("state").asText());
            assertEquals(String.valueOf(entry.get("resultCode").asInt()), json(f.query(id)).get("ResultCode").asText());
        }
    }

    @Test
    void unscriptedLeavesTheScriptedNumbersAloneAndTakesTheVirtualPhonesOnes() throws IOException {
        f = fixture(DEFAULTS.withMode(RealisticMode.UNSCRIPTED).withSeed(4));
        String scripted = f.accepted("254708374100", 100);
        assertEquals(List.of(2_000L), f.scheduler.delays(), "00 still pays after successDelay");
        assertEquals(400, f.push(f.pushBody("254708374109", 100)).getStatus(), "09 still refused");
        Response busy = f.push(f.pushBody("254708374112", 100));
        assertEquals("500.003.02", json(busy).get("errorCode").asText(), "12 still busy");

        String drawn = f.accepted("254712345678", 100);
        assertEquals("SUCCESS", f.ledgerEntries(scripted).get(0).get("scenario").asText());
        assertEquals("REALISTIC", f.ledgerEntries(drawn).get(0).get("scenario").asText());
        assertEquals(0, json(f.phone.prompts(null)).get("open").size(), "nothing rings the virtual phone");
        assertEquals(404, f.phone.pin(drawn, "{\"pin\":\"1234\"}").getStatus(), "nor can it be answered there");
    }

    @Test
    void allTakesEveryNumberWhateverItsLastDigits() throws IOException {
        f = fixture(DEFAULTS.withMode(RealisticMode.ALL).withSeed(4));
        for (String digits : List.of("00", "04", "07", "09", "10", "12", "13")) {
            Response r = f.push(f.pushBody(phone(digits), 100));
            assertEquals(200, r.getStatus(), digits + ": " + json(r));
        }
        assertTrue(f.holds.isEmpty(), "13's answer is not held");
        assertTrue(f.callbacks.all().isEmpty(), "07's callback does not come first");
        JsonNode prompts = f.ledger().get("prompts");
        assertEquals(7, prompts.size());
        prompts.forEach(p -> assertEquals("REALISTIC", p.get("scenario").asText()));
    }

    @Test
    void offChangesNothing() throws IOException {
        f = fixture(DEFAULTS.withSeed(4)); // every other realistic setting as if switched on
        String phone = f.accepted("254712345678", 100);
        String paid = f.accepted("254708374100", 100);
        String silent = f.accepted("254708374105", 100);
        assertEquals(List.of(LIFETIME.toMillis(), 2_000L, 2_000L), f.scheduler.delays());
        assertEquals(1, json(f.phone.prompts(null)).get("open").size(), "the virtual phone rings");
        assertEquals("VIRTUAL_PHONE", f.ledgerEntries(phone).get(0).get("scenario").asText());
        f.scheduler.fireAll();
        f.callbacks.await(CALLBACK_PATH, 2);
        assertEquals(List.of(LIFETIME.toMillis(), 2_000L, 2_000L), f.scheduler.delays(), "callbacks come at once");
        f.scheduler.drain();
        assertEquals(0, f.ledgerEntries(paid).get(0).get("resultCode").asInt());
        assertTrue(f.ledgerEntries(silent).get(0).get("callbackNeverSent").asBoolean(), "scenario 05 as before");
        assertEquals(1037, f.ledgerEntries(phone).get(0).get("resultCode").asInt());
    }

    @Test
    void deleteStartsTheSubscriberDrawsAgainFromTheSeed() throws IOException {
        f = fixture(DEFAULTS.withMode(RealisticMode.ALL).withSeed(21));
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            f.accepted(phone("00"), 100);
        }
        first.addAll(f.scheduler.delays());
        f.ledger.clear();
        for (int i = 0; i < 20; i++) {
            f.accepted(phone("00"), 100);
        }
        assertEquals(first, f.scheduler.delays().subList(20, 40));
    }

    // ---- threads

    @Test
    void sixHundredPendingPromptsAreQueueEntriesNotThreads() {
        noSimulatorThreadsLeft();
        MpesaSandbox sandbox = new MpesaSandbox(SimulatorSettings.defaults().withSubscribers(
                DEFAULTS.withMode(RealisticMode.ALL).withAnswerDelay(Duration.ofHours(1), Duration.ofHours(2))),
                (url, body) -> "{}");
        try {
            StkPushResource stk = new StkPushResource(sandbox, d -> { });
            String bearer = bearer(sandbox);
            for (int i = 0; i < 600; i++) {
                assertEquals(200, stk.processRequest(bearer, "application/json", pushText(phone("00")))
                        .getStatus());
            }
            assertTrue(simulatorThreads("daraja-simulator-timer-") <= 2, "timer threads");
            assertEquals(0, simulatorThreads("daraja-simulator-callback-"), "nothing to deliver yet");
        } finally {
            sandbox.stop();
        }
    }

    @Test
    void aPeaksCallbacksToASlowUrlQueueOnABoundedPoolAndAnswersStayOnTime() throws Exception {
        noSimulatorThreadsLeft();
        Object gate = new Object();
        boolean[] open = {false};
        int[] inFlight = {0, 0, 0}; // now, most at once, done
        CallbackSender slowUrl = (url, body) -> {
            synchronized (gate) {
                inFlight[0]++;
                inFlight[1] = Math.max(inFlight[1], inFlight[0]);
                gate.notifyAll();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!open[0] && System.nanoTime() < deadline) {
                    try {
                        gate.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                inFlight[0]--;
                inFlight[2]++;
                return "{}";
            }
        };
        MpesaSandbox sandbox = new MpesaSandbox(SimulatorSettings.defaults().withSubscribers(
                DEFAULTS.withMode(RealisticMode.ALL).withShares(100, 0, 0, 0, 0).withLostCallbacks(0)
                        .withAnswerDelay(Duration.ZERO, Duration.ofMillis(20))
                        .withCallbackDelay(Duration.ZERO, Duration.ofMillis(20))), slowUrl);
        try {
            StkPushResource stk = new StkPushResource(sandbox, d -> { });
            String bearer = bearer(sandbox);
            int pushes = 600;
            for (int i = 0; i < pushes; i++) {
                assertEquals(200, stk.processRequest(bearer, "application/json", pushText(phone("00")))
                        .getStatus());
            }
            Eventually.until(() -> sandbox.ledger().json(null).findValues("state").stream()
                    .allMatch(s -> s.asText().equals("ENDED")), "every prompt answered while the URL hangs");
            Eventually.until(() -> {
                synchronized (gate) {
                    return inFlight[0] == MpesaSandbox.DELIVERY_THREADS;
                }
            }, "the pool's threads all busy");
            assertEquals(MpesaSandbox.DELIVERY_THREADS, simulatorThreads("daraja-simulator-callback-"));
            assertTrue(simulatorThreads("daraja-simulator-timer-") <= 2);

            synchronized (gate) {
                open[0] = true;
                gate.notifyAll();
            }
            Eventually.until(() -> {
                synchronized (gate) {
                    return inFlight[2] == pushes;
                }
            }, "every callback delivered in the end");
            synchronized (gate) {
                assertEquals(MpesaSandbox.DELIVERY_THREADS, inFlight[1], "never more POSTs at once than the pool");
            }
        } finally {
            synchronized (gate) {
                open[0] = true;
                gate.notifyAll();
            }
            sandbox.stop();
        }
    }

    // ---- helpers

    private SandboxFixture fixture(SubscriberSettings subscribers) throws IOException {
        return new SandboxFixture(SimulatorSettings.defaults().withSubscribers(subscribers), Clock.systemUTC());
    }

    private static void assertShare(double percent, Integer count, int of, String what) {
        double seen = 100.0 * (count == null ? 0 : count) / of;
        assertEquals(percent, seen, Math.max(0.6, percent * 0.08), what + ": " + seen + " %");
    }

    private static List<Subscribers.Decision> decisions(Subscribers subscribers, SubscriberSettings s, int n) {
        List<Subscribers.Decision> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(subscribers.decide(s, LIFETIME));
        }
        return list;
    }

    private void registerC2b() {
        var body = RequestBody.JSON.createObjectNode();
        body.put("ShortCode", "174379");
        body.put("ResponseType", "Completed");
        body.put("ConfirmationURL", f.url("/hooks/c2b/confirmation").toString());
        assertEquals(200, f.c2b.registerUrl("v2", f.bearer(), "application/json", SandboxFixture.text(body))
                .getStatus());
    }

    private static String bearer(MpesaSandbox sandbox) {
        return "Bearer " + json(new OAuthResource(sandbox).generate("client_credentials",
                SandboxFixture.basic("k", "s"))).get("access_token").asText();
    }

    /** A push body without a fixture: the callback URL is never reached by these tests' senders. */
    private static String pushText(String phone) {
        String ts = SandboxFixture.timestamp();
        return "{\"BusinessShortCode\":174379,\"Password\":\"" + SandboxFixture.password("174379", ts)
                + "\",\"Timestamp\":\"" + ts + "\",\"TransactionType\":\"CustomerPayBillOnline\",\"Amount\":10,"
                + "\"PartyA\":\"" + phone + "\",\"PartyB\":\"174379\",\"PhoneNumber\":\"" + phone
                + "\",\"CallBackURL\":\"http://127.0.0.1:9/hooks/cb\",\"AccountReference\":\"ACC-1\","
                + "\"TransactionDesc\":\"Internet\"}";
    }

    /** Another test's stopped simulator may still be winding its threads down. */
    private static void noSimulatorThreadsLeft() {
        Eventually.until(() -> simulatorThreads("daraja-simulator-") == 0, "an earlier simulator's threads linger");
    }

    private static long simulatorThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    /** A new number each time (no prompt open on it) ending in {@code digits}. */
    private String phone(String digits) {
        return String.format("2547%06d%s", ++phones, digits);
    }

    /** SimulatorConfig as the metatype defaults make it, without a framework. */
    private static SimulatorConfig defaultConfig() {
        return (SimulatorConfig) Proxy.newProxyInstance(SimulatorConfig.class.getClassLoader(),
                new Class<?>[] {SimulatorConfig.class}, (proxy, method, args) -> method.getDefaultValue());
    }
}
