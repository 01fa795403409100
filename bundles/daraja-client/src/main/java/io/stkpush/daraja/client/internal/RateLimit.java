package io.stkpush.daraja.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;

/**
 * A client-side requests-per-second limit, so a burst does not trip Daraja's spike arrest. A token bucket holding
 * one second's worth of requests. {@link #acquire()} waits for a turn, but never longer than {@code maxWait};
 * {@link #tryAcquire()} takes a turn only if one is free now, for callers that would rather come back later.
 */
final class RateLimit {

    private final Clock clock;
    private final Sleeper sleeper;
    private final double perSecond;
    private final Duration maxWait;

    private double available;
    private Instant refilledAt;

    RateLimit(int requestsPerSecond, Duration maxWait, Clock clock, Sleeper sleeper) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerSecond must be at least 1");
        }
        this.perSecond = requestsPerSecond;
        this.maxWait = maxWait;
        this.clock = clock;
        this.sleeper = sleeper;
        this.available = requestsPerSecond;
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
        available = Math.min(perSecond, available + elapsedNanos * perSecond / 1e9);
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
