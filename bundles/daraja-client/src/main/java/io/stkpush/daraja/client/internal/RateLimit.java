package io.stkpush.daraja.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;

/**
 * A client-side requests-per-second limit, so a burst does not trip Daraja's spike arrest. A token bucket that
 * refills at {@code requestsPerSecond} and holds a tenth of that (at least one): turns are spaced out rather than
 * spent a second's worth at once, so no clock second carries more than {@code requestsPerSecond} plus that small
 * burst. (A bucket of a whole second let up to twice the limit through across a second's edge when calls bunched
 * up, and Daraja answered spike arrest.) {@link #acquire()} waits for a turn, but never longer than
 * {@code maxWait}; {@link #tryAcquire()} takes a turn only if one is free now, for callers that would rather come
 * back later.
 */
final class RateLimit {

    private final Clock clock;
    private final Sleeper sleeper;
    private final double perSecond;
    private final double burst;
    private final Duration maxWait;

    private double available;
    private Instant refilledAt;

    RateLimit(int requestsPerSecond, Duration maxWait, Clock clock, Sleeper sleeper) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerSecond must be at least 1");
        }
        this.perSecond = requestsPerSecond;
        this.burst = burst(requestsPerSecond);
        this.maxWait = maxWait;
        this.clock = clock;
        this.sleeper = sleeper;
        this.available = burst;
        this.refilledAt = clock.instant();
    }

    /**
     * Returns when the caller may send.
     *
     * @throws ProviderException {@code BUSY} when its turn is further away than the bounded wait
     */
    void acquire() throws ProviderException {
        Duration wait = reserve();
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                    "Interrupted while waiting to call M-Pesa; nothing was sent.", e);
        }
    }

    /** How many turns may go at once: a tenth of a second's worth, at least one. */
    static int burst(int requestsPerSecond) {
        return Math.max(1, requestsPerSecond / 10);
    }

    /** Takes a turn if one is free now; never waits and never books a later turn. */
    synchronized boolean tryAcquire() {
        refill();
        if (available >= 1) {
            available -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        Instant now = clock.instant();
        long elapsedNanos = Math.max(0, Duration.between(refilledAt, now).toNanos());
        available = Math.min(burst, available + elapsedNanos * perSecond / 1e9);
        refilledAt = now;
    }

    /** Takes a turn now or later; a later turn is booked by letting the bucket go below zero. */
    private synchronized Duration reserve() throws ProviderException {
        refill();
        if (available >= 1) {
            available -= 1;
            return Duration.ZERO;
        }
        Duration wait = Duration.ofNanos((long) Math.ceil((1 - available) / perSecond * 1e9));
        if (wait.compareTo(maxWait) > 0) {
            throw new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                    "Too many M-Pesa requests at once; nothing was sent. Try again in a moment.", null);
        }
        available -= 1;
        return wait;
    }
}
