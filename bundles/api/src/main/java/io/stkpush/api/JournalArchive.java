package io.stkpush.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves old entries out of the provider journal, when an administrator asks: otherwise the journal keeps every raw
 * provider message for good, and nothing is ever deleted by default. An entry may be archived when it was received
 * before the cut-off, something was done with it (it is not {@link ProviderEvent.Disposition#RECEIVED}), and its
 * push, if it names one the ledger knows, has an outcome: what the spool, the journal janitor, reconciliation and
 * review may still read stays. The caller writes what it takes somewhere durable before it removes it.
 *
 * @since 2.7
 */
@ProviderType
public interface JournalArchive {

    /** How many entries received before {@code cutoff} may be archived, and how many of them stay for now. */
    ArchiveCount countArchivable(Instant cutoff);

    /** Entries that may be archived before {@code cutoff}, with an id above {@code afterId}, in id order. */
    List<JournalEntry> archivable(Instant cutoff, long afterId, int max);

    /**
     * Removes from the journal those of {@code ids} that may still be archived before {@code cutoff}, in one
     * transaction.
     *
     * @return how many were removed
     */
    int removeArchived(Instant cutoff, Collection<Long> ids);

    /**
     * @param archivable entries received before the cut-off that may be archived
     * @param kept       entries received before the cut-off that stay: not processed yet, or their push has no outcome
     */
    record ArchiveCount(long archivable, long kept) {
    }
}
