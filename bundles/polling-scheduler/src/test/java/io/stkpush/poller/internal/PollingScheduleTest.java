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

    /** Seconds from a query made {@code at} seconds after sending to the next one. */
    private long delayAfterQueryAt(long at) {
        Instant now = SENT.plusSeconds(at);
        return Duration.between(now, schedule.next(SENT, now)).toSeconds();
    }

    @Test
    void theFirstQueryWaitsUntilTheCallbackIsOverdueThenEvery15SecondsWhileTheOperatorWaits() {
        assertEquals(Duration.ofSeconds(45), schedule.firstPoll());
        assertEquals(Duration.ofSeconds(96), schedule.waitingWindow(), "8 s x 12: the guide's window");
        assertEquals(15, delayAfterQueryAt(45));
        assertEquals(15, delayAfterQueryAt(60));
        assertEquals(15, delayAfterQueryAt(95));
    }

    @Test
    void afterTheWindowTheBackOffStepIsChosenByTheTimeSinceItsEndWithTheLastDelayRepeating() {
        Instant windowEnd = SENT.plusSeconds(96);
        assertEquals(windowEnd.plusSeconds(60), schedule.next(SENT, windowEnd));
        assertEquals(windowEnd.plusSeconds(360), schedule.next(SENT, windowEnd.plusSeconds(60)));
        assertEquals(windowEnd.plusSeconds(2160), schedule.next(SENT, windowEnd.plusSeconds(360)));
        assertEquals(windowEnd.plusSeconds(9360), schedule.next(SENT, windowEnd.plusSeconds(2160)));
        Instant lastFixed = windowEnd.plusSeconds(9360 + 86400);
        assertEquals(lastFixed, schedule.next(SENT, windowEnd.plusSeconds(9360)));
        assertEquals(lastFixed.plusSeconds(86400), schedule.next(SENT, lastFixed), "the last delay repeats");
    }

    @Test
    void aQueryThatCameLateMovesTheNextOneAlongInsteadOfLeavingItAMomentAway() {
        Instant windowEnd = SENT.plusSeconds(96);
        // deferred or jittered to just before the end of the first step: the next is a whole step later
        assertEquals(windowEnd.plusSeconds(59 + 60), schedule.next(SENT, windowEnd.plusSeconds(59)));
        assertEquals(windowEnd.plusSeconds(10 + 60), schedule.next(SENT, windowEnd.plusSeconds(10)));
    }

    @Test
    void theShippedScheduleAsksAboutAFewPushesOnlyAndNeverInTheFirst45Seconds() {
        // a push whose callback never comes: 45, 60, 75, 90 s, then 96 + 60 s
        Instant query = SENT.plus(schedule.firstPoll());
        int inTheWindow = 0;
        while (query.isBefore(SENT.plus(schedule.waitingWindow()))) {
            inTheWindow++;
            query = schedule.next(SENT, query);
        }
        assertEquals(4, inTheWindow);
        assertEquals(SENT.plusSeconds(105 + 60), schedule.next(SENT, SENT.plusSeconds(105)));
    }

    @Test
    void theLastQueryIsAtTheLimitAndThenPollingStops() {
        Instant limit = SENT.plus(Duration.ofHours(72));

        assertEquals(limit, schedule.next(SENT, limit.minusSeconds(10)));
        assertNull(schedule.next(SENT, limit));
        assertNull(schedule.next(SENT, limit.plusSeconds(1)));
    }

    @Test
    void theShippedScheduleIsTheConfigurationsDefaults() {
        assertEquals(schedule, PollingSchedule.SHIPPED);
        assertEquals(20, schedule.jitterPercent());
    }

    @Test
    void theBackOffIsReadAsSecondsSeparatedByCommasAndEverythingMustBePositive() {
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(300)), PollingSchedule.parseBackoff(" 60, 300 "));
        assertThrows(IllegalArgumentException.class, () -> PollingSchedule.parseBackoff("1m,5m"));
        Duration s8 = Duration.ofSeconds(8);
        Duration h72 = Duration.ofHours(72);
        List<Duration> backoff = List.of(Duration.ofSeconds(60));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedule(s8, 12, s8, s8, List.of(), h72, 0));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedule(s8, 12, s8, s8,
                PollingSchedule.parseBackoff("60,0"), h72, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new PollingSchedule(s8, 12, Duration.ZERO, s8, backoff, h72, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new PollingSchedule(s8, 12, s8, Duration.ZERO, backoff, h72, 0));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedule(s8, 12, s8, s8, backoff, h72, 51));
        assertThrows(IllegalArgumentException.class, () -> new PollingSchedule(s8, 12, s8, s8, backoff, h72, -1));
    }
}
