package io.stkpush.ledger.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.LedgerUnreachableException;
import io.stkpush.api.Outcome;
import io.stkpush.api.Payment;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.ledger.internal.LedgerDatabase.Product;

/**
 * Group commit for answers journaled and settled together ({@link JdbcPushLedger#settle(Settlement, ProviderEvent,
 * Function)}): the callbacks that reach this node at the same moment share one transaction, so a busy node pays one
 * commit, and on PostgreSQL a handful of round trips, for the whole group rather than for each callback.
 *
 * <p>No thread of its own: a caller queues its answer and takes the ledger's turn; whoever holds the turn settles
 * every answer queued by then, its own included, and the others find theirs done when their turn comes. Alone, a
 * callback is a group of one and costs what it did before.
 *
 * <p>On PostgreSQL the answers that simply settle a waiting push (the month-end peak's callbacks) are written as
 * batches: their pushes locked by one statement (in id order, so two groups never wait on each other), their
 * payments inserted by one batch whose conflicts are the "receipt paid another push" check, their pushes marked by
 * one batch. Everything else (repeats, a second answer for the same push in the group, conflicts, unknown pushes, a
 * status query's success without receipt) goes one by one through the same settlement as ever, in the same
 * transaction, after them. The journal entries are inserted last, already marked, by one batch. A group whose
 * transaction fails is settled again one answer at a time, so that only the answer at fault fails.
 */
final class GroupCommit {

    /** Answers settled in one transaction at most. */
    static final int MAX_GROUP = 64;

    private final LedgerDatabase database;
    private final Supplier<LatePaymentPolicy> policy;
    private final Queue<Answer> queued = new ConcurrentLinkedQueue<>();
    /** The ledger's turn to settle; tests hold it to gather a group. */
    final ReentrantLock turn = new ReentrantLock();
    private final AtomicInteger largestGroup = new AtomicInteger();

    GroupCommit(LedgerDatabase database, Supplier<LatePaymentPolicy> policy) {
        this.database = database;
        this.policy = policy;
    }

    /**
     * Settles {@code settlement} and journals {@code message} with what it did, in a transaction it may share with
     * other answers.
     *
     * @throws UnknownPaymentException when there is no such push (nothing is written for this answer)
     */
    JournaledSettlement settle(Settlement settlement, ProviderEvent message, Function<SettleResult, String> note) {
        Answer answer = new Answer(settlement, message, note);
        queued.add(answer);
        turn.lock();
        try {
            while (!answer.done) {
                List<Answer> group = new ArrayList<>();
                for (Answer next = queued.poll(); next != null; next = queued.poll()) {
                    group.add(next);
                    if (group.size() == MAX_GROUP) {
                        break;
                    }
                }
                settle(group);
            }
        } finally {
            turn.unlock();
        }
        return answer.outcome();
    }

    /** The most answers settled in one transaction so far. */
    int largestGroup() {
        return largestGroup.get();
    }

    /** How many answers wait for their turn. */
    int queued() {
        return queued.size();
    }

    /**
     * Settles a group in one transaction, or, if that fails, each of its answers in a transaction of its own; a
     * database that does not answer fails the group and the answers queued behind it at once.
     */
    private void settle(List<Answer> group) {
        try {
            database.inTransaction("settle " + group.size() + " answers", c -> {
                settleTogether(c, group, policy.get(), database.now());
                return null;
            });
            group.forEach(Answer::complete);
            largestGroup.accumulateAndGet(group.size(), Math::max);
        } catch (RuntimeException e) {
            if (e instanceof LedgerUnreachableException) {
                // the database does not answer: one at a time, or the next group, would only wait for the pool
                // again, each, while the callers' senders wait; they all fail now and keep their answers elsewhere
                group.forEach(a -> a.fail(e));
                for (Answer next = queued.poll(); next != null; next = queued.poll()) {
                    next.fail(e);
                }
                return;
            }
            if (group.size() == 1) {
                group.get(0).fail(e);
                return;
            }
            for (Answer answer : group) {
                settle(List.of(answer));
            }
        }
    }

