package io.stkpush.ledger.internal;

import static io.stkpush.ledger.internal.LedgerDatabase.unlessDuplicate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournaledSettlement;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPayment;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushChange;
import io.stkpush.api.PushId;
import io.stkpush.api.PushLedger;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.UnredeemedReason;

/**
 * The push lifecycle, settlement and payments on plain JDBC. Every rule of {@link PushLedger} rests on the
 * database: unique constraints for idempotency, conditional updates (and a row lock while settling) for "exactly
 * one winner", so it holds across threads and across nodes sharing one PostgreSQL.
 */
final class JdbcPushLedger implements PushLedger {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPushLedger.class);

    private final LedgerDatabase database;
    private final GroupCommit groups;
    private volatile LatePaymentPolicy latePaymentPolicy;

    JdbcPushLedger(LedgerDatabase database, LatePaymentPolicy latePaymentPolicy) {
        this.database = database;
        this.latePaymentPolicy = Objects.requireNonNull(latePaymentPolicy, "latePaymentPolicy");
        this.groups = new GroupCommit(database, () -> this.latePaymentPolicy);
    }

    GroupCommit groupCommit() {
        return groups;
    }

    /** Applies a changed configuration to the settlements that follow. */
    void latePaymentPolicy(LatePaymentPolicy policy) {
        this.latePaymentPolicy = Objects.requireNonNull(policy, "policy");
    }

    LatePaymentPolicy latePaymentPolicy() {
        return latePaymentPolicy;
    }

    // ---- pushes ------------------------------------------------------------------------------------------

    @Override
    public Push createPush(NewPush push) {
        Instant now = database.now();
        Push created = database.inTransaction("record the push", c -> {
            if (!unlessDuplicate(c, () -> PushTable.insert(c, push, now))) {
                throw refused(c, push);
            }
            return PushTable.existing(c, push.id());
        });
        LOG.info("Push {} recorded: {} to {} by {}", created.id(), created.amount(), created.phone().masked(),
                created.operator());
        return created;
    }

    /** Explains a duplicate key on insert: mostly the phone's open prompt, else a reused push id. */
    private static RuntimeException refused(Connection c, NewPush push) throws SQLException {
        Optional<Push> open = PushTable.findOpen(c, push.request().phone());
        if (open.isPresent() || PushTable.find(c, push.id()).isEmpty()) {
            LOG.info("Push refused: {} already has a prompt open", push.request().phone().masked());
            return new PromptAlreadyOpenException(open.map(Push::id).orElse(null));
        }
        return new IllegalStateException("Push " + push.id() + " is already recorded.");
    }

    @Override
    public Push recordAcceptance(PushId id, MerchantRequestId merchantRequestId,
            CheckoutRequestId checkoutRequestId, Instant firstPollAt) {
        Instant now = database.now();
        return database.inTransaction("record the provider's acceptance", c -> {
            PushTable.recordAcceptance(c, id, merchantRequestId, checkoutRequestId, firstPollAt, now);
            return PushTable.existing(c, id);
        });
    }

    @Override
    public Push recordDeliveryUnknown(PushId id, String providerText) {
        Instant now = database.now();
        return database.inTransaction("record an unknown delivery", c -> {
            PushTable.recordDeliveryUnknown(c, id, providerText, now);
            return PushTable.existing(c, id);
        });
    }

    @Override
    public PushChange stopWaiting(PushId id, OperatorName operator) {
        PushChange change = endWait(id, PushStatus.STOPPED, operator);
        if (change.changed()) {
            LOG.info("Push {}: {} (by {})", id, change.push().status(), operator);
        }
        return change;
    }

    @Override
    public PushChange endWaitingWindow(PushId id) {
        return endWait(id, PushStatus.TIMEOUT, null);
    }

    private PushChange endWait(PushId id, PushStatus status, OperatorName operator) {
        Instant now = database.now();
        return database.inTransaction("end the wait", c -> {
            boolean changed = PushTable.endWait(c, id, status, operator, now);
            return new PushChange(PushTable.existing(c, id), changed);
        });
    }

    @Override
    public Optional<Push> findPush(PushId id) {
        return database.oneStatement("read the push", c -> PushTable.find(c, id));
    }

    @Override
    public Optional<Push> findPushByCheckoutRequestId(CheckoutRequestId id) {
        return database.oneStatement("read the push", c -> PushTable.findByCheckoutRequestId(c, id));
    }

    @Override
    public Optional<Push> findOpenPush(PhoneNumber phone) {
        return database.oneStatement("read the open push", c -> PushTable.findOpen(c, phone));
    }

    @Override
    public List<Push> pushesNeedingReview(int max) {
        if (max < 1) {
            return List.of();
        }
        int bounded = Math.min(max, PaymentQuery.MAX_LIMIT);
        return database.oneStatement("read the pushes needing review", c -> PushTable.needingReview(c, bounded));
    }

    @Override
    public List<Push> recentPushes(PushStatus status, int max) {
        if (max < 1) {
            return List.of();
        }
        int bounded = Math.min(max, PaymentQuery.MAX_LIMIT);
        return database.oneStatement("read recent pushes", c -> PushTable.recent(c, status, bounded));
    }

    @Override
    public List<Push> pushesAwaitingPayment(SubscriberId subscriber, Kes amount, Instant paidAt) {
        // a minute of slack after: M-Pesa's clock and ours differ a little
        return database.oneStatement("read the pushes awaiting a payment", c -> PushTable.awaitingPayment(c,
                subscriber, amount, paidAt.minus(Duration.ofMinutes(10)), paidAt.plus(Duration.ofMinutes(1))));
    }

    // ---- settling ----------------------------------------------------------------------------------------

    @Override
    public SettleResult settle(Settlement settlement) {
        Instant now = database.now();
        LatePaymentPolicy policy = latePaymentPolicy;
        return logged(settlement, database.inTransaction("settle the push", c -> settle(c, settlement, policy, now)));
    }

    @Override
    public SettleResult settle(Settlement settlement, long journalId, Function<SettleResult, String> note) {
        Instant now = database.now();
        LatePaymentPolicy policy = latePaymentPolicy;
        SettleResult result = database.inTransaction("settle the push", c -> {
            SettleResult settled = settle(c, settlement, policy, now);
            // the entry's mark commits with the settlement: one commit per answer, and never out of step
            if (!JournalTable.mark(c, journalId, Disposition.of(settled.kind()), note.apply(settled), now)) {
                LOG.warn("Journal entry {} not found to mark after settling push {}", journalId,
                        settlement.pushId());
            }
            return settled;
        });
        return logged(settlement, result);
    }

    @Override
    public JournaledSettlement settle(Settlement settlement, ProviderEvent message,
            Function<SettleResult, String> note) {
        // the journal entry is written last, already marked, in the settlement's transaction, which it may share
        // with the other answers settling at this moment (group commit)
        JournaledSettlement journaled = groups.settle(settlement, message, note);
        logged(settlement, journaled.result());
        return journaled;
    }

    private static SettleResult logged(Settlement settlement, SettleResult result) {
        if (result.kind() == SettleResult.Kind.MISMATCH) {
            LOG.warn("Push {}: an answer naming another transaction was refused ({})", settlement.pushId(),
                    settlement.names().mismatchWith(result.push()));
        } else if (result.kind() == SettleResult.Kind.CONFLICT) {
            LOG.warn("Push {} is already {}: a later {} was refused", settlement.pushId(), result.push().outcome(),
                    settlement.outcome());
        } else if (result.kind() == SettleResult.Kind.SETTLED) {
            LOG.info("Push {}: {} ({}, now {})", settlement.pushId(), settlement.outcome(), result.kind(),
                    result.push().status());
        } else {
            // repeats are normal (Daraja retries, the poller and the callback meet): not worth a log line each
            LOG.debug("Push {}: {} again (now {})", settlement.pushId(), settlement.outcome(), result.push().status());
        }
        return result;
    }

    /** Settles one answer in the caller's transaction; what every settlement, grouped or not, comes down to. */
    static SettleResult settle(Connection c, Settlement settlement, LatePaymentPolicy policy, Instant now)
            throws SQLException {
        PushId id = settlement.pushId();
        Push push = PushTable.lockUnsettled(c, id);
        if (settlement.names() != null && settlement.names().mismatchWith(push) != null) {
            // another transaction reported under this push's id: nothing applied, whatever the push's state
            return new SettleResult(SettleResult.Kind.MISMATCH, PushTable.existing(c, id), null, false);
        }
        boolean overrulesQuery = push.isSettled() && receiptOverrulesQuery(c, push, settlement);
        if (push.isSettled() && !overrulesQuery) {
            return repeated(c, PushTable.existing(c, id), settlement, now);
        }
        SettlementDecision decision = SettlementDecision.of(push, settlement, policy, now);
        // the payment first: its insert is also the check that the receipt paid no other push (one statement where
        // a look-up and an insert were two), and a refused receipt leaves nothing written
        Payment payment = null;
        if (settlement.outcome() == Outcome.SUCCEEDED) {
            SettledPayment recorded = recordSettledPayment(c, push, settlement.paid(), decision, now);
            if (recorded.paidElsewhere() != null) {
                // one receipt is one payment, and it already paid another push: it cannot pay this one too. The
                // push keeps waiting (its status query or an operator resolves it); the answer is refused and kept
                // in the journal
                LOG.warn("Push {}: receipt {} already paid push {}; this success is refused", id,
                        settlement.paid().receipt(), recorded.paidElsewhere().pushId());
                return new SettleResult(SettleResult.Kind.CONFLICT, push, recorded.paidElsewhere(), false);
            }
            payment = recorded.payment();
        }
        // the row is locked and had no outcome (or the query's), so this cannot miss; the check guards against a
        // caller that forgets
        boolean marked = overrulesQuery
                ? PushTable.overruleQueryOutcome(c, id, push.outcome(), settlement.evidence(), decision,
                        resultCode(push, settlement), now)
                : PushTable.markSettled(c, id, settlement.outcome(), settlement.evidence(), decision,
                        resultCode(push, settlement), now);
        if (!marked) {
            throw new IllegalStateException("push " + id + " was settled by another transaction");
        }
        if (overrulesQuery) {
            LOG.info("Push {}: receipt {} overrules the status query's {}; now {}", id, settlement.paid().receipt(),
                    push.outcome(), decision.status());
        }
        return new SettleResult(SettleResult.Kind.SETTLED, settled(push, settlement, decision, payment, now),
                payment);
    }

    /**
     * Evidence of payment is never overruled by silence: a success with a receipt (callback or C2B) replaces a
     * non-success that only a status query gave. Between callbacks the first outcome stands.
     */
    private static boolean receiptOverrulesQuery(Connection c, Push push, Settlement settlement)
            throws SQLException {
        return SettlementDecision.isEvidenceOfPayment(settlement) && push.outcome() != Outcome.SUCCEEDED
                && PushTable.outcomeEvidence(c, push.id()) == Settlement.Evidence.STATUS_QUERY;
    }

    /** The push as {@link PushTable#markSettled} leaves it, without reading it back. */
    static Push settled(Push push, Settlement settlement, SettlementDecision decision, Payment payment,
            Instant now) {
        return new Push(push.id(), push.subscriberId(), push.phone(), push.amount(), decision.status(),
                settlement.outcome(), decision.reason(), resultCode(push, settlement), decision.providerText(),
                push.merchantRequestId(), push.checkoutRequestId(), push.operator(), push.planId(),
                payment == null ? null : payment.id(), payment == null ? null : payment.receipt(),
                payment == null ? null : payment.amount(), push.createdAt(), now, push.waitUntil(),
                push.pollAttempts(), null, null);
    }

    static String resultCode(Push push, Settlement settlement) {
        return settlement.resultCode() != null ? settlement.resultCode() : push.resultCode();
    }

    /** The push already has an outcome: the same one is a duplicate, another one a refused conflict. */
    private static SettleResult repeated(Connection c, Push push, Settlement settlement, Instant now)
            throws SQLException {
        if (push.outcome() != settlement.outcome()) {
            if (settlement.outcome() == Outcome.SUCCEEDED && settlement.paid().receipt() != null) {
                RecordedPayment kept = keepConflictingPayment(c, push, settlement.paid(), now);
                return new SettleResult(SettleResult.Kind.CONFLICT, push, kept.payment(), !kept.duplicate());
            }
            return new SettleResult(SettleResult.Kind.CONFLICT, push,
                    PaymentTable.findByPush(c, push.id()).orElse(null), false);
        }
        Receipt receipt = settlement.paid() == null ? null : settlement.paid().receipt();
        if (receipt != null && push.receipt() != null && !receipt.equals(push.receipt())) {
            // a second, different receipt for a push already paid: the subscriber was charged twice, and that
            // money is held for an operator, never only journaled
            RecordedPayment kept = keepConflictingPayment(c, push, settlement.paid(), now);
            return new SettleResult(SettleResult.Kind.CONFLICT, push, kept.payment(), !kept.duplicate());
        }
        if (receipt != null && push.paymentId() != null && push.receipt() == null
                && PaymentTable.findByReceipt(c, receipt).isEmpty()) {
            // a success first known from a status query gets its receipt from the callback that follows
            unlessDuplicate(c, () -> PaymentTable.fillReceipt(c, push.paymentId(), receipt));
        }
        return new SettleResult(SettleResult.Kind.DUPLICATE, PushTable.existing(c, push.id()),
                PaymentTable.findByPush(c, push.id()).orElse(null));
    }

    /**
     * A receipt M-Pesa reports as paid is money received, even when it contradicts the push's outcome: it is kept
     * unredeemed for an operator, once per receipt, and the push's outcome stands.
     */
    private static RecordedPayment keepConflictingPayment(Connection c, Push push, PaidDetails paid, Instant now)
            throws SQLException {
        Optional<Payment> known = PaymentTable.findByReceipt(c, paid.receipt());
        if (known.isPresent()) {
            return new RecordedPayment(true, known.get());
        }
        boolean pushHasPayment = PaymentTable.findByPush(c, push.id()).isPresent();
        Payment payment = new Payment(PaymentId.random(), paid.receipt(), paid.amount(),
                paid.phone() != null ? paid.phone() : push.phone().msisdn(), paid.paidAt(), paid.source(),
                pushHasPayment ? null : push.id(), null, push.subscriberId(), null,
                UnredeemedReason.OUTCOME_CONFLICT, null, null, now);
        if (PaymentTable.insertUnlessDuplicate(c, payment)) {
            LOG.warn("Push {} ended {} but M-Pesa reports receipt {} paid: held unredeemed for review", push.id(),
                    push.outcome(), paid.receipt());
            return new RecordedPayment(false, payment);
        }
        return new RecordedPayment(true, PaymentTable.findByReceipt(c, paid.receipt()).orElseThrow());
    }

    /** The payment a success records for its push, as the decision links it. */
    static Payment newPayment(Push push, PaidDetails paid, SettlementDecision decision, Instant now) {
        return new Payment(PaymentId.random(), paid.receipt(), paid.amount(),
                paid.phone() != null ? paid.phone() : push.phone().msisdn(), paid.paidAt(), paid.source(), push.id(),
                decision.linkTo(), push.subscriberId(), null, decision.unredeemed(), null, null, now);
    }

    /** A success's payment as recorded, or the payment its receipt already made for another push. */
    private record SettledPayment(Payment payment, Payment paidElsewhere) {
    }

    private static SettledPayment recordSettledPayment(Connection c, Push push, PaidDetails paid,
            SettlementDecision decision, Instant now) throws SQLException {
        Receipt receipt = paid.receipt();
        Payment payment = newPayment(push, paid, decision, now);
        if (receipt == null) {
            // a status query's success: if the Paybill's C2B confirmation of this charge came first and matched no
            // push, it is this payment (one charge, one payment), so it is taken rather than a second one recorded
            Optional<Payment> confirmed = PaymentTable.unclaimedC2b(c, push.subscriberId(), paid.amount(),
                    push.createdAt().minus(Duration.ofMinutes(1)), push.createdAt().plus(Duration.ofMinutes(10)));
            if (confirmed.isPresent()) {
                return new SettledPayment(attach(c, confirmed.get(), push, decision), null);
            }
            PaymentTable.insert(c, payment);
            return new SettledPayment(payment, null);
        }
        if (PaymentTable.insertUnlessDuplicate(c, payment)) {
            return new SettledPayment(payment, null);
        }
        Payment known = PaymentTable.findByReceipt(c, receipt).orElseThrow();
        if (known.pushId() != null && !known.pushId().equals(push.id())) {
            return new SettledPayment(null, known);
        }
        // the receipt is already recorded (a C2B confirmation came first): that payment is this push's
        return new SettledPayment(attach(c, known, push, decision), null);
    }

    private static Payment attach(Connection c, Payment known, Push push, SettlementDecision decision)
            throws SQLException {
        PaymentTable.attachToPush(c, known, push.id(), decision.linkTo(), push.subscriberId());
        return PaymentTable.find(c, known.id()).orElseThrow();
    }

    // ---- payments ----------------------------------------------------------------------------------------

    @Override
    public RecordedPayment recordPayment(NewPayment payment) {
        Instant now = database.now();
        RecordedPayment recorded = database.inTransaction("record the payment", c -> recordPayment(c, payment, now));
        if (!recorded.duplicate()) {
            LOG.info("Payment {} recorded: {} by {} ({})", recorded.payment().id(), recorded.payment().amount(),
                    payment.source(), recorded.payment().isUnredeemed() ? "unredeemed" : "linked");
        }
        return recorded;
    }

    private static RecordedPayment recordPayment(Connection c, NewPayment payment, Instant now) throws SQLException {
        Receipt receipt = payment.receipt();
        if (receipt != null) {
            Optional<Payment> known = PaymentTable.findByReceipt(c, receipt);
            if (known.isPresent()) {
                return new RecordedPayment(true, known.get());
            }
        }
        boolean linked = payment.subscriberId() != null;
        Payment row = new Payment(PaymentId.random(), receipt, payment.amount(), payment.phone(), payment.paidAt(),
                payment.source(), null, payment.subscriberId(), payment.intendedSubscriberId(),
                payment.accountReference(), linked ? null : payment.unredeemedReason(), null, null, now);
        if (!PaymentTable.insertUnlessDuplicate(c, row)) {
            // the same receipt arrived by another path a moment ago
            return new RecordedPayment(true, PaymentTable.findByReceipt(c, receipt).orElseThrow());
        }
        return new RecordedPayment(false, row);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        Instant now = database.now();
        Payment payment = database.inTransaction("link the payment", c -> {
            boolean linked = PaymentTable.link(c, id, subscriberId, operator, now);
            Payment current = PaymentTable.find(c, id)
                    .orElseThrow(() -> new UnknownPaymentException("No payment " + id + "."));
            if (!linked) {
                throw new PaymentAlreadyLinkedException(current);
            }
            return current;
        });
        LOG.info("Payment {} linked to subscriber {} by {}", id, subscriberId, operator);
        return payment;
    }

    @Override
    public Optional<Payment> findPayment(PaymentId id) {
        return database.oneStatement("read the payment", c -> PaymentTable.find(c, id));
    }

    @Override
    public Optional<Payment> findPaymentByReceipt(Receipt receipt) {
        return database.oneStatement("read the payment", c -> PaymentTable.findByReceipt(c, receipt));
    }

    @Override
    public List<Payment> findPayments(PaymentQuery query) {
        return database.oneStatement("list payments", c -> PaymentTable.find(c, query));
    }
}
