package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stkpush.testing.Configs;

import org.junit.jupiter.api.Test;

class PollingScheduleTest {

    private static final Instant SENT = Instant.parse("2026-03-02T09:00:00Z");
    private final PollingSchedule schedule = PollingSchedule.from(Configs.of(PollerConfig.class, Map.of()));

    private long delayAfterAttempt(int attempt, Instant now) {
        return Duration.between(now, schedule.next(attempt - 1, SENT, now)).toSeconds();
    }

    @Test
    void quickAttemptsThenTheBackOffWithTheLastDelayRepeating() {
        Instant now = SENT.plusSeconds(100);
        for (int attempt = 1; attempt <= 11; attempt++) {
            assertEquals(8, delayAfterAttempt(attempt, now), "attempt " + attempt);
        }
        assertEquals(60, delayAfterAttempt(12, now));
        assertEquals(300, delayAfterAttempt(13, now));
        assertEquals(1800, delayAfterAttempt(14, now));
        assertEquals(7200, delayAfterAttempt(15, now));
        assertEquals(86400, delayAfterAttempt(16, now));
        assertEquals(86400, delayAfterAttempt(40, now));
    }

    @Test
    void theLastQueryIsAtTheLimitAndThenPollingStops() {
        Instant limit = SENT.plus(Duration.ofHours(72));

        assertEquals(limit, schedule.next(20, SENT, limit.minusSeconds(10)));
        assertNull(schedule.next(21, SENT, limit));
        assertNull(schedule.next(21, SENT, limit.plusSeconds(1)));
    }

    @Test
    void theWaitingWindowEndsWithTheLastQuickQuery() {
        Instant query = SENT.plus(schedule.firstPoll());
        for (int made = 1; made < schedule.attempts(); made++) {
            query = schedule.next(made - 1, SENT, query);
        }

        assertEquals(SENT.plus(schedule.waitingWindow()), query);
        assertEquals(SENT.plusSeconds(96), query, "12 queries 8 s apart, the first 8 s after sending");
    }

    @Test
    void theShippedScheduleIsTheConfigurationsDefaults() {
        assertEquals(schedule, PollingSchedule.SHIPPED);
    }

    @Test
    void theBackOffIsReadAsSecondsSeparatedByCommas() {
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(300)), PollingSchedule.parseBackoff(" 60, 300 "));
        assertThrows(IllegalArgumentException.class, () -> PollingSchedule.parseBackoff("1m,5m"));
        assertThrows(IllegalArgumentException.class,
                () -> new PollingSchedule(Duration.ofSeconds(8), 12, List.of(), Duration.ofHours(72)));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedule(Duration.ofSeconds(8), 12,
                PollingSchedule.parseBackoff("60,0"), Duration.ofHours(72)));
    }
}
