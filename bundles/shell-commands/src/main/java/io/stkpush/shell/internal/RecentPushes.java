package io.stkpush.shell.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushStatus;

/**
 * The pushes the shell can list through {@link PushPayments}. io.stkpush.api 2.1 has no query for recent pushes,
 * so "recent" is what the front desk reaches: the pushes behind the latest payments, and the pushes left for
 * review. A push that ended without a payment (failed, cancelled, timed out, stopped) or is still waiting is
 * listed only while it is left for review; {@code stkpush:status} shows any push by its id.
 */
final class RecentPushes {

    /** The most rows a list asks for (as {@link PaymentQuery#MAX_LIMIT}). */
    static final int MAX = PaymentQuery.MAX_LIMIT;

    /** How many of the latest payments are read back to their pushes: enough for a filter to find some. */
    private static final int PAYMENTS_SCANNED = 200;

    private RecentPushes() {
    }

    /** Newest first. */
    static List<Push> recent(PushPayments pushes, PushStatus status, int limit) {
        Map<PushId, Push> found = new LinkedHashMap<>();
        int scanned = Math.min(MAX, Math.max(PAYMENTS_SCANNED, limit));
        for (Payment payment : pushes.payments(new PaymentQuery(null, false, null, null, scanned))) {
            if (payment.pushId() != null && !found.containsKey(payment.pushId())) {
                pushes.find(payment.pushId()).ifPresent(push -> found.put(push.id(), push));
            }
        }
        for (Push push : pushes.pushesNeedingReview(MAX)) {
            found.putIfAbsent(push.id(), push);
        }
        return found.values().stream().filter(having(status))
                .sorted(Comparator.comparing(Push::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit).toList();
    }

    /** Left for review, oldest first (the order an operator works through them). */
    static List<Push> needingReview(PushPayments pushes, PushStatus status, int limit) {
        return pushes.pushesNeedingReview(MAX).stream().filter(having(status)).limit(limit).toList();
    }

    private static Predicate<Push> having(PushStatus status) {
        return push -> status == null || push.status() == status;
    }
}
