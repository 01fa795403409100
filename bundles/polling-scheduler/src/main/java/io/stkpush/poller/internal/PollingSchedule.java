package io.stkpush.poller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When M-Pesa is asked how a push stands. The operator waits {@code interval} x {@code attempts} (96 s as shipped),
 * reading stkpush, not M-Pesa. M-Pesa is asked only once the push's callback is overdue: first {@code firstQuery}
 * after sending, then every {@code queryInterval} while the operator waits, then after the delays of
 * {@code backoff} in turn (which one by the time since the window's end), the last one repeating, until
 * {@code giveUpAfter} has passed since the push was sent. Then polling stops and the push needs review. Most pushes are settled by their callback before
 * their first query, so at a month-end peak the status queries stay a small share of Daraja's rate limit.
 *
 * <p>Times here are exact; the poller spreads them with {@code jitterPercent} so that pushes sent together are not
 * all asked about in the same second.
 *
 * @param interval      the operator's dialog's pace: with {@code attempts}, the waiting window
 * @param attempts      how many of those make the waiting window
 * @param firstQuery    delay between sending a push and its first status query: when its callback is overdue
 * @param queryInterval time between status queries while the operator waits
 * @param backoff       the reconciliation delays after the window
 * @param giveUpAfter   how long after sending a push is still asked about
 * @param jitterPercent how much each delay is spread, up or down, in percent (0 to 50)
 */
record PollingSchedule(Duration interval, int attempts, Duration firstQuery, Duration queryInterval,
        List<Duration> backoff, Duration giveUpAfter, int jitterPercent) {

    PollingSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(firstQuery, "firstQuery");
        Objects.requireNonNull(queryInterval, "queryInterval");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        backoff = List.copyOf(backoff);
        if (!positive(interval) || attempts < 1 || !positive(firstQuery) || !positive(queryInterval)
                || backoff.isEmpty() || !positive(giveUpAfter)
                || !backoff.stream().allMatch(PollingSchedule::positive)) {
            throw new IllegalArgumentException("intervalSeconds, attempts, firstQuerySeconds, queryIntervalSeconds,"
                    + " reconciliationBackoff and giveUpAfterHours must all be positive");
        }
        if (jitterPercent < 0 || jitterPercent > 50) {
            throw new IllegalArgumentException("jitterPercent must be 0 to 50");
        }
    }

    /** As shipped: {@link PollerConfig}'s defaults (window 8 s x 12, first query at 45 s, every 15 s, the back-off). */
    static final PollingSchedule SHIPPED = from(Shipped.class.getAnnotation(PollerConfig.class));

    /** Carries {@link PollerConfig} with nothing set, so reading the annotation gives its declared defaults. */
    @PollerConfig
    private static final class Shipped {
    }

    /** How long the operator waits: the interval times the attempts (96 s as shipped). */
    Duration waitingWindow() {
        return interval.multipliedBy(attempts);
    }

    /** Delay between the provider accepting a push and its first query: when its callback is overdue. */
    Duration firstPoll() {
        return firstQuery;
    }

    /**
     * The next query after one made at {@code now}, before jitter.
     *
     * @param sentAt when the push was sent
     * @return when to ask next, or {@code null}: stop, the push needs review
     */
    Instant next(Instant sentAt, Instant now) {
        Instant deadline = sentAt.plus(giveUpAfter);
        if (!now.isBefore(deadline)) {
            return null;
        }
        Instant windowEnd = sentAt.plus(waitingWindow());
        Instant next = now.isBefore(windowEnd) ? now.plus(queryInterval) : afterTheWindow(windowEnd, now);
        // one last look at the limit rather than stopping short of it
        return next.isAfter(deadline) ? deadline : next;
    }

    /**
     * After the window: the back-off step that {@code now} falls in (the steps laid end to end from the window's
     * end, the last one repeating), and that step's delay from now. Counted by time, so a query that came late
     * (deferred, jittered) moves the next one along with it rather than leaving it a moment away.
     */
    private Instant afterTheWindow(Instant windowEnd, Instant now) {
        Instant stepEnds = windowEnd;
        for (Duration delay : backoff) {
            stepEnds = stepEnds.plus(delay);
            if (stepEnds.isAfter(now)) {
                return now.plus(delay);
            }
        }
        return now.plus(backoff.get(backoff.size() - 1));
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
                Duration.ofSeconds(config.firstQuerySeconds()), Duration.ofSeconds(config.queryIntervalSeconds()),
                parseBackoff(config.reconciliationBackoff()), Duration.ofHours(config.giveUpAfterHours()),
                config.jitterPercent());
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
