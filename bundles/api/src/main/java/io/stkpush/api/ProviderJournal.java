package io.stkpush.api;

import java.util.List;

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
     * Notes what was done with a journaled message.
     *
     * @throws UnknownPaymentException when there is no such entry
     */
    void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note);

    /** The most recent journal entries, newest first. */
    List<JournalEntry> recentJournal(int limit);
}
