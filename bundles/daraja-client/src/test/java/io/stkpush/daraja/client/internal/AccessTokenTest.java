package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

class AccessTokenTest extends FakeDarajaTest {

    @Test
    void tokenIsFetchedWithBasicAuthOnceAndSharedByEveryCall() throws Exception {
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        DarajaClient client = client();

        client.queryStatus(CHECKOUT);
        client.queryStatus(CHECKOUT);
        client.push(push(10));
        assertEquals(1, daraja.received(FakeDaraja.TOKEN).size());

        FakeDaraja.Received tokenRequest = daraja.received(FakeDaraja.TOKEN).get(0);
        assertEquals("GET", tokenRequest.method());
        assertEquals("grant_type=client_credentials", tokenRequest.query());
        String basic = new String(Base64.getDecoder().decode(tokenRequest.header("Authorization").substring(6)),
                StandardCharsets.UTF_8);
        assertEquals(TestConfig.CONSUMER_KEY + ":" + TestConfig.CONSUMER_SECRET, basic);
        assertTrue(tokenRequest.header("Authorization").startsWith("Basic "));
        for (FakeDaraja.Received query : daraja.received(FakeDaraja.QUERY)) {
            assertEquals("Bearer tok-1", query.header("Authorization"));
        }
    }

    @Test
    void expiresInAsStringIsRefreshedAtEightyPercent() throws Exception {
        daraja.expiresIn("\"3599\"");
        assertRefreshedAfter(Duration.ofSeconds(2880)); // 80 % of 3599 s is 2879.2 s
    }

    @Test
    void expiresInAsNumberIsRefreshedAtEightyPercent() throws Exception {
        daraja.expiresIn("3599");
        assertRefreshedAfter(Duration.ofSeconds(2880));
    }

    @Test
    void shortLifetimeIsRefreshedFiveMinutesBeforeExpiry() throws Exception {
        daraja.expiresIn("\"1200\""); // 80 % is 960 s, 5 minutes early is 900 s: the earlier wins
        assertRefreshedAfter(Duration.ofSeconds(900));
    }

    @Test
    void refreshTimeRules() {
        assertEquals(Duration.ofSeconds(2879).plusMillis(200), AccessTokens.useFor(3599));
        assertEquals(Duration.ofSeconds(300), AccessTokens.useFor(600));
        assertEquals(Duration.ofSeconds(30), AccessTokens.useFor(60)); // never less than half the lifetime
    }

    /** Fresh one second before {@code refreshAt}, refreshed at it. */
    private void assertRefreshedAfter(Duration refreshAt) throws Exception {
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        DarajaClient client = client();
        client.queryStatus(CHECKOUT);
        clock.advance(refreshAt.minusSeconds(1));
        client.queryStatus(CHECKOUT);
        assertEquals(1, daraja.tokensIssued(), "still fresh one second before the refresh time");
        clock.advance(Duration.ofSeconds(1));
        client.queryStatus(CHECKOUT);
        assertEquals(2, daraja.tokensIssued(), "refreshed at the refresh time, before expiry");
        List<FakeDaraja.Received> queries = daraja.received(FakeDaraja.QUERY);
        assertEquals("Bearer tok-2", queries.get(queries.size() - 1).header("Authorization"));
    }

