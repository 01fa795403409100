package io.stkpush.ledger.internal;

import java.time.Instant;

import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerOverview;

/**
 * The ledger's work in progress, counted for the administrator: three reads on one connection, no writes, no
 * locks, so counting never holds up a settlement or a lease.
 */
final class JdbcLedgerOverview implements LedgerOverview {

    private final LedgerDatabase database;

    JdbcLedgerOverview(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public LedgerCounts counts() {
        Instant now = database.now();
        return database.inTransaction("count the ledger's work", c -> {
            PushTable.WorkCounts pushes = PushTable.workCounts(c);
            long unredeemed = PaymentTable.countUnredeemed(c);
            PushTable.DueQuery due = PushTable.mostOverdueQuery(c, now).orElse(null);
            return new LedgerCounts(pushes.waiting(), pushes.reconciling(), pushes.needingReview(), unredeemed,
                    due == null ? null : due.push(), due == null ? null : due.dueAt(), now);
        });
    }
}
