package io.stkpush.renewal.internal;

import java.time.Duration;

/**
 * How renewals are carried out.
 *
 * @param sweepEvery  how often pending renewals are looked at (events make it faster; the sweep makes it sure)
 * @param firstRetry  the wait before the host is asked again after it failed, doubling each time
 * @param maxRetry    the longest wait between two attempts
 * @param attempts    calls to the host before the renewal is FAILED and left for an operator
 * @param leaseFor    how long one caller holds a renewal while calling the host
 * @param notSentAfter how long a renewal whose push the ledger does not know is given before it counts as not sent
 */
record RenewalSettings(Duration sweepEvery, Duration firstRetry, Duration maxRetry, int attempts, Duration leaseFor,
        Duration notSentAfter) {

    static final RenewalSettings DEFAULTS = new RenewalSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 8, Duration.ofMinutes(2), Duration.ofMinutes(2));

    static RenewalSettings of(RenewalConfig config) {
        return new RenewalSettings(Duration.ofMillis(Math.max(50, config.sweepMillis())),
                Duration.ofSeconds(Math.max(1, config.retryFirstSeconds())),
                Duration.ofSeconds(Math.max(1, config.retryMaxSeconds())), Math.max(1, config.attempts()),
                Duration.ofSeconds(Math.max(5, config.leaseSeconds())), DEFAULTS.notSentAfter());
    }

    /** The wait after the {@code failedAttempts}-th failure: first, doubled each time, at most max. */
    Duration retryAfter(int failedAttempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