    private static void settleTogether(Connection c, List<Answer> group, LatePaymentPolicy policy, Instant now)
            throws SQLException {
        group.forEach(Answer::reset); // a transaction tried again starts from nothing
        boolean postgres = Product.of(c.getMetaData().getDatabaseProductName()) == Product.POSTGRESQL;
        List<Answer> oneByOne = postgres && group.size() > 1 ? settleWaitingPushes(c, group, policy, now) : group;
        for (Answer answer : oneByOne) {
            try {
                answer.result = JdbcPushLedger.settle(c, answer.settlement, policy, now);
            } catch (UnknownPaymentException e) {
                answer.failure = e; // nothing written for it; the others go on
            }
        }
        List<Answer> settled = group.stream().filter(a -> a.result != null).toList();
        List<JournalTable.Row> rows = settled.stream().map(Answer::journalRow).toList();
        if (postgres && rows.size() > 1) {
            long[] ids = JournalTable.insertAll(c, rows, now);
            for (int i = 0; i < ids.length; i++) {
                settled.get(i).journalId = ids[i];
            }
        } else {
            for (Answer answer : settled) {
                JournalTable.Row row = answer.journalRow();
                answer.journalId = JournalTable.insert(c, row.event(), now, row.disposition(), row.note());
            }
        }
    }

    /**
     * Settles, as batches, the answers that settle a push still waiting for its outcome.
     *
     * @return the answers left to settle one by one, in the order they came
     */
    private static List<Answer> settleWaitingPushes(Connection c, List<Answer> group, LatePaymentPolicy policy,
            Instant now) throws SQLException {
        Map<PushId, Push> locked = PushTable.lockAll(c,
                group.stream().map(a -> a.settlement.pushId()).distinct().toList());
        Set<PushId> taken = new HashSet<>();
        List<Answer> batched = new ArrayList<>();
        for (Answer answer : group) {
            Settlement s = answer.settlement;
            Push push = locked.get(s.pushId());
            boolean simple = push != null && push.outcome() == null && taken.add(push.id())
                    && (s.names() == null || s.names().mismatchWith(push) == null)
                    && (s.outcome() != Outcome.SUCCEEDED || s.paid().receipt() != null);
            if (simple) {
                answer.push = push;
                answer.decision = SettlementDecision.of(push, s, policy, now);
                batched.add(answer);
            }
        }
        List<Answer> paying = batched.stream().filter(a -> a.settlement.outcome() == Outcome.SUCCEEDED).toList();
        if (!paying.isEmpty()) {
            List<Payment> payments = paying.stream()
                    .map(a -> JdbcPushLedger.newPayment(a.push, a.settlement.paid(), a.decision, now)).toList();
            boolean[] inserted = PaymentTable.insertAllUnlessDuplicate(c, payments);
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i]) {
                    paying.get(i).payment = payments.get(i);
                } else {
                    // the receipt is known (another push's, or a C2B payment to attach): nothing written for this
                    // answer yet, so the settlement one by one decides
                    batched.remove(paying.get(i));
                }
            }
        }
        if (!batched.isEmpty()) {
            List<PushTable.Marking> markings = batched.stream().map(a -> new PushTable.Marking(a.push.id(),
                    a.settlement.outcome(), a.settlement.evidence(), a.decision,
                    JdbcPushLedger.resultCode(a.push, a.settlement))).toList();
            if (!PushTable.markAllSettled(c, markings, now)) {
                // the rows are locked and had no outcome: this cannot happen unless something bypassed the lock
                throw new IllegalStateException("a push of the group was settled by another transaction");
            }
            for (Answer a : batched) {
                a.result = new SettleResult(SettleResult.Kind.SETTLED,
                        JdbcPushLedger.settled(a.push, a.settlement, a.decision, a.payment, now), a.payment);
            }
        }
        return group.stream().filter(a -> a.result == null).toList();
    }

    /** One caller's answer, and what became of it. */
    private static final class Answer {

        final Settlement settlement;
        final ProviderEvent message;
        final Function<SettleResult, String> note;
        // staged inside the transaction; given to the caller once it committed
        Push push;
        SettlementDecision decision;
        Payment payment;
        SettleResult result;
        RuntimeException failure;
        long journalId;
        // written and read under the turn's lock
        boolean done;
        private JournaledSettlement outcome;
        private RuntimeException thrown;

        Answer(Settlement settlement, ProviderEvent message, Function<SettleResult, String> note) {
            this.settlement = settlement;
            this.message = message;
            this.note = note;
        }

        void reset() {
            push = null;
            decision = null;
            payment = null;
            result = null;
            failure = null;
            journalId = 0;
        }

        JournalTable.Row journalRow() {
            return new JournalTable.Row(message, Disposition.of(result.kind()), note.apply(result));
        }

        void complete() {
            if (result != null) {
                outcome = new JournaledSettlement(journalId, result);
            } else {
                thrown = failure;
            }
            done = true;
        }

        void fail(RuntimeException e) {
            thrown = e;
            done = true;
        }

        JournaledSettlement outcome() {
            if (thrown != null) {
                throw thrown;
            }
            return outcome;
        }
    }
}
