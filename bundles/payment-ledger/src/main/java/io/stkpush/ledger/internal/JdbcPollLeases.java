package io.stkpush.ledger.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.stkpush.api.PollLeases;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;

/**
 * Status-query leases and the window sweep on plain JDBC. A lease is a row lock while it is taken and a
 * conditional update that holds it afterwards, so two pollers, on one node or on two sharing one PostgreSQL, never
 * query the same push at once.
 */
final class JdbcPollLeases implements PollLeases {

    private final LedgerDatabase database;

    JdbcPollLeases(LedgerDatabase database) {
        this.database = database;
    }

    /** Three statements however many pushes are due: lock them, lease them, read those leased. */
    @Override
    public List<Push> leaseDuePolls(String owner, int max, Duration leaseFor) {
        Objects.requireNonNull(owner, "owner");
        if (max < 1) {
            return List.of();
        }
        Instant now = database.now();
        Instant until = now.plus(leaseFor);
        return database.inTransaction("lease due status queries", c -> {
            List<UUID> due = PushTable.lockDuePolls(c, max, now);
            if (due.isEmpty()) {
                return List.of();
            }
            PushTable.lease(c, due, owner, now, until);
            return PushTable.leased(c, due, owner, until);
        });
    }

    @Override
    public Push recordPollAttempt(PushId id, String owner, Instant nextPollAt) {
        Instant now = database.now();
        return database.inTransaction("record the status query", c -> {
            PushTable.recordPollAttempt(c, id, owner, nextPollAt, now);
            return PushTable.existing(c, id);
        });
    }

    @Override
    public Push deferPoll(PushId id, String owner, Instant nextPollAt) {
        Objects.requireNonNull(nextPollAt, "nextPollAt");
        Instant now = database.now();
        return database.inTransaction("put off the status query", c -> {
            PushTable.deferPoll(c, id, owner, nextPollAt, now);
            return PushTable.existing(c, id);
        });
    }

    @Override
    public List<Push> pushesPastTheirWindow(int max) {
        if (max < 1) {
            return List.of();
        }
        Instant now = database.now();
        return database.oneStatement("read the pushes past their window", c -> PushTable.pastTheirWindow(c, now, max));
    }
}
