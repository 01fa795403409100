package io.stkpush.callback.internal;

import io.stkpush.api.JournaledMessage;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ReceivedMessage;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;

/**
 * The journal entry a hook's message is handled under, whichever way it came: a live message is journaled with
 * what was done with it, in one write (a settlement in its own transaction); a message journaled already (replayed
 * from the spool, or found unprocessed by the janitor) is marked.
 */
abstract class HookEntry {

    protected final ProviderAnswers answers;

    private HookEntry(ProviderAnswers answers) {
        this.answers = answers;
    }

    /** A live message, not journaled yet. */
    static Live live(ProviderAnswers answers, ReceivedMessage message) {
        return new Live(answers, message);
    }

    /** A message journaled already. */
    static HookEntry journaled(ProviderAnswers answers, JournaledMessage entry) {
        return new Journaled(answers, entry);
    }

    /** Adds a note that goes with whatever disposition follows. */
    abstract void note(String note);

    /**
     * Records that the message was handled as {@code disposition}, applying nothing.
     *
     * @throws RuntimeException when a live message cannot be journaled (it is for the spool then)
     */
    abstract void close(Disposition disposition, String note);

    /** Records a refused message: best effort, since a message refused now would be refused on replay too. */
    abstract void refuse(String note);

    /**
     * Applies a final answer and records what it did.
     *
     * @throws io.stkpush.api.UnknownPaymentException when there is no such push (nothing is recorded)
     */
    abstract SettleResult settle(Settlement settlement);

    /** The message as a journal entry, journaled now (not handled yet) if it is live. */
    abstract JournaledMessage journaled();

    /** A live message, not journaled yet. */
    static final class Live extends HookEntry {

        private final ReceivedMessage message;
        private JournaledMessage entry; // once journaled RECEIVED, waiting for what follows
        private long journalId;

        Live(ProviderAnswers answers, ReceivedMessage message) {
            super(answers);
            this.message = message;
        }

        @Override
        void note(String note) {
            message.note(note);
        }

        @Override
        void close(Disposition disposition, String note) {
            journalId = answers.journal(message, disposition, note).id();
        }

        @Override
        void refuse(String note) {
            try {
                close(Disposition.REJECTED, note);
            } catch (RuntimeException e) {
                // nothing to replay: the same body would be refused again
            }
        }

        @Override
        SettleResult settle(Settlement settlement) {
            var journaled = answers.settle(message, settlement);
            journalId = journaled.journalId();
            return journaled.result();
        }

        @Override
        JournaledMessage journaled() {
            entry = answers.journal(message, Disposition.RECEIVED, null);
            journalId = entry.id();
            return entry;
        }

        /**
         * Keeps a message whose processing failed in the journal, RECEIVED with the reason: journaled on its own,
         * or its entry marked if it was journaled before the failure.
         *
         * @return the entry's id
         * @throws RuntimeException when the journal cannot take it either
         */
        long keepUnprocessed(RuntimeException failure) {
            String note = "not processed: " + failure.getClass().getSimpleName();
            if (entry != null) {
                answers.mark(entry, Disposition.RECEIVED, note);
                return entry.id();
            }
            return answers.journal(message, Disposition.RECEIVED, note).id();
        }

        @Override
        public String toString() {
            return journalId == 0 ? "not journaled: the ledger cannot be reached" : "journal " + journalId;
        }
    }

    private static final class Journaled extends HookEntry {

        private final JournaledMessage entry;

        Journaled(ProviderAnswers answers, JournaledMessage entry) {
            super(answers);
            this.entry = entry;
        }

        @Override
        void note(String note) {
            entry.note(note);
        }

        @Override
        void close(Disposition disposition, String note) {
            answers.mark(entry, disposition, note);
        }

        @Override
        void refuse(String note) {
            close(Disposition.REJECTED, note);
        }

        @Override
        SettleResult settle(Settlement settlement) {
            return answers.settle(entry, settlement);
        }

        @Override
        JournaledMessage journaled() {
            return entry;
        }

        @Override
        public String toString() {
            return entry.toString();
        }
    }
}