    @Test
    void concurrentCallersTriggerOneTokenRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch tokenAsked = new CountDownLatch(1);
        daraja.respond(FakeDaraja.TOKEN, request -> {
            tokenAsked.countDown();
            release.await(10, TimeUnit.SECONDS);
            return daraja.issueToken();
        });
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        DarajaClient client = client();

        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(callers);
        List<Future<StatusAnswer>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            answers.add(pool.submit(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                started.countDown();
                return client.queryStatus(CHECKOUT);
            }));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(tokenAsked.await(10, TimeUnit.SECONDS));
        // every caller is parked: one waiting for the token answer, the others for the one fetching it
        waitUntil(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING));
        release.countDown();
        for (Future<StatusAnswer> answer : answers) {
            assertEquals(Outcome.SUCCEEDED, answer.get(10, TimeUnit.SECONDS).outcome());
        }
        pool.shutdown();

        assertEquals(1, daraja.received(FakeDaraja.TOKEN).size());
        assertEquals(callers, daraja.received(FakeDaraja.QUERY).size());
        assertTrue(daraja.received(FakeDaraja.QUERY).stream()
                .allMatch(q -> "Bearer tok-1".equals(q.header("Authorization"))));
    }

    @Test
    void invalidAccessTokenIsRefreshedOnceAndTheCallRetriedOnce() throws Exception {
        daraja.reply(FakeDaraja.QUERY, Reply.error(404, "404.001.03", "Invalid Access Token"),
                Reply.json(200, queryResult("\"0\"", "ok")));
        StatusAnswer answer = client().queryStatus(CHECKOUT);

        assertEquals(Outcome.SUCCEEDED, answer.outcome());
        assertEquals(2, daraja.received(FakeDaraja.TOKEN).size());
        List<FakeDaraja.Received> queries = daraja.received(FakeDaraja.QUERY);
        assertEquals(2, queries.size());
        assertEquals("Bearer tok-1", queries.get(0).header("Authorization"));
        assertEquals("Bearer tok-2", queries.get(1).header("Authorization"));
    }

    @Test
    void invalidAccessTokenWithHttp401IsRefreshedToo() throws Exception {
        daraja.reply(FakeDaraja.PUSH, Reply.error(401, "404.001.03", "Invalid Access Token"),
                Reply.json(200, ACCEPTED));
        client().push(push(10));
        assertEquals(2, daraja.received(FakeDaraja.TOKEN).size());
        assertEquals(2, daraja.received(FakeDaraja.PUSH).size());
    }

    @Test
    void tokenRefusedAgainIsNotRetriedForever() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(404, "404.001.03", "Invalid Access Token"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("404.001.03", e.code());
        assertEquals(PushReason.PROVIDER_REFUSED, e.reason());
        assertTrue(operatorReads(e).contains("M-Pesa Express"), operatorReads(e));
        assertEquals(2, daraja.received(FakeDaraja.PUSH).size());
        assertEquals(2, daraja.received(FakeDaraja.TOKEN).size());
    }

    @Test
    void missingApiProductIsNotMistakenForAnExpiredToken() {
        daraja.reply(FakeDaraja.PUSH, Reply.error(401, "401.003.01",
                "Error Occurred - Invalid Access Token - Invalid API call as no apiproduct match found"));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(operatorReads(e).startsWith("The Daraja app has no API product"), operatorReads(e));
        assertEquals(1, daraja.received(FakeDaraja.PUSH).size());
    }

    @Test
    void wrongCredentialsAnsweredWithAnEmpty400AreRejectedAndNoPushIsSent() {
        daraja.reply(FakeDaraja.TOKEN, Reply.text(400, ""));
        ProviderException e = refusal(() -> client().push(push(10)));

        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(operatorReads(e).contains("consumer key and secret"), operatorReads(e));
        assertTrue(operatorReads(e).contains("custom environment"), operatorReads(e));
        assertTrue(daraja.received(FakeDaraja.PUSH).isEmpty());
    }

    @Test
    void invalidGrantTypeIsRejected() {
        daraja.reply(FakeDaraja.TOKEN, Reply.error(400, "400.008.02", "Invalid grant type passed"));
        ProviderException e = refusal(() -> client().queryStatus(CHECKOUT));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("400.008.02", e.code());
        assertEquals(PushReason.PROVIDER_REFUSED, e.reason());
    }

    @Test
    void tokenServiceDownIsBusyNotUnknown() {
        daraja.reply(FakeDaraja.TOKEN, Reply.text(503, "<html>Service Unavailable</html>"));
        ProviderException e = refusal(() -> client().push(push(10)));
        assertEquals(Kind.BUSY, e.kind());
        assertEquals(PushReason.PROVIDER_UNREACHABLE, e.reason());
        assertTrue(daraja.received(FakeDaraja.PUSH).isEmpty());
    }

    @Test
    void tokenIsNeverInAToString() throws Exception {
        AccessTokens.AccessToken token = new AccessTokens.AccessToken("c9SQxWWhmdVRlyh0zh8gZDTkubVF", NOW);
        assertNotEquals(-1, token.toString().indexOf("****"));
        assertEquals(-1, token.toString().indexOf("c9SQ"));
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
