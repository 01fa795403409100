package io.stkpush.poller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stkpush.testing.Configs;

class PushScheduleComponentTest {

    private static PollerConfig config(Map<String, Object> values) {
        return Configs.of(PollerConfig.class, values);
    }

    private static void assertSchedule(long windowSeconds, long firstPollSeconds, PushScheduleComponent schedule) {
        assertEquals(Duration.ofSeconds(windowSeconds), schedule.waitingWindow(), "waiting window");
        assertEquals(Duration.ofSeconds(firstPollSeconds), schedule.firstPoll(), "first poll");
    }

    @Test
    void asShippedTheOperatorWaits96SecondsAndTheFirstQueryIsAfter45() {
        assertSchedule(96, 45, new PushScheduleComponent(config(Map.of())));
    }

    @Test
    void aChangedWindowAndFirstQueryApplyInPlace() {
        PushScheduleComponent schedule = new PushScheduleComponent(config(Map.of()));

        schedule.modified(config(Map.of("intervalSeconds", 5, "attempts", 4, "firstQuerySeconds", 12)));

        assertSchedule(20, 12, schedule);
    }

    @Test
    void aBadChangeKeepsTheScheduleThatApplies() {
        PushScheduleComponent schedule = new PushScheduleComponent(config(Map.of("intervalSeconds", 5, "attempts", 4,
                "firstQuerySeconds", 3)));

        schedule.modified(config(Map.of("intervalSeconds", 0)));
        assertSchedule(20, 3, schedule);

        schedule.modified(config(Map.of("intervalSeconds", 10, "reconciliationBackoff", "1m,5m")));
        assertSchedule(20, 3, schedule);

        schedule.modified(config(Map.of("firstQuerySeconds", 0)));
        assertSchedule(20, 3, schedule);
    }

    @Test
    void aBadConfigurationAtStartKeepsTheShippedSchedule() {
        assertSchedule(96, 45, new PushScheduleComponent(config(Map.of("attempts", 0))));
    }
}
