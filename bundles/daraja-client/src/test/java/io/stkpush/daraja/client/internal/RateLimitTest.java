package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

            client.queryStatus(FakeDarajaTest.CHECKOUT); // the token (waits its turn) and a query
            client.queryStatus(FakeDarajaTest.CHECKOUT);
            client.queryStatus(FakeDarajaTest.CHECKOUT); // the shared burst of four is used up: the token took one
            ProviderException refused = assertThrows(ProviderException.class,
                    () -> client.queryStatus(FakeDarajaTest.CHECKOUT));
            assertEquals(Kind.BUSY, refused.kind());
            assertTrue(sleeper.sleeps().isEmpty(), "a query never waits: " + sleeper.sleeps());
            assertEquals(3, daraja.received(FakeDaraja.QUERY).size(), "the refused query was not sent");

            client.push(FakeDarajaTest.push(10)); // waits for the next turn of the shared budget, no more
            assertEquals(List.of(Duration.ofMillis(25)), sleeper.sleeps());
            assertEquals(1, daraja.received(FakeDaraja.PUSH).size());
        }
    }

    @Test
    void queriesAreRefusedOnceTheirOwnBudgetIsUsedWhilePushesStillGo() throws Exception {
        try (FakeDaraja daraja = new FakeDaraja()) {
            daraja.reply(FakeDaraja.QUERY, Reply.json(200, "{\"ResultCode\":\"4999\"}"));
            daraja.reply(FakeDaraja.PUSH, Reply.json(200, FakeDarajaTest.ACCEPTED));
            DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(),
                    Map.of("requestsPerSecond", 100, "statusQueriesPerSecond", 20)));
            DarajaClient client = new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);

            client.queryStatus(FakeDarajaTest.CHECKOUT);
            client.queryStatus(FakeDarajaTest.CHECKOUT); // the query budget's burst of two
            assertThrows(ProviderException.class, () -> client.queryStatus(FakeDarajaTest.CHECKOUT));
            for (int i = 0; i < 5; i++) {
                client.push(FakeDarajaTest.push(10 + i)); // the shared burst still has room
            }
            assertTrue(sleeper.sleeps().isEmpty(), "pushes waited: " + sleeper.sleeps());
            clock.advance(Duration.ofSeconds(1));
            client.queryStatus(FakeDarajaTest.CHECKOUT); // a second later the budget is back
            assertEquals(3, daraja.received(FakeDaraja.QUERY).size());
        }
    }
}
