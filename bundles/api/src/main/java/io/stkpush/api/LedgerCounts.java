package io.stkpush.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The ledger's work in progress, counted at one moment.
 *
 * @param waiting          pushes an operator is waiting on (SENDING or WAITING)
 * @param reconciling      pushes no longer waited on (timed out, stopped) still without an outcome, still queried
 * @param needingReview    pushes without an outcome that polling gave up on: an operator must look
 * @param unredeemed       payments not linked to a subscriber
 * @param oldestDuePush    the push whose status query is most overdue, or {@code null} when none is due
 * @param oldestDuePollAt  when that query was due, or {@code null}
 * @param at               when the counts were read (the ledger's clock)
 * @since 2.1
 */
public record LedgerCounts(long waiting, long reconciling, long needingReview, long unredeemed, PushId oldestDuePush,
        Instant oldestDuePollAt, Instant at) {

    /** How far the poller is behind: zero when no query is overdue. */
    public Duration pollerLag() {
        if (oldestDuePollAt == null || !oldestDuePollAt.isBefore(at)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestDuePollAt, at);
    }
}
