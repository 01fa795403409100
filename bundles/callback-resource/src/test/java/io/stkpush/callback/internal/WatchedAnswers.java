package io.stkpush.callback.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.ReceivedMessage;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;

/**
 * The real push service's answers, watched: records what the resource asked for, and can fail as a push service
 * whose database went away would. Journaling and marking always pass, as they did when they went to the ledger
 * directly.
 */
final class WatchedAnswers implements ProviderAnswers {

    final List<Settlement> settlements = new CopyOnWriteArrayList<>();
    final List<C2bPayment> c2bPayments = new CopyOnWriteArrayList<>();
    private final ProviderAnswers answers;
    private volatile RuntimeException failure;
    private volatile Predicate<Settlement> failing = s -> false;
    private volatile RuntimeException settleFailure;
    private volatile RuntimeException unknownPushFailure;

    WatchedAnswers(ProviderAnswers answers) {
        this.answers = answers;
    }

    /** Every later find, settle or record throws this (null: none). */
    void failWith(RuntimeException failure) {
        this.failure = failure;
        if (failure == null) {
            this.failing = s -> false;
        }
    }

    /** Every later settle that {@code when} matches throws {@code failure}, as a bug for one body would. */
    void failWhen(Predicate<Settlement> when, RuntimeException failure) {
        this.settleFailure = failure;
        this.failing = when;
    }

    /** Every later recording of a payment for a push the ledger does not know throws {@code failure} (null: none). */
    void failUnknownPushPayments(RuntimeException failure) {
        this.unknownPushFailure = failure;
    }

    @Override
    public JournaledMessage journal(ProviderEvent event) {
        return answers.journal(event);
    }

    @Override
    public JournaledMessage journal(ReceivedMessage message, Disposition disposition, String note) {
        return answers.journal(message, disposition, note);
    }

    @Override
    public void mark(JournaledMessage message, Disposition disposition, String note) {
        answers.mark(message, disposition, note);
    }

    @Override
    public Optional<Push> find(PushId id) {
        check();
        return answers.find(id);
    }

    @Override
    public SettleResult settle(JournaledMessage message, Settlement settlement) {
        check();
        if (failing.test(settlement)) {
            throw settleFailure;
        }
        settlements.add(settlement);
        return answers.settle(message, settlement);
    }

    @Override
    public JournaledSettlement settle(ReceivedMessage message, Settlement settlement) {
        check();
        if (failing.test(settlement)) {
            throw settleFailure;
        }
        settlements.add(settlement);
        return answers.settle(message, settlement);
    }

    @Override
    public RecordedPayment recordC2bPayment(JournaledMessage message, C2bPayment payment) {
        check();
        c2bPayments.add(payment);
        return answers.recordC2bPayment(message, payment);
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(JournaledMessage message, PushId pushId, PaidDetails paid) {
        check();
        if (unknownPushFailure != null) {
            throw unknownPushFailure;
        }
        return answers.recordUnknownPushPayment(message, pushId, paid);
    }

    @Override
    public PushChange endWaitingWindow(PushId id) {
        check();
        return answers.endWaitingWindow(id);
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
