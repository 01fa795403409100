package io.stkpush.ledger.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.stkpush.api.JournalArchive;
import io.stkpush.api.JournalEntry;

/** The journal archive on plain JDBC: reads in id order, removes in one transaction per call. */
final class JdbcJournalArchive implements JournalArchive {

    /** Ids removed per statement: a batch of the archive command is at most this. */
    static final int MAX_BATCH = 1000;

    private final LedgerDatabase database;

    JdbcJournalArchive(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public ArchiveCount countArchivable(Instant cutoff) {
        return database.oneStatement("count the journal entries to archive",
                c -> JournalTable.countArchivable(c, cutoff));
    }

    @Override
    public List<JournalEntry> archivable(Instant cutoff, long afterId, int max) {
        int bounded = Math.max(1, Math.min(max, MAX_BATCH));
        return database.oneStatement("read the journal entries to archive",
                c -> JournalTable.archivable(c, cutoff, afterId, bounded));
    }

    @Override
    public int removeArchived(Instant cutoff, Collection<Long> ids) {
        List<Long> all = List.copyOf(ids);
        return database.inTransaction("remove archived journal entries", c -> {
            int removed = 0;
            for (int from = 0; from < all.size(); from += MAX_BATCH) {
                removed += JournalTable.removeArchived(c, cutoff, all.subList(from, Math.min(all.size(),
                        from + MAX_BATCH)));
            }
            return removed;
        });
    }
}
