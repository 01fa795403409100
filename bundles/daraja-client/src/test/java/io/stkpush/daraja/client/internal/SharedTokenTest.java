package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.stkpush.api.Outcome;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.SharedToken;
import io.stkpush.api.provider.SharedTokens;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;
import io.stkpush.ledger.internal.LedgerComponent;
import io.stkpush.ledger.internal.LedgerConfig;
import io.stkpush.ledger.internal.TestLedgers;

/**
 * Two nodes of one ISP (two clients, one consumer key) against a Daraja that invalidates an app's previous token
 * whenever it issues a new one, sharing the token through the real ledger ({@link LedgerComponent} on H2).
 */
class SharedTokenTest extends FakeDarajaTest {

    private static final String INVALID = "404.001.03";

    /** The one token Daraja accepts now: the last one it issued. */
    private final AtomicReference<String> valid = new AtomicReference<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private SharedTokens ledger;

    @BeforeEach
    void darajaKeepsOnlyTheNewestToken() {
        Object issuing = new Object();
        daraja.respond(FakeDaraja.TOKEN, request -> {
            synchronized (issuing) {
                Reply reply = daraja.issueToken();
                valid.set("tok-" + daraja.tokensIssued());
                return reply;
            }
        });
        daraja.respond(FakeDaraja.QUERY, request -> {
            if (("Bearer " + valid.get()).equals(request.header("Authorization"))) {
                return Reply.json(200, queryResult("\"0\"", "The service request is processed successfully."));
            }
            refusals.incrementAndGet();
            return Reply.error(401, INVALID, "Invalid Access Token");
        });
        ledger = new LedgerComponent(TestLedgers.migratedH2(), new LedgerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LedgerConfig.class;
            }

            @Override
            public String latePaymentPolicy() {
                return "unredeemed";
            }
        });
    }

    private DarajaClient node(String name, Supplier<SharedTokens> store) {
        DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(), Map.of()));
        return new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper, store, name);
    }

    /** Calls alternating between the nodes; each must be answered. */
    private void alternate(int calls, DarajaClient... nodes) throws Exception {
        for (int i = 0; i < calls; i++) {
            assertEquals(Outcome.SUCCEEDED, nodes[i % nodes.length].queryStatus(CHECKOUT).outcome(), "call " + i);
        }
    }

    @Test
    void twoNodesShareOneTokenAndNeitherInvalidatesTheOther() throws Exception {
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", () -> ledger);

        alternate(20, a, b);

        assertEquals(1, daraja.tokensIssued(), "node b adopted node a's token");
        assertEquals(0, refusals.get());
        assertEquals(20, daraja.received(FakeDaraja.QUERY).size());
        ConnectionCheck onB = b.lastSignIn().orElseThrow();
        assertTrue(onB.ok());
        assertEquals(NOW, onB.at());
        assertTrue(onB.message().contains("signed in by node-a"), onB.message());
        assertTrue(a.lastSignIn().orElseThrow().message().contains("signed in by node-a"));
    }

    @Test
    void withoutTheStoreEveryCallOfTheOtherNodeIsRefusedOnceButNeverLoops() throws Exception {
        DarajaClient a = node("node-a", () -> null);
        DarajaClient b = node("node-b", () -> null);

        alternate(20, a, b);

        // the ping-pong the store prevents: from the third call on, each node's token was invalidated by the other's
        // fetch, so each call is refused once, fetches and retries
        assertEquals(20, daraja.tokensIssued());
        assertEquals(18, refusals.get());
    }

    @Test
    void twoBusyNodesRenewARevokedTokenOnceBetweenThemAndNoCallFails() throws Exception {
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", () -> ledger);
        int threads = 8;
        int callsEach = 25;
        AtomicInteger answered = new AtomicInteger();
        daraja.respond(FakeDaraja.QUERY, request -> {
            synchronized (valid) {
                if (answered.incrementAndGet() == 60) {
                    valid.set("outsider"); // another client of the same app signed in: tok-1 is invalid now
                }
                if (("Bearer " + valid.get()).equals(request.header("Authorization"))) {
                    return Reply.json(200, queryResult("\"0\"", "The service request is processed successfully."));
                }
                refusals.incrementAndGet();
                return Reply.error(401, INVALID, "Invalid Access Token");
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            DarajaClient node = t % 2 == 0 ? a : b;
            failures.add(pool.submit(() -> {
                go.await();
                int failed = 0;
                for (int i = 0; i < callsEach; i++) {
                    try {
                        node.queryStatus(CHECKOUT);
                    } catch (ProviderException e) {
                        failed++;
                    }
                }
                return failed;
            }));
        }
        go.countDown();
        int failed = 0;
        for (Future<Integer> each : failures) {
            failed += each.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(0, failed, "calls failed");
        assertEquals(2, daraja.tokensIssued(), "tok-1 at the start, tok-2 after the revocation, by one node");
        assertTrue(refusals.get() >= 1 && refusals.get() <= threads, "refused once at most per caller in flight: "
                + refusals.get());
        assertEquals(threads * callsEach, answered.get() - refusals.get());
    }

    @Test
    void anExpiredTokenIsRenewedByOneNodeAndAdoptedByTheOther() throws Exception {
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", () -> ledger);
        alternate(4, a, b);

        clock.advance(Duration.ofMinutes(48)); // past the refresh time (80 % of 3599 s)
        alternate(20, b, a);

        assertEquals(2, daraja.tokensIssued());
        assertEquals(0, refusals.get());
        assertEquals("Bearer tok-2", last(FakeDaraja.QUERY).header("Authorization"));
        assertTrue(a.lastSignIn().orElseThrow().message().contains("signed in by node-b"),
                a.lastSignIn().orElseThrow().message());
    }

    @Test
    void aNodeRefusedWhileTheOtherRenewsTakesTheNewTokenWithoutAsking() throws Exception {
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", () -> ledger);
        alternate(2, a, b); // both on tok-1
        valid.set("none"); // tok-1 revoked: refused on both nodes

        assertEquals(Outcome.SUCCEEDED, a.queryStatus(CHECKOUT).outcome()); // refused, renews: tok-2
        assertEquals(Outcome.SUCCEEDED, b.queryStatus(CHECKOUT).outcome()); // refused, finds tok-2 stored
        alternate(10, a, b);

        assertEquals(2, daraja.tokensIssued());
        assertEquals(2, refusals.get());
        assertEquals("tok-2", ledger.current(DarajaClient.account(settings())).orElseThrow().value());
    }

    @Test
    void aConnectionTestOnOneNodeIsPickedUpByTheOtherWithoutAnotherSignIn() throws Exception {
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", () -> ledger);
        alternate(2, a, b);

        ConnectionCheck test = a.testConnection(); // tok-2, replacing tok-1 in the store
        assertTrue(test.ok());
        assertTrue(test.message().matches("M-Pesa accepted the consumer key and secret \\(answered in \\d+ ms, signed"
                + " in by node-a\\)\\."), test.message());
        alternate(10, b, a);

        assertEquals(2, daraja.tokensIssued());
        assertEquals(1, refusals.get(), "node b's tok-1, once");
    }

    @Test
    void aStoreThatFailsIsLeftAloneForAWhileAndPaymentsGoOn() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SharedTokens down = new SharedTokens() {
            @Override
            public Optional<SharedToken> current(String account) {
                asked.incrementAndGet();
                throw new IllegalStateException("The payment ledger could not read the shared provider token (SQL"
                        + " state 08001).");
            }

            @Override
            public <E extends Exception> SharedToken renew(String account, String expectedValue, Instant now,
                    TokenRequest<E> request) {
                asked.incrementAndGet();
                throw new IllegalStateException("The payment ledger could not renew the token (SQL state 08001).");
            }
        };
        String log = capturingLog(() -> {
            DarajaClient a = node("node-a", () -> down);
            alternate(5, a);
            assertEquals(1, daraja.tokensIssued(), "this node's own token, as without a store");
            assertEquals(1, asked.get(), "one failure pauses the store");
            assertFalse(a.lastSignIn().orElseThrow().message().contains("signed in by"));

            clock.advance(Duration.ofMinutes(48));
            alternate(1, a);
            assertEquals(2, asked.get(), "asked again once the pause is over");
            assertEquals(2, daraja.tokensIssued());
        });

        assertEquals(2, log.lines().filter(line -> line.contains("WARN")).count(), log);
        assertTrue(log.contains("The shared M-Pesa access token could not be read (The payment ledger could not read"
                + " the shared provider token (SQL state 08001).); this node signs in on its own for the next 30 s"),
                log);
        assertFalse(log.contains("tok-1") || log.contains("tok-2"), log);
    }

    @Test
    void aStoreFailingAfterTheRequestLeavesTheNodeWithItsTokenAndNoSecondRequest() throws Exception {
        SharedTokens failsOnWrite = new SharedTokens() {
            @Override
            public Optional<SharedToken> current(String account) {
                return ledger.current(account);
            }

            @Override
            public <E extends Exception> SharedToken renew(String account, String expectedValue, Instant now,
                    TokenRequest<E> request) throws E {
                request.ask();
                throw new IllegalStateException("The payment ledger could not renew the shared provider token (SQL"
                        + " state 57P01).");
            }
        };
        DarajaClient a = node("node-a", () -> failsOnWrite);

        capturingLog(() -> alternate(5, a));

        assertEquals(1, daraja.tokensIssued());
        assertEquals(0, refusals.get());
        assertTrue(ledger.current(DarajaClient.account(settings())).isEmpty());
    }

    @Test
    void aStoreThatComesLaterIsUsedFromThen() throws Exception {
        AtomicReference<SharedTokens> bound = new AtomicReference<>();
        DarajaClient a = node("node-a", () -> ledger);
        DarajaClient b = node("node-b", bound::get);
        alternate(2, a, b); // b alone: fetches its own, invalidating a's

        bound.set(ledger);
        alternate(20, a, b);

        // a's tok-1 refused: a fetched tok-3 into the store; b's tok-2 refused: b adopted tok-3. Then one token.
        assertEquals(3, daraja.tokensIssued());
        assertEquals(2, refusals.get());
        assertEquals("Bearer tok-3", last(FakeDaraja.QUERY).header("Authorization"));
    }

    @Test
    void theComponentTakesTheStoreOptionallyDynamicallyAndGreedily() throws Exception {
        String description = "OSGI-INF/" + DarajaComponent.class.getName() + ".xml";
        try (InputStream in = DarajaComponent.class.getClassLoader().getResourceAsStream(description)) {
            assertNotNull(in, description + " (written by bnd before the tests run)");
            NodeList references = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("reference");
            List<Element> stores = new ArrayList<>();
            for (int i = 0; i < references.getLength(); i++) {
                Element reference = (Element) references.item(i);
                if (SharedTokens.class.getName().equals(reference.getAttribute("interface"))) {
                    stores.add(reference);
                }
            }
            assertEquals(1, stores.size());
            assertEquals("0..1", stores.get(0).getAttribute("cardinality"));
            assertEquals("dynamic", stores.get(0).getAttribute("policy"));
            assertEquals("greedy", stores.get(0).getAttribute("policy-option"));
        }
    }

    private DarajaSettings settings() {
        return DarajaSettings.from(TestConfig.against(daraja.baseUrl(), Map.of()));
    }

    private FakeDaraja.Received last(String path) {
        List<FakeDaraja.Received> received = daraja.received(path);
        return received.get(received.size() - 1);
    }

    @FunctionalInterface
    interface Steps {
        void run() throws Exception;
    }

    /** What the client logs meanwhile (SLF4J simple writes to System.err, see simplelogger.properties). */
    private static String capturingLog(Steps steps) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            steps.run();
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
