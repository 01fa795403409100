package io.stkpush.callback.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;

import io.stkpush.api.JournaledMessage;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay pass over the spool, on the spool's thread: oldest first, each message journaled (unless it already
 * was) and processed by the same {@link StkCallbacks} and {@link C2bNotifications} code as a live hook, then marked
 * done. Stops at the first message the ledger cannot take, so that order is kept.
 */
final class SpoolReplay {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolReplay.class);

    private final ProviderAnswers answers;
    private final CallbackSpool spool;
    private final Clock clock;
    private final Supplier<LedgerHealthCheck> health;
    private final StkCallbacks stk;
    private final C2bNotifications c2b;

    /** The message that failed last, and how often in a row. */
    private long failingSeq = -1;
    private SpoolFile failingIn;
    private int failures;
    /** Whether this outage's first failed attempt was logged; reset when the spool is empty. */
    private boolean waitLogged;
    private int replayed;

    SpoolReplay(ProviderAnswers answers, CallbackSpool spool, Clock clock, Supplier<LedgerHealthCheck> health) {
        this.answers = answers;
        this.spool = spool;
        this.clock = clock;
        this.health = health;
        this.stk = new StkCallbacks(answers, spool, clock);
        this.c2b = new C2bNotifications(answers, spool, clock);
    }

    /** @return true when everything was replayed, false when the ledger did not take a message (try again later) */
    boolean pass() {
        for (SpoolFile file : spool.spools()) {
            SpoolFile.Pending head;
            while ((head = file.head()) != null) {
                if (spool.stopping() || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                if (!replay(file, head)) {
                    return false;
                }
            }
            spool.drained(file);
        }
        if (replayed > 0) {
            LOG.info("Callback spool replayed: {} message(s) journaled and processed; nothing is waiting", replayed);
        }
        replayed = 0;
        waitLogged = false;
        return true;
    }

    /** @return true when the message is done with (processed, or given up for review), false to try again later */
    private boolean replay(SpoolFile file, SpoolFile.Pending head) {
        SpooledMessage message;
        try {
            message = file.read(head);
        } catch (IOException e) {
            LOG.error("Message {} of the callback spool {} cannot be read ({}); trying again later", head.seq(),
                    file.directory(), e.toString());
            return false;
        }
        JournaledMessage entry = null;
        try {
            if (message.journalId() != null) {
                entry = new JournaledMessage(message.journalId());
                entry.note("not processed when received at " + message.receivedAt() + "; replayed from the spool at "
                        + clock.instant());
            } else {
                entry = answers.journal(new ProviderEvent(message.channel(), StkCallbacks.parsePushId(
                        message.pushId()), message.sender(), message.body()));
                remember(file, head, entry);
                entry.note("received at " + message.receivedAt() + " while the payment ledger could not be reached; "
                        + "replayed from the spool at " + clock.instant());
            }
            if (message.unlisted()) {
                entry.note("source address " + message.sender() + " not in the allow list");
            }
            process(entry, message);
        } catch (RuntimeException e) {
            return failed(file, head, message, entry, e);
        }
        try {
            file.done(head.seq());
        } catch (IOException e) {
            // processed, but not marked: it is replayed again, harmlessly, once the disk takes the marker
            LOG.error("Message {} of the callback spool {} was processed but cannot be marked done ({})",
                    head.seq(), file.directory(), e.toString());
            return false;
        }
        replayed++;
        failures = 0;
        failingIn = null;
        return true;
    }

    /** The same code a live hook runs once its message is journaled. */
    private void process(JournaledMessage entry, SpooledMessage message) {
        switch (message.channel()) {
            case STK_CALLBACK:
                stk.process(entry, StkCallbacks.parsePushId(message.pushId()), message.body(), message.receivedAt());
                break;
            case C2B_CONFIRMATION:
                c2b.processConfirmation(entry, message.body(), message.receivedAt());
                break;
            case C2B_VALIDATION:
                c2b.processValidation(entry, message.body());
                break;
            default:
                answers.mark(entry, Disposition.REJECTED, "not a hook's message");
                break;
        }
    }

    private void remember(SpoolFile file, SpoolFile.Pending head, JournaledMessage entry) {
        try {
            file.journaled(head.seq(), entry.id());
        } catch (IOException e) {
            // only costs a second journal entry if this message has to be replayed again after a restart
            LOG.warn("Message {} of the callback spool {}: its journal entry {} could not be noted ({})", head.seq(),
                    file.directory(), entry.id(), e.toString());
        }
    }

    private boolean failed(SpoolFile file, SpoolFile.Pending head, SpooledMessage message, JournaledMessage entry,
            RuntimeException e) {
        if (failingIn == file && failingSeq == head.seq()) {
            failures++;
        } else {
            failingIn = file;
            failingSeq = head.seq();
            failures = 1;
        }
        if (entry != null && failures >= CallbackSpool.GIVE_UP_AFTER && LedgerState.answers(health)) {
            // the database answers, so the message itself fails: keep it in the journal for review, move on
            answers.mark(entry, Disposition.RECEIVED, "replayed from the spool " + failures + " times, not processed ("
                    + e.getClass().getSimpleName() + "); needs review");
            LOG.error("{} (journal {}) could not be processed after {} attempts while the payment ledger answers "
                    + "({}): left RECEIVED in the journal for review", message.describe(), entry.id(), failures,
                    e.toString());
            try {
                file.done(head.seq());
            } catch (IOException io) {
                return false;
            }
            failures = 0;
            failingIn = null;
            return true;
        }
        if (!waitLogged) {
            waitLogged = true;
            LOG.warn("Callback spool replay waits for the payment ledger ({}): {}", e.getClass().getSimpleName(),
                    spool.status().describe());
        } else {
            LOG.debug("Callback spool replay: {} not taken yet ({})", message.describe(), e.toString());
        }
        return false;
    }
}
