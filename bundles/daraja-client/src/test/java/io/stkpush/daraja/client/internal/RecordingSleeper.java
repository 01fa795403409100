package io.stkpush.daraja.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stkpush.testing.MutableClock;

/** Records every wait and moves the test clock instead of sleeping. */
final class RecordingSleeper implements Sleeper {

    private final MutableClock clock;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    RecordingSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        clock.advance(duration);
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
