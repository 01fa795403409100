package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void oneSecondsWorthGoesAtOnceThenEachWaitsItsTurn() throws Exception {
        RateLimit limit = new RateLimit(5, Duration.ofSeconds(5), clock, sleeper);
        for (int i = 0; i < 5; i++) {
            limit.acquire();
        }
        assertTrue(sleeper.sleeps().isEmpty());
        limit.acquire();
        limit.acquire();
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(200)), sleeper.sleeps());
    }

    @Test
    void tokensComeBackWithTime() throws Exception {
        RateLimit limit = new RateLimit(5, Duration.ofSeconds(5), clock, sleeper);
        for (int i = 0; i < 5; i++) {
            limit.acquire();
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            limit.acquire();
        }
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
    void tokenPushAndQueryShareOneLimit() throws Exception {
        try (FakeDaraja daraja = new FakeDaraja()) {
            daraja.reply(FakeDaraja.QUERY, Reply.json(200, "{\"ResultCode\":\"4999\"}"));
            daraja.reply(FakeDaraja.PUSH, Reply.json(200, FakeDarajaTest.ACCEPTED));
            DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(),
                    Map.of("requestsPerSecond", 2)));
            DarajaClient client = new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);

            client.queryStatus(FakeDarajaTest.CHECKOUT); // token + query: the second's worth
            client.push(FakeDarajaTest.push(10)); // waits half a second
            client.queryStatus(FakeDarajaTest.CHECKOUT); // and another half
            assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500)), sleeper.sleeps());
        }
    }
}
