package io.stkpush.callback.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the callbacks a node journaled and never processed: Karaf killed between the journal's commit and the
 * processing leaves the entry RECEIVED, Daraja never sends it again, and the spool holds only what it was given.
 * Runs on the spool's thread ({@link CallbackSpool#THREAD_NAME}), so it never overlaps a replay, and leaves alone
 * the entries the spool is about to replay. Only entries older than {@code unprocessedAfterSeconds} are taken, so a
 * live request still being processed is never touched; a request held up longer than that is processed twice at
 * worst, which settling and recording (idempotent by receipt and outcome) make harmless.
 *
 * <p>The URL's token was checked only after journaling and is not kept, so an entry left RECEIVED may never have
 * had it checked. Hence:
 * <ul>
 * <li>an STK callback is processed as on arrival ({@link StkCallbacks#process}) only when the push it names knows
 * its CheckoutRequestID and MerchantRequestID (which the process then requires the callback to match): ids only
 * Daraja and we know stand in for the token. Otherwise (no such push, or a push whose answer was lost) it is
 * marked NOTED for review and settles nothing;</li>
 * <li>a C2B confirmation is never recorded from here: marked NOTED for review with what it says, so that an
 * operator can check it against M-Pesa's statement;</li>
 * <li>a C2B validation records nothing anyway: it is noted as not answered;</li>
 * <li>a body that is not a valid callback, or a sender the allow list refuses, is REJECTED as it would have been
 * on arrival.</li>
 * </ul>
 * An entry whose processing fails while the ledger's database answers is tried again on the next passes, then
 * marked NOTED for review after {@value #GIVE_UP_AFTER} failures, so that it does not come back for ever.
 */
final class JournalJanitor {

    /** The journal's channels that this bundle receives; status answers are the poller's. */
    static final Set<Channel> HOOKS = EnumSet.of(Channel.STK_CALLBACK, Channel.C2B_CONFIRMATION,
            Channel.C2B_VALIDATION);
    static final int BATCH = 100;
    /** Batches per pass at most, so one pass never holds the spool's thread for long. */
    static final int MAX_BATCHES = 10;
    static final int GIVE_UP_AFTER = 3;
    /** The shortest grace allowed: below it a live request could be taken while it is being processed. */
    static final Duration MIN_GRACE = Duration.ofSeconds(30);

    static final String NOT_PROCESSED = "not processed before a restart";

    private static final Logger LOG = LoggerFactory.getLogger(JournalJanitor.class);

    /** What one pass did, for its log line and the tests; {@code failed}: left RECEIVED for the next pass. */
    record Pass(int processed, int forReview, int refused, int noted, int failed) {

        int finished() {
            return processed + forReview + refused + noted;
        }
    }

    private enum Done {
        PROCESSED, FOR_REVIEW, REFUSED, NOTED
    }

    private final ProviderAnswers answers;
    private final CallbackSpool spool;
    private final Clock clock;
    private final Supplier<ProviderJournal> journal;
    private final Supplier<LedgerHealthCheck> health;
    private final StkCallbacks stk;
    /** Failed attempts per journal entry while the ledger answered; only the spool's thread uses it. */
    private final Map<Long, Integer> failures = new HashMap<>();
    private volatile Duration grace = Duration.ofSeconds(120);
    private volatile SenderCheck senders = new SenderCheck(AllowListMode.OFF, List.of(), List.of());

    JournalJanitor(ProviderAnswers answers, CallbackSpool spool, Clock clock, Supplier<ProviderJournal> journal,
            Supplier<LedgerHealthCheck> health) {
        this.answers = answers;
        this.spool = spool;
        this.clock = clock;
        this.journal = journal;
        this.health = health;
        this.stk = new StkCallbacks(answers, spool, clock);
    }

    /**
     * Takes the grace period and the allow list from the configuration. An allow list that cannot be read keeps the
     * one in use ({@link CallbackGuard} logs the error).
     */
    void configure(CallbackConfig config) {
        grace = graceOf(config.unprocessedAfterSeconds());
        try {
            senders = new SenderCheck(AllowListMode.parse(config.allowListMode()),
                    SenderCheck.ranges(config.allowList()), SenderCheck.ranges(config.trustedProxies()));
        } catch (IllegalArgumentException e) {
            LOG.debug("Journal janitor keeps its allow list: {}", e.getMessage());
        }
    }

    static Duration graceOf(long seconds) {
        Duration configured = Duration.ofSeconds(seconds);
        return configured.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : configured;
    }

    Duration grace() {
        return grace;
    }

    /** One sweep; on the spool's thread. Never throws for a ledger that does not answer: the next pass tries. */
    Pass pass() {
        ProviderJournal entries = journal.get();
        if (entries == null) {
            return new Pass(0, 0, 0, 0, 0);
        }
        int[] counts = new int[Done.values().length];
        int failed = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<JournalEntry> left;
            try {
                left = entries.unprocessed(HOOKS, clock.instant().minus(grace), BATCH);
            } catch (RuntimeException e) {
                LOG.debug("Journal janitor: the journal cannot be read now ({})", e.toString());
                break;
            }
            Set<Long> spooled = spool.spooledJournalIds();
            int finishedNow = 0;
            boolean ledgerGone = false;
            for (JournalEntry entry : left) {
                if (spool.stopping() || Thread.currentThread().isInterrupted()) {
                    return log(counts, failed);
                }
                if (spooled.contains(entry.id())) {
                    continue; // the spool replays it, in its order
                }
                try {
                    counts[finish(entry).ordinal()]++;
                    failures.remove(entry.id());
                    finishedNow++;
                } catch (RuntimeException e) {
                    if (!LedgerState.answers(health)) {
                        LOG.debug("Journal janitor waits for the payment ledger ({})", e.toString());
                        failed++;
                        ledgerGone = true;
                        break;
                    }
                    if (givenUp(entry, e)) {
                        counts[Done.FOR_REVIEW.ordinal()]++;
                        finishedNow++;
                    } else {
                        failed++;
                    }
                }
            }
            // a short batch was the last; a batch where nothing could be finished would come back the same
            if (ledgerGone || left.size() < BATCH || finishedNow == 0) {
                break;
            }
        }
        return log(counts, failed);
    }

    private Pass log(int[] counts, int failed) {
        Pass pass = new Pass(counts[Done.PROCESSED.ordinal()], counts[Done.FOR_REVIEW.ordinal()],
                counts[Done.REFUSED.ordinal()], counts[Done.NOTED.ordinal()], failed);
        if (pass.finished() > 0) {
            LOG.info("Journal janitor finished {} callback(s) left unprocessed (journaled, then not processed before "
                    + "a restart): {} processed as on arrival, {} left for review, {} refused, {} noted",
                    pass.finished(), pass.processed(), pass.forReview(), pass.refused(), pass.noted());
        }
        return pass;
    }

    /**
     * Handles one entry and marks it.
     *
     * @throws RuntimeException when the ledger or the push service fails (the entry stays RECEIVED)
     */
    private Done finish(JournalEntry entry) {
        JournaledMessage message = new JournaledMessage(entry.id());
        message.note(entry.note()); // why its processing failed, when that much was noted
        message.note(NOT_PROCESSED + " (received at " + entry.receivedAt() + "); taken up by the journal janitor at "
                + clock.instant());
        String sender = entry.event().remoteAddress();
        switch (senders.check(sender)) {
            case REFUSED:
                answers.mark(message, Disposition.REJECTED, "source address " + sender + " not in the allow list");
                return Done.REFUSED;
            case UNLISTED:
                message.note("source address " + sender + " not in the allow list");
                break;
            default:
                break;
        }
        switch (entry.event().channel()) {
            case STK_CALLBACK:
                return stkCallback(message, entry);
            case C2B_CONFIRMATION:
                return confirmation(message, entry);
            case C2B_VALIDATION:
                return validation(message, entry);
            default:
                answers.mark(message, Disposition.REJECTED, "not a hook's message");
                return Done.REFUSED;
        }
    }

    private Done stkCallback(JournaledMessage message, JournalEntry entry) {
        PushId pushId = entry.event().pushId();
        if (pushId == null) {
            // the URL named no push: on arrival that was a wrong token or id
            answers.mark(message, Disposition.REJECTED, "bad token");
            return Done.REFUSED;
        }
        String body = entry.event().body();
        try {
            StkCallback.parse(body);
        } catch (InvalidCallbackException e) {
            answers.mark(message, Disposition.REJECTED, e.getMessage());
            return Done.REFUSED;
        }
        Optional<Push> push = answers.find(pushId);
        if (push.isEmpty() || push.get().checkoutRequestId() == null || push.get().merchantRequestId() == null) {
            String why = push.isEmpty() ? "no such push" : "the push knows no CheckoutRequestID to check it against";
            answers.mark(message, Disposition.NOTED, why + "; its URL token cannot be checked now, so nothing is "
                    + "applied: needs review");
            LOG.warn("STK callback for push {} (journal {}) was {} and cannot be checked now ({}): nothing applied, "
                    + "left for review", pushId, entry.id(), NOT_PROCESSED, why);
            return Done.FOR_REVIEW;
        }
        // the same code as on arrival: it checks both ids against the push's, then settles or refuses, and marks
        HookAnswer answer = stk.process(message, pushId, body, entry.receivedAt());
        return answer.status() == 200 ? Done.PROCESSED : Done.REFUSED;
    }

    private Done confirmation(JournaledMessage message, JournalEntry entry) {
        C2bPayment payment;
        try {
            payment = C2bNotifications.payment(message, C2bNotification.parse(entry.event().body()),
                    entry.receivedAt());
        } catch (InvalidCallbackException e) {
            answers.mark(message, Disposition.REJECTED, e.getMessage());
            return Done.REFUSED;
        }
        answers.mark(message, Disposition.NOTED, "C2B confirmation " + payment.receipt().value() + " of "
                + payment.amount() + (payment.accountReference() == null ? "" : " for account "
                + payment.accountReference()) + "; its URL token cannot be checked now, so it is not recorded: "
                + "needs review against M-Pesa's statement");
        LOG.warn("C2B confirmation {} (journal {}) was {} and cannot be checked now: not recorded, left for review "
                + "against M-Pesa's statement", payment.receipt().value(), entry.id(), NOT_PROCESSED);
        return Done.FOR_REVIEW;
    }

    private Done validation(JournaledMessage message, JournalEntry entry) {
        C2bNotification notification;
        try {
            notification = C2bNotification.parse(entry.event().body());
        } catch (InvalidCallbackException e) {
            answers.mark(message, Disposition.REJECTED, e.getMessage());
            return Done.REFUSED;
        }
        answers.mark(message, Disposition.NOTED, "validation for " + notification.transactionId()
                + " not answered (M-Pesa applied the ResponseType registered); nothing to record");
        return Done.NOTED;
    }

    /** @return true when the entry was marked for review after failing {@value #GIVE_UP_AFTER} times */
    private boolean givenUp(JournalEntry entry, RuntimeException e) {
        int attempts = failures.merge(entry.id(), 1, Integer::sum);
        if (attempts < GIVE_UP_AFTER) {
            LOG.warn("Journal janitor: {} (journal {}) not processed ({}); trying again on the next pass",
                    entry.event().channel(), entry.id(), e.getClass().getSimpleName());
            return false;
        }
        JournaledMessage message = new JournaledMessage(entry.id());
        message.note(entry.note());
        answers.mark(message, Disposition.NOTED, NOT_PROCESSED + "; the journal janitor failed " + attempts
                + " times (" + e.getClass().getSimpleName() + "): needs review");
        LOG.error("{} (journal {}) could not be processed after {} attempts while the payment ledger answers ({}): "
                + "marked for review", entry.event().channel(), entry.id(), attempts, e.toString());
        failures.remove(entry.id());
        return true;
    }
}
