package io.stkpush.poller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a push is asked about next: every {@code interval} for the first {@code attempts} queries (while the
 * operator waits), then after each delay of {@code backoff} in turn, the last one repeating, until
 * {@code giveUpAfter} has passed since the push was sent. Then polling stops and the push needs review. The
 * quick queries also make the operator's waiting window ({@link #waitingWindow()}), so the window ends with the
 * last of them.
 *
 * @param interval    time between the quick queries
 * @param attempts    how many quick queries
 * @param backoff     the reconciliation delays that follow
 * @param giveUpAfter how long after sending a push is still asked about
 */
record PollingSchedule(Duration interval, int attempts, List<Duration> backoff, Duration giveUpAfter) {

    PollingSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        backoff = List.copyOf(backoff);
        if (!positive(interval) || attempts < 1 || backoff.isEmpty() || !positive(giveUpAfter)
                || !backoff.stream().allMatch(PollingSchedule::positive)) {
            throw new IllegalArgumentException("intervalSeconds, attempts, reconciliationBackoff and giveUpAfterHours"
                    + " must all be positive");
        }
    }

    /** As shipped: {@link PollerConfig}'s defaults (8 s x 12, the back-off, 72 h). */
    static final PollingSchedule SHIPPED = from(Shipped.class.getAnnotation(PollerConfig.class));

    /** Carries {@link PollerConfig} with nothing set, so reading the annotation gives its declared defaults. */
    @PollerConfig
    private static final class Shipped {
    }

    /** How long the operator waits: the quick queries' interval times their number (96 s as shipped). */
    Duration waitingWindow() {
        return interval.multipliedBy(attempts);
    }

    /** Delay between the provider accepting a push and its first query: one interval (8 s as shipped). */
    Duration firstPoll() {
        return interval;
    }

    /**
     * The next query after one made at {@code now}.
     *
     * @param attemptsBefore queries made before this one
     * @param sentAt         when the push was sent
     * @return when to ask next, or {@code null}: stop, the push needs review
     */
    Instant next(int attemptsBefore, Instant sentAt, Instant now) {
        Instant deadline = sentAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return null;
        }
        int made = attemptsBefore + 1;
        Duration delay = made < attempts ? interval : backoff.get(Math.min(made - attempts, backoff.size() - 1));
        Instant next = now.plus(delay);
        // one last look at the limit rather than stopping short of it
        return next.isAfter(deadline) ? deadline : next;
    }

    /** Seconds, comma separated: {@code "60,300,1800"}. */
    static List<Duration> parseBackoff(String text) {
        List<Duration> delays = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                delays.add(Duration.ofSeconds(Long.parseLong(part.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("reconciliationBackoff must be seconds separated by commas,"
                        + " like 60,300,1800");
            }
        }
        return delays;
    }

    /** @throws IllegalArgumentException naming the bad keys */
    static PollingSchedule from(PollerConfig config) {
        return new PollingSchedule(Duration.ofSeconds(config.intervalSeconds()), config.attempts(),
                parseBackoff(config.reconciliationBackoff()), Duration.ofHours(config.giveUpAfterHours()));
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
