package io.stkpush.api;

import java.time.Instant;

/**
 * Which payments to list, newest first. Every criterion is optional ({@code null} / {@code false} = any).
 *
 * @param subscriberId   only payments linked to (or meant for) this subscriber
 * @param unredeemedOnly only payments not linked to a subscriber
 * @param from           paid at or after this instant
 * @param to             paid before this instant
 * @param limit          at most this many (1..1000)
 */
public record PaymentQuery(SubscriberId subscriberId, boolean unredeemedOnly, Instant from, Instant to, int limit) {

    public static final int MAX_LIMIT = 1000;

    public PaymentQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'to' is before 'from'");
        }
    }

    public static PaymentQuery all() {
        return new PaymentQuery(null, false, null, null, 100);
    }

    public static PaymentQuery unredeemed() {
        return new PaymentQuery(null, true, null, null, 100);
    }

    public static PaymentQuery ofSubscriber(SubscriberId subscriberId) {
        return new PaymentQuery(subscriberId, false, null, null, 100);
    }

    public PaymentQuery between(Instant newFrom, Instant newTo) {
        return new PaymentQuery(subscriberId, unredeemedOnly, newFrom, newTo, limit);
    }
}
