package io.stkpush.push.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.NewPayment;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushReason;
import io.stkpush.api.ReceivedMessage;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/**
 * Where every answer from the provider is applied, "journal, act, mark": the raw message is journaled first, the
 * ledger decides what it changes (idempotency, late payments, amount mismatches), the listeners hear of it, and
 * the journal entry is marked with what was done. The callback resource and the poller both come here, so the
 * journal reads the same whichever path brought an answer.
 */
final class SettlementDesk implements ProviderAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementDesk.class);

    private final PushLedger ledger;
    private final ProviderJournal journal;
    private final Supplier<Optional<SubscriberDirectory>> directory;
    private final PaymentEventPublisher events;

    SettlementDesk(PushLedger ledger, ProviderJournal journal, Supplier<Optional<SubscriberDirectory>> directory,
            PaymentEventPublisher events) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.events = Objects.requireNonNull(events, "events");
    }

    // ---- the journal -------------------------------------------------------------------------------------

    @Override
    public JournaledMessage journal(ProviderEvent event) {
        return new JournaledMessage(journal.journal(event));
    }

    @Override
    public JournaledMessage journal(ReceivedMessage message, Disposition disposition, String note) {
        String notes = disposition == Disposition.RECEIVED && note == null ? null : message.notesWith(note);
        return new JournaledMessage(journal.journal(message.event(), disposition, notes), message);
    }

    @Override
    public void mark(JournaledMessage message, Disposition disposition, String note) {
        try {
            journal.markJournaled(message.id(), disposition, message.notesWith(note));
        } catch (RuntimeException e) {
            // the message is kept already; an entry left RECEIVED is what review looks for
            LOG.warn("Journal entry {} could not be marked {} ({}); it stays RECEIVED", message.id(), disposition,
                    e.getClass().getSimpleName());
        }
    }

    // ---- answers -----------------------------------------------------------------------------------------

    @Override
    public Optional<Push> find(PushId id) {
        return ledger.findPush(id);
    }

    @Override
    public SettleResult settle(JournaledMessage message, Settlement settlement) {
        // the entry is marked in the settlement's own transaction; an unknown push propagates unmarked: the caller
        // decides what an orphan answer becomes
        SettleResult result = ledger.settle(settlement, message.id(),
                settled -> message.notesWith(note(settled, settlement)));
        if (result.kind() == SettleResult.Kind.DUPLICATE) {
            LOG.debug("Push {}: {} again, nothing changed", settlement.pushId(), settlement.outcome());
        }
        events.settled(result);
        return result;
    }

    @Override
    public JournaledSettlement settle(ReceivedMessage message, Settlement settlement) {
        JournaledSettlement journaled = ledger.settle(settlement, message.event(),
                settled -> message.notesWith(note(settled, settlement)));
        if (journaled.result().kind() == SettleResult.Kind.DUPLICATE) {
            LOG.debug("Push {}: {} again, nothing changed", settlement.pushId(), settlement.outcome());
        }
        events.settled(journaled.result());
        return journaled;
    }

    /** What a settlement did, for the journal. */
    private static String note(SettleResult result, Settlement settlement) {
        PaidDetails paid = settlement.paid();
        switch (result.kind()) {
            case DUPLICATE:
                return "already " + result.push().outcome();
            case MISMATCH:
                // the token binds the push id, so this is the provider (or someone holding the URL) reporting
                // another transaction under this push's URL: no retry would change it
                return settlement.names().mismatchWith(result.push()) + "; not applied, needs review";
            case CONFLICT:
                if (result.push().outcome() == null && result.payment() != null) {
                    return "receipt " + paid.receipt() + " already paid push " + result.payment().pushId()
                            + "; this " + settlement.outcome() + " refused, the push still waits, needs review";
                }
                return "push already " + result.push().outcome() + "; this " + settlement.outcome() + " (code "
                        + settlement.resultCode() + ") refused" + (paid == null ? "" : ", paid " + paid.amount()
                        + " receipt " + paid.receipt() + ", needs review");
            default:
                Payment payment = result.payment();
                if (payment == null) {
                    return settlement.outcome() + " (code " + settlement.resultCode() + ")";
                }
                String amounts = paid.amount().equals(result.push().amount()) ? ""
                        : " (paid " + paid.amount() + ", asked " + result.push().amount() + ")";
                return "SUCCEEDED, payment " + payment.id().value() + held(payment) + amounts;
        }
    }

    @Override
    public RecordedPayment recordC2bPayment(JournaledMessage message, C2bPayment payment) {
        Optional<Push> answered = pushAnsweredBy(payment);
        if (answered.isPresent()) {
            // an STK payment notified to the Paybill's C2B URL: its receipt is the push's evidence of payment
            SettleResult result = settle(message, new Settlement(answered.get().id(), Outcome.SUCCEEDED,
                    PushReason.PAID, null, null, new PaidDetails(payment.receipt(), payment.amount(), payment.phone(),
                            payment.paidAt(), PaymentSource.C2B), Settlement.Evidence.C2B_CONFIRMATION));
            if (result.payment() != null && payment.receipt().equals(result.payment().receipt())) {
                return new RecordedPayment(!result.paymentRecorded(), result.payment());
            }
            // refused (the receipt paid another push meanwhile): recorded as any C2B payment below
        }
        RecordedPayment recorded = recordC2bPayment(payment);
        if (recorded.duplicate()) {
            mark(message, Disposition.DUPLICATE, "receipt " + payment.receipt() + " already recorded");
        } else {
            mark(message, Disposition.SETTLED, "payment " + recorded.payment().id().value()
                    + held(recorded.payment()));
        }
        return recorded;
    }

    /**
     * The push a C2B confirmation pays: the account names the subscriber, the amount is the amount asked, and the
     * push was waiting for a payment when M-Pesa took it. A push a status query found paid without a receipt comes
     * first (that charge is certainly real and lacks only its receipt; of several, the oldest); otherwise exactly
     * one push still waiting. Two waiting pushes are not a match: the payment is recorded on its own, and the
     * status query that finds one of them paid takes it.
     */
    private Optional<Push> pushAnsweredBy(C2bPayment payment) {
        if (ledger.findPaymentByReceipt(payment.receipt()).isPresent()) {
            return Optional.empty(); // the callback came first: nothing to match
        }
        String account = payment.accountReference() == null ? null : payment.accountReference().strip();
        Optional<SubscriberId> subscriber = subscriberWithAccount(account).map(Subscriber::id);
        if (subscriber.isEmpty()) {
            return Optional.empty();
        }
        List<Push> candidates = ledger.pushesAwaitingPayment(subscriber.get(), payment.amount(), payment.paidAt());
        Optional<Push> paidWithoutReceipt = candidates.stream().filter(p -> p.paymentId() != null).findFirst();
        if (paidWithoutReceipt.isPresent()) {
            return paidWithoutReceipt;
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private RecordedPayment recordC2bPayment(C2bPayment payment) {
        Optional<Payment> known = ledger.findPaymentByReceipt(payment.receipt());
        if (known.isPresent()) {
            LOG.info("C2B payment {} is already recorded", payment.receipt());
            return new RecordedPayment(true, known.get());
        }
        String account = payment.accountReference() == null ? null : payment.accountReference().strip();
        Optional<Subscriber> subscriber = subscriberWithAccount(account);
        SubscriberId linkTo = subscriber.map(Subscriber::id).orElse(null);
        RecordedPayment recorded = ledger.recordPayment(new NewPayment(payment.receipt(), payment.amount(),
                payment.phone(), payment.paidAt(), PaymentSource.C2B, linkTo, linkTo, account,
                linkTo == null ? UnredeemedReason.UNKNOWN_ACCOUNT : null));
        if (!recorded.duplicate()) {
            Payment p = recorded.payment();
            LOG.info("C2B payment {} of {}: {}", p.receipt(), p.amount(),
                    linkTo == null ? "no subscriber has account '" + account + "', held unredeemed"
                            : "linked to subscriber " + linkTo);
            events.paymentRecorded(p, null);
        }
        return recorded;
    }

    /** A directory that is missing or failing leaves the payment unredeemed: an operator links it later. */
    private Optional<Subscriber> subscriberWithAccount(String account) {
        if (account == null || account.isEmpty()) {
            return Optional.empty();
        }
        try {
            return directory.get().flatMap(d -> d.findByAccount(account));
        } catch (RuntimeException e) {
            LOG.warn("Subscriber directory failed looking up account '{}'; the payment is held unredeemed",
                    account, e);
            return Optional.empty();
        }
    }

    @Override
    public RecordedPayment recordUnknownPushPayment(JournaledMessage message, PushId pushId, PaidDetails paid) {
        RecordedPayment recorded = ledger.recordPayment(new NewPayment(paid.receipt(), paid.amount(), paid.phone(),
                paid.paidAt(), paid.source(), null, null, null, UnredeemedReason.UNKNOWN_PUSH));
        Payment p = recorded.payment();
        if (!recorded.duplicate()) {
            LOG.warn("Payment {} of {} reported for unknown push {}: held unredeemed for review", p.receipt(),
                    p.amount(), pushId);
            events.paymentRecorded(p, null);
        }
        mark(message, Disposition.ORPHAN, "no such push; " + Outcome.SUCCEEDED + " " + paid.amount() + " receipt "
                + paid.receipt() + (recorded.duplicate() ? ", already recorded as payment "
                        : ", held unredeemed as payment ") + p.id().value());
        return recorded;
    }

    private static String held(Payment payment) {
        return payment.isUnredeemed() && payment.unredeemedReason() != null
                ? ", held unredeemed: " + payment.unredeemedReason().code() : "";
    }

    // ---- the window --------------------------------------------------------------------------------------

    @Override
    public PushChange endWaitingWindow(PushId id) {
        PushChange change = ledger.endWaitingWindow(id);
        // announced by the one caller whose change matched (the poller on another node may end it as well)
        if (change.changed()) {
            LOG.info("Push {}: waiting window over, {}; reconciliation goes on", id, change.push().status());
            events.statusChanged(change.push());
        }
        return change;
    }
}
