package io.stkpush.shell.internal;

import java.util.List;
import java.util.function.Predicate;

import io.stkpush.api.PaymentQuery;
import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushStatus;

/** The pushes left for review as the shell lists them, and the most rows a list asks for. */
final class RecentPushes {

    /** The most rows a list asks for (as {@link PaymentQuery#MAX_LIMIT}). */
    static final int MAX = PaymentQuery.MAX_LIMIT;

    private RecentPushes() {
    }

    /** Left for review, oldest first (the order an operator works through them). */
    static List<Push> needingReview(PushPayments pushes, PushStatus status, int limit) {
        return pushes.pushesNeedingReview(MAX).stream().filter(having(status)).limit(limit).toList();
    }

    private static Predicate<Push> having(PushStatus status) {
        return push -> status == null || push.status() == status;
    }
}
