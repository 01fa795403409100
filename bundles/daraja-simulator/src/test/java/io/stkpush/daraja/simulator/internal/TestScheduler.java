package io.stkpush.daraja.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-thread scheduler that remembers every delayed task, so a test can check the delay and "let the time
 * pass" by firing the tasks itself instead of sleeping. Fired tasks that later come due do nothing: a prompt
 * ends only once.
 */
final class TestScheduler extends ScheduledThreadPoolExecutor {

    record Delayed(long delayMillis, Runnable task) {
    }

    private final List<Delayed> delayed = new ArrayList<>();

    TestScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        synchronized (delayed) {
            delayed.add(new Delayed(unit.toMillis(delay), command));
        }
        return super.schedule(command, delay, unit);
    }

    /** The base class executes through schedule(); immediate work is not "delayed" and must not be re-fired. */
    @Override
    public void execute(Runnable command) {
        super.schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    List<Long> delays() {
        synchronized (delayed) {
            return delayed.stream().map(Delayed::delayMillis).toList();
        }
    }

    /** Runs every delayed task now, on the calling thread. */
    void fireAll() {
        List<Delayed> due;
        synchronized (delayed) {
            due = List.copyOf(delayed);
        }
        due.forEach(d -> d.task().run());
    }

    /** Waits until every task queued so far (e.g. callback deliveries) has run. */
    void drain() {
        for (int i = 0; i < 2; i++) { // twice: a running task may queue one more
            try {
                submit(() -> { }).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError("scheduler did not drain", e);
            }
        }
    }
}
