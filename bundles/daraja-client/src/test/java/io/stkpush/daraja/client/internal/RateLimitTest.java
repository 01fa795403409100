package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;
import io.stkpush.testing.MutableClock;

class RateLimitTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T06:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @Test
    void aTenthOfASecondsWorthGoesAtOnceThenEachWaitsItsTurn() throws Exception {
        RateLimit limit = new RateLimit(20, Duration.ofSeconds(5), clock, sleeper);
        limit.acquire();
        limit.acquire();
        assertTrue(sleeper.sleeps().isEmpty(), "a burst of two");
        limit.acquire();
        limit.acquire();
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(50)), sleeper.sleeps());
    }

    @Test
    void noClockSecondCarriesMoreThanTheRateAndTheBurstHoweverCallsBunchUp() throws Exception {
        RateLimit limit = new RateLimit(20, Duration.ofSeconds(5), clock, sleeper);
        clock.advance(Duration.ofSeconds(10)); // idle: the bucket is as full as it gets
        Instant secondStart = clock.instant();
        int sent = 0;
        while (clock.instant().isBefore(secondStart.plusSeconds(1))) {
            limit.acquire(); // the sleeper moves the clock on by each wait
            if (clock.instant().isBefore(secondStart.plusSeconds(1))) {
                sent++;
            }
        }
        assertTrue(sent >= 20 && sent <= 20 + RateLimit.burst(20), "20 a second plus at most the burst of 2, not 40: " + sent);
    }

    @Test
    void aSmallRateHasABurstOfOne() {
        assertEquals(1, RateLimit.burst(5));
        assertEquals(1, RateLimit.burst(1));
        assertEquals(2, RateLimit.burst(22));
        assertEquals(100, RateLimit.burst(1000));
    }

    @Test
    void tokensComeBackWithTime() throws Exception {
        RateLimit limit = new RateLimit(20, Duration.ofSeconds(5), clock, sleeper);
        limit.acquire();
        limit.acquire();
        clock.advance(Duration.ofMillis(100));
        limit.acquire();
        limit.acquire();
        assertTrue(sleeper.sleeps().isEmpty());
    }

    @Test
    void waitIsBounded() throws Exception {
        RateLimit limit = new RateLimit(1, Duration.ofMillis(500), clock, duration -> {
            throw new AssertionError("must not wait longer than allowed");
        });
        limit.acquire();
        ProviderException e = assertThrows(ProviderException.class, limit::acquire);
        assertEquals(Kind.BUSY, e.kind());
        clock.advance(Duration.ofSeconds(1));
        limit.acquire(); // the refused caller took no turn
    }

    @Test
    void tryAcquireTakesOnlyAFreeTurnAndNeverWaits() {
        RateLimit limit = new RateLimit(20, Duration.ofSeconds(5), clock, duration -> {
            throw new AssertionError("must not wait");
        });
        assertTrue(limit.tryAcquire());
        assertTrue(limit.tryAcquire());
        assertFalse(limit.tryAcquire());
        clock.advance(Duration.ofMillis(50));
        assertTrue(limit.tryAcquire()); // a twentieth of a second gives back one
        assertFalse(limit.tryAcquire());
    }

    @Test
    void queriesNeverWaitInFrontOfAPushAndPushesKeepTheirShare() throws Exception {
        try (FakeDaraja daraja = new FakeDaraja()) {
            daraja.reply(FakeDaraja.QUERY, Reply.json(200, "{\"ResultCode\":\"4999\"}"));
            daraja.reply(FakeDaraja.PUSH, Reply.json(200, FakeDarajaTest.ACCEPTED));
            // a query budget as large as the whole is brought down to leave pushes one a second
            DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(),
                    Map.of("requestsPerSecond", 40, "statusQueriesPerSecond", 100)));
            assertEquals(39, settings.statusQueriesPerSecond());
            DarajaClient client = new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);

            client.push(FakeDarajaTest.push(10)); // the token and a push
            client.push(FakeDarajaTest.push(11));
            client.push(FakeDarajaTest.push(12)); // the shared burst of four is used up
            ProviderException refused = assertThrows(ProviderException.class,
                    () -> client.queryStatus(FakeDarajaTest.CHECKOUT));
            assertEquals(Kind.BUSY, refused.kind());
            assertTrue(sleeper.sleeps().isEmpty(), "a query never waits for the shared budget: " + sleeper.sleeps());
            assertEquals(0, daraja.received(FakeDaraja.QUERY).size(), "the refused query was not sent");

            client.push(FakeDarajaTest.push(13)); // waits for the next turn of the shared budget, no more
            assertEquals(List.of(Duration.ofMillis(25)), sleeper.sleeps());
            assertEquals(4, daraja.received(FakeDaraja.PUSH).size());
        }
    }

    @Test
    void queriesWaitTheirTurnOfTheirOwnBudgetWhilePushesStillGo() throws Exception {
        try (FakeDaraja daraja = new FakeDaraja()) {
            daraja.reply(FakeDaraja.QUERY, Reply.json(200, "{\"ResultCode\":\"4999\"}"));
            daraja.reply(FakeDaraja.PUSH, Reply.json(200, FakeDarajaTest.ACCEPTED));
            DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(),
                    Map.of("requestsPerSecond", 100, "statusQueriesPerSecond", 20)));
            DarajaClient client = new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);

            client.queryStatus(FakeDarajaTest.CHECKOUT);
            client.queryStatus(FakeDarajaTest.CHECKOUT); // the query budget's burst of two
            assertTrue(sleeper.sleeps().isEmpty(), sleeper.sleeps().toString());
            client.queryStatus(FakeDarajaTest.CHECKOUT); // waits a twentieth of a second for the budget's next turn
            assertEquals(List.of(Duration.ofMillis(50)), sleeper.sleeps());
            for (int i = 0; i < 5; i++) {
                client.push(FakeDarajaTest.push(10 + i)); // the shared burst still has room
            }
            assertEquals(List.of(Duration.ofMillis(50)), sleeper.sleeps(), "pushes did not wait");
            assertEquals(3, daraja.received(FakeDaraja.QUERY).size());
            assertEquals(5, daraja.received(FakeDaraja.PUSH).size());
        }
    }

    @Test
    void aQueryWaitsASecondAtMostForItsOwnBudget() throws Exception {
        List<Duration> waits = new ArrayList<>();
        RateLimit budget = new RateLimit(1, DarajaClient.QUERY_BUDGET_WAIT, clock, waits::add); // the clock stays
        budget.acquire();
        budget.acquire(); // the next turn, a second away: waits for it
        assertEquals(List.of(Duration.ofSeconds(1)), waits);
        assertEquals(Kind.BUSY, assertThrows(ProviderException.class, budget::acquire).kind(), "two seconds away");
    }
}
