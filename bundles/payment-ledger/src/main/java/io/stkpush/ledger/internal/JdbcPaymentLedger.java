package io.stkpush.ledger.internal;

import static io.stkpush.ledger.internal.Columns.setText;
import static io.stkpush.ledger.internal.Columns.setUuid;
import static io.stkpush.ledger.internal.Columns.uuid;
import static io.stkpush.ledger.internal.LedgerDatabase.unlessDuplicate;
import static io.stkpush.schema.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPayment;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentLedger;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.UnredeemedReason;

/**
 * The ledger on plain JDBC. Every rule of {@link PaymentLedger} rests on the database: unique constraints for
 * idempotency, conditional updates (and a row lock while settling) for "exactly one winner", so it holds across
 * threads and across nodes sharing one PostgreSQL.
 */
public class JdbcPaymentLedger implements PaymentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPaymentLedger.class);

    private final LedgerDatabase database;
    private final Clock clock;
    private volatile LatePaymentPolicy latePaymentPolicy;

    public JdbcPaymentLedger(DataSource dataSource, Clock clock, LatePaymentPolicy latePaymentPolicy) {
        this.database = new LedgerDatabase(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latePaymentPolicy = Objects.requireNonNull(latePaymentPolicy, "latePaymentPolicy");
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
        Instant now = now();
        Push created = database.inTransaction("record the push", c -> {
            if (!unlessDuplicate(c, () -> PushTable.insert(c, push, now))) {
                throw refused(c, push);
            }
            return PushTable.find(c, push.id()).orElseThrow();
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
        // The ids are kept even when the operator stopped waiting or the outcome came first (a fast callback):
        // they are how the push is reconciled and correlated. Only a push still sending starts waiting, and
        // only a push without an outcome gets polled.
        String sql = "UPDATE push_request SET merchant_request_id = ?, checkout_request_id = ?,"
                + " status = CASE WHEN status = 'SENDING' THEN 'WAITING' ELSE status END,"
                + " next_poll_at = CASE WHEN outcome IS NULL THEN ? ELSE NULL END, review_since = NULL, updated_at = ?"
                + " WHERE id = ? AND checkout_request_id IS NULL";
        Instant now = now();
        return updatePush("record the provider's acceptance", id, sql, ps -> {
            ps.setString(1, merchantRequestId.value());
            ps.setString(2, checkoutRequestId.value());
            setInstant(ps, 3, firstPollAt);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
        });
    }

    @Override
    public Push recordDeliveryUnknown(PushId id, String message) {
        String sql = "UPDATE push_request SET status = 'WAITING', message = ?, updated_at = ?"
                + " WHERE id = ? AND outcome IS NULL AND " + PushTable.WAITED_ON + " AND checkout_request_id IS NULL";
        Instant now = now();
        return updatePush("record an unknown delivery", id, sql, ps -> {
            setText(ps, 1, message);
            setInstant(ps, 2, now);
            setUuid(ps, 3, id.value());
        });
    }

    @Override
    public Push stopWaiting(PushId id, OperatorName operator) {
        Push push = endWait(id, PushStatus.STOPPED, operator);
        LOG.info("Push {}: {} (by {})", id, push.status(), operator);
        return push;
    }

    @Override
    public Push endWaitingWindow(PushId id) {
        return endWait(id, PushStatus.TIMEOUT, null);
    }

    /**
     * The operator's wait ends; the phone is free again, and polling goes on to reconcile the push. A push the
     * provider never acknowledged cannot be polled: unless its callback still comes, it needs review.
     */
    private Push endWait(PushId id, PushStatus status, OperatorName operator) {
        String sql = "UPDATE push_request SET status = ?, open_phone = NULL, stopped_by = ?, updated_at = ?,"
                + " review_since = CASE WHEN checkout_request_id IS NULL AND outcome IS NULL THEN ?"
                + " ELSE review_since END"
                + " WHERE id = ? AND " + PushTable.WAITED_ON;
        Instant now = now();
        return updatePush("end the wait", id, sql, ps -> {
            ps.setString(1, status.name());
            setText(ps, 2, operator);
            setInstant(ps, 3, now);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
        });
    }

    /** Runs a conditional update of one push and returns the push as it stands, changed or not. */
    private Push updatePush(String operation, PushId id, String sql, LedgerDatabase.Binder binder) {
        return database.inTransaction(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                ps.executeUpdate();
            }
            return PushTable.find(c, id).orElseThrow(() -> unknownPush(id));
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

    // ---- settling ----------------------------------------------------------------------------------------

    @Override
    public SettleResult settle(Settlement settlement) {
        Instant now = now();
        LatePaymentPolicy policy = latePaymentPolicy;
        SettleResult result = database.inTransaction("settle the push", c -> settle(c, settlement, policy, now));
        if (result.kind() == SettleResult.Kind.CONFLICT) {
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

    private SettleResult settle(Connection c, Settlement settlement, LatePaymentPolicy policy, Instant now)
            throws SQLException {
        PushId id = settlement.pushId();
        Push push = PushTable.lockUnsettled(c, id).orElseThrow(() -> unknownPush(id));
        if (push.isSettled()) {
            return repeated(c, PushTable.find(c, id).orElseThrow(), settlement, now);
        }
        SettlementDecision decision = SettlementDecision.of(push, settlement, policy);
        markSettled(c, push, settlement, decision, now);
        Payment payment = settlement.outcome() == Outcome.SUCCEEDED
                ? recordSettledPayment(c, push, settlement.paid(), decision, now)
                : null;
        return new SettleResult(SettleResult.Kind.SETTLED, settled(push, settlement, decision, payment, now),
                payment);
    }

    /** The push as {@link #markSettled} leaves it, without reading it back. */
    private static Push settled(Push push, Settlement settlement, SettlementDecision decision, Payment payment,
            Instant now) {
        return new Push(push.id(), push.subscriberId(), push.phone(), push.amount(), decision.status(),
                settlement.outcome(), resultCode(push, settlement), decision.message(), push.merchantRequestId(),
                push.checkoutRequestId(), push.operator(), push.planId(), payment == null ? null : payment.id(),
                payment == null ? null : payment.receipt(),
                push.createdAt(), now, push.waitUntil(), push.pollAttempts(), null, null);
    }

    private static String resultCode(Push push, Settlement settlement) {
        return settlement.resultCode() != null ? settlement.resultCode() : push.resultCode();
    }

    /**
     * Gives the push its outcome; a settled push is no longer polled or holding its phone. The caller holds the
     * row lock and saw no outcome, so the update cannot miss; the condition guards against a caller that forgets.
     */
    private static void markSettled(Connection c, Push push, Settlement settlement, SettlementDecision decision,
            Instant now) throws SQLException {
        String sql = "UPDATE push_request SET outcome = ?, status = ?, result_code = ?, message = ?, settled_at = ?,"
                + " updated_at = ?, open_phone = NULL, next_poll_at = NULL, lease_owner = NULL, lease_until = NULL,"
                + " review_since = NULL WHERE id = ? AND outcome IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, settlement.outcome().name());
            ps.setString(2, decision.status().name());
            setText(ps, 3, resultCode(push, settlement));
            setText(ps, 4, decision.message());
            setInstant(ps, 5, now);
            setInstant(ps, 6, now);
            setUuid(ps, 7, push.id().value());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("push " + push.id() + " was settled by another transaction");
            }
        }
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
        if (receipt != null && push.paymentId() != null && push.receipt() == null
                && PaymentTable.findByReceipt(c, receipt).isEmpty()) {
            // a success first known from a status query gets its receipt from the callback that follows
            unlessDuplicate(c, () -> PaymentTable.fillReceipt(c, push.paymentId(), receipt));
        }
        return new SettleResult(SettleResult.Kind.DUPLICATE, PushTable.find(c, push.id()).orElseThrow(),
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
                UnredeemedReason.OUTCOME_CONFLICT.code(), null, null, now);
        if (PaymentTable.insertUnlessDuplicate(c, payment)) {
            LOG.warn("Push {} ended {} but M-Pesa reports receipt {} paid: held unredeemed for review", push.id(),
                    push.outcome(), paid.receipt());
            return new RecordedPayment(false, payment);
        }
        return new RecordedPayment(true, PaymentTable.findByReceipt(c, paid.receipt()).orElseThrow());
    }

    private static Payment recordSettledPayment(Connection c, Push push, PaidDetails paid, SettlementDecision decision,
            Instant now) throws SQLException {
        Receipt receipt = paid.receipt();
        Payment payment = new Payment(PaymentId.random(), receipt, paid.amount(),
                paid.phone() != null ? paid.phone() : push.phone().msisdn(), paid.paidAt(), paid.source(), push.id(),
                decision.linkTo(), push.subscriberId(), null,
                decision.unredeemed() == null ? null : decision.unredeemed().code(), null, null, now);
        if (receipt == null) {
            PaymentTable.insert(c, payment);
            return payment;
        }
        if (PaymentTable.insertUnlessDuplicate(c, payment)) {
            return payment;
        }
        // the receipt is already recorded (a C2B confirmation came first): that payment is this push's
        return attach(c, PaymentTable.findByReceipt(c, receipt).orElseThrow(), push, decision);
    }

    private static Payment attach(Connection c, Payment known, Push push, SettlementDecision decision)
            throws SQLException {
        PaymentTable.attachToPush(c, known, push.id(), decision.linkTo(), push.subscriberId());
        return PaymentTable.find(c, known.id()).orElseThrow();
    }

    // ---- payments ----------------------------------------------------------------------------------------

    @Override
    public RecordedPayment recordPayment(NewPayment payment) {
        Instant now = now();
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
                payment.accountReference(), linked ? null : payment.unredeemedReason().code(), null, null, now);
        if (!PaymentTable.insertUnlessDuplicate(c, row)) {
            // the same receipt arrived by another path a moment ago
            return new RecordedPayment(true, PaymentTable.findByReceipt(c, receipt).orElseThrow());
        }
        return new RecordedPayment(false, row);
    }

    @Override
    public Payment linkPayment(PaymentId id, SubscriberId subscriberId, OperatorName operator) {
        Instant now = now();
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

    // ---- journal -----------------------------------------------------------------------------------------

    @Override
    public long journal(ProviderEvent event) {
        Instant now = now();
        return database.oneStatement("journal the provider message", c -> JournalTable.insert(c, event, now));
    }

    @Override
    public void markJournaled(long journalId, ProviderEvent.Disposition disposition, String note) {
        Instant now = now();
        boolean marked = database.oneStatement("note what was done with the provider message",
                c -> JournalTable.mark(c, journalId, disposition, note, now));
        if (!marked) {
            throw new UnknownPaymentException("No journal entry " + journalId + ".");
        }
    }

    @Override
    public List<JournalEntry> recentJournal(int limit) {
        int bounded = Math.max(1, Math.min(limit, PaymentQuery.MAX_LIMIT));
        return database.oneStatement("read the journal", c -> JournalTable.recent(c, bounded));
    }

    // ---- polling -----------------------------------------------------------------------------------------

    @Override
    public List<Push> leaseDuePolls(String owner, int max, Duration leaseFor) {
        Objects.requireNonNull(owner, "owner");
        if (max < 1) {
            return List.of();
        }
        Instant now = now();
        Instant until = now.plus(leaseFor);
        return database.inTransaction("lease due status queries", c -> {
            List<UUID> leased = new ArrayList<>();
            for (UUID id : lockDuePolls(c, max, now)) {
                if (lease(c, id, owner, now, until)) {
                    leased.add(id);
                }
            }
            return PushTable.findAll(c, leased);
        });
    }

    /** Rows another node is leasing right now are skipped, not waited for. */
    private static List<UUID> lockDuePolls(Connection c, int max, Instant now) throws SQLException {
        String sql = "SELECT id FROM push_request"
                + " WHERE outcome IS NULL AND checkout_request_id IS NOT NULL AND next_poll_at <= ?"
                + " AND (lease_until IS NULL OR lease_until <= ?)"
                + " ORDER BY next_poll_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, now);
            setInstant(ps, 2, now);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(uuid(rs, "id"));
                }
            }
        }
        return ids;
    }

    /** Conditional, so a lease is taken once even where the row lock above did not exclude a rival. */
    private static boolean lease(Connection c, UUID id, String owner, Instant now, Instant until) throws SQLException {
        String sql = "UPDATE push_request SET lease_owner = ?, lease_until = ?"
                + " WHERE id = ? AND outcome IS NULL AND (lease_until IS NULL OR lease_until <= ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            setInstant(ps, 2, until);
            setUuid(ps, 3, id);
            setInstant(ps, 4, now);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public Push recordPollAttempt(PushId id, String owner, Instant nextPollAt) {
        // no next query: polling gives up on a push still without an outcome, which is left for review
        String sql = "UPDATE push_request SET poll_attempts = poll_attempts + 1, next_poll_at = ?,"
                + " review_since = CASE WHEN ? = 1 THEN COALESCE(review_since, ?) ELSE review_since END,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?";
        Instant now = now();
        return updatePush("record the status query", id, sql, ps -> {
            setInstant(ps, 1, nextPollAt);
            ps.setInt(2, nextPollAt == null ? 1 : 0);
            setInstant(ps, 3, now);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
            ps.setString(6, owner);
        });
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
    public List<Push> pushesPastTheirWindow(int max) {
        if (max < 1) {
            return List.of();
        }
        Instant now = now();
        return database.oneStatement("read the pushes past their window", c -> PushTable.pastTheirWindow(c, now, max));
    }

    // ---- health ------------------------------------------------------------------------------------------

    @Override
    public LedgerHealth health() {
        try (Connection c = database.dataSource().getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
            DatabaseMetaData metaData = c.getMetaData();
            return new LedgerHealth(true, LedgerDatabase.productName(metaData), metaData.getDatabaseProductVersion(),
                    schemaVersion(c), null);
        } catch (SQLException e) {
            return new LedgerHealth(false, null, null, null,
                    "The ledger database does not answer (SQL state " + e.getSQLState() + ").");
        } catch (RuntimeException e) {
            return new LedgerHealth(false, null, null, null,
                    "The ledger database cannot be used: " + e.getClass().getSimpleName() + ".");
        }
    }

    private static String schemaVersion(Connection c) {
        try {
            return LedgerSchema.currentVersion(c);
        } catch (SQLException e) {
            return null; // not migrated yet
        }
    }

    // ------------------------------------------------------------------------------------------------------

    /** The database keeps microseconds; so do we, so what is written reads back equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static UnknownPaymentException unknownPush(PushId id) {
        return new UnknownPaymentException("No push " + id + ".");
    }
}
