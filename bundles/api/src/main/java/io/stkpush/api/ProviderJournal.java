package io.stkpush.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The raw journal of provider messages: every callback, confirmation and status answer is written here, as
 * received, before anything is done with it. Answer paths reach it through
 * {@link ProviderAnswers#journal(ProviderEvent)}, which also notes what was done; review reads it.
 */
@ProviderType
public interface ProviderJournal {

    /** Journals a raw provider message, in its own transaction, before anything is done with it. */
    long journal(ProviderEvent event);

    /**
     * Journals a raw provider message already handled (refused, noted) with what was done with it, in one write.
     * Since 2.6.
     */
    long journal(ProviderEvent event, ProviderEvent.Disposition disposition, String note);

    /**
     * Notes what was done with a journaled message.
     *
     * @throws UnknownPaymentException when there is no such entry
     */
    void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note);

    /** The most recent journal entries, newest first. */
    List<JournalEntry> recentJournal(int limit);

    /**
     * Messages nothing was done with: still {@link ProviderEvent.Disposition#RECEIVED}, from one of
     * {@code channels}, received before {@code receivedBefore}, oldest first, at most {@code max}. What a node
     * killed between journaling a message and processing it leaves behind, for a sweep to finish.
     *
     * <p>The default throws {@link UnsupportedOperationException}: a journal that cannot be queried has no such
     * list. The ledger's journal overrides it.
     *
     * @since 2.4
     */
    default List<JournalEntry> unprocessed(Set<ProviderEvent.Channel> channels, Instant receivedBefore, int max) {
        throw new UnsupportedOperationException("this journal cannot list unprocessed messages");
    }
}
