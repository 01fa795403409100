package io.stkpush.ledger.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.UnknownPaymentException;

/** The provider journal on plain JDBC: each entry is written, and marked, in a statement of its own. */
final class JdbcProviderJournal implements ProviderJournal {

    private final LedgerDatabase database;

    JdbcProviderJournal(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public long journal(ProviderEvent event) {
        Instant now = database.now();
        return database.oneStatement("journal the provider message", c -> JournalTable.insert(c, event, now));
    }

    @Override
    public long journal(ProviderEvent event, ProviderEvent.Disposition disposition, String note) {
        Instant now = database.now();
        return database.oneStatement("journal the provider message",
                c -> JournalTable.insert(c, event, now, disposition, note));
    }

    @Override
    public void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note) {
        Instant now = database.now();
        boolean marked = database.oneStatement("note what was done with the provider message",
                c -> JournalTable.mark(c, journalId, disposition, note, now));
        if (!marked) {
            throw new UnknownPaymentException("No journal entry " + journalId + ".");
        }
    }

    @Override
    public List<JournalEntry> recentJournal(int limit) {
        int bounded = Math.max(1, Math.min(limit, PaymentQuery.MAX_LIMIT));
        return database.oneStatement("read the journal", c -> JournalTable.recent(c, bounded));
    }

    @Override
    public List<JournalEntry> unprocessed(Set<ProviderEvent.Channel> channels, Instant receivedBefore, int max) {
        int bounded = Math.max(1, Math.min(max, PaymentQuery.MAX_LIMIT));
        return database.oneStatement("read the unprocessed journal entries",
                c -> JournalTable.unprocessed(c, channels, receivedBefore, bounded));
    }
}
