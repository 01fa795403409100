package io.stkpush.ledger.internal;

import static io.stkpush.ledger.internal.Columns.setText;
import static io.stkpush.ledger.internal.Columns.setUuid;
import static io.stkpush.ledger.internal.Columns.uuid;
import static io.stkpush.schema.Jdbc.instant;
import static io.stkpush.schema.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.Settlement;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnknownPaymentException;

/**
 * Reads and writes the {@code push_request} table: every statement on it is here. A push's payment id, receipt
 * and paid amount come from its payment row. The writes are conditional, and say whether they matched the row:
 * that is how one caller, and only one, wins a change.
 */
final class PushTable {

    private static final String PUSH_COLUMNS = "p.id, p.subscriber_id, p.phone, p.amount, p.status, p.outcome,"
            + " p.reason, p.result_code, p.provider_text, p.merchant_request_id, p.checkout_request_id,"
            + " p.operator_name, p.plan_id, p.created_at, p.updated_at, p.wait_until, p.poll_attempts,"
            + " p.next_poll_at, p.review_since";

    private static final String SELECT = "SELECT " + PUSH_COLUMNS
            + ", pay.id AS payment_id, pay.receipt, pay.amount AS paid_amount"
            + " FROM push_request p LEFT JOIN payment pay ON pay.push_id = p.id";

    /** A push still waited on; SQL twin of {@link PushStatus#isWaiting()}. */
    private static final String WAITED_ON = "status IN ('SENDING', 'WAITING')";

    /** No live lease holds the push. */
    private static final String NOT_LEASED = "(lease_until IS NULL OR lease_until <= ?)";

    private PushTable() {
    }

    // ---- the push lifecycle ------------------------------------------------------------------------------

    static void insert(Connection c, NewPush push, Instant now) throws SQLException {
        String sql = "INSERT INTO push_request (id, subscriber_id, phone, amount, status, operator_name, plan_id,"
                + " open_phone, created_at, updated_at, wait_until, poll_attempts)"
                + " VALUES (?, ?, ?, ?, 'SENDING', ?, ?, ?, ?, ?, ?, 0)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            String phone = push.request().phone().msisdn();
            setUuid(ps, 1, push.id().value());
            ps.setString(2, push.request().subscriberId().value());
            ps.setString(3, phone);
            ps.setLong(4, push.request().amount().shillings());
            ps.setString(5, push.request().operator().value());
            setText(ps, 6, push.request().planId());
            ps.setString(7, phone);
            setInstant(ps, 8, now);
            setInstant(ps, 9, now);
            setInstant(ps, 10, now.plus(push.waitingWindow()));
            ps.executeUpdate();
        }
    }

    /**
     * Keeps the provider's ids, even when the operator stopped waiting or the outcome came first (a fast
     * callback): they are how the push is reconciled and correlated. Only a push still sending starts waiting,
     * and only a push without an outcome gets polled. Ids already recorded are never replaced.
     */
    static boolean recordAcceptance(Connection c, PushId id, MerchantRequestId merchantRequestId,
            CheckoutRequestId checkoutRequestId, Instant firstPollAt, Instant now) throws SQLException {
        String sql = "UPDATE push_request SET merchant_request_id = ?, checkout_request_id = ?,"
                + " status = CASE WHEN status = 'SENDING' THEN 'WAITING' ELSE status END,"
                + " next_poll_at = CASE WHEN outcome IS NULL THEN ? ELSE NULL END, review_since = NULL, updated_at = ?"
                + " WHERE id = ? AND checkout_request_id IS NULL";
        return update(c, sql, ps -> {
            ps.setString(1, merchantRequestId.value());
            ps.setString(2, checkoutRequestId.value());
            setInstant(ps, 3, firstPollAt);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
        });
    }

    /** The provider's answer to a push still sending was lost: it waits, for its callback or an operator. */
    static boolean recordDeliveryUnknown(Connection c, PushId id, String providerText, Instant now)
            throws SQLException {
        String sql = "UPDATE push_request SET status = 'WAITING', reason = ?, provider_text = ?, updated_at = ?"
                + " WHERE id = ? AND outcome IS NULL AND " + WAITED_ON + " AND checkout_request_id IS NULL";
        return update(c, sql, ps -> {
            ps.setString(1, PushReason.ANSWER_LOST.code());
            setText(ps, 2, providerText);
            setInstant(ps, 3, now);
            setUuid(ps, 4, id.value());
        });
    }

    /**
     * The operator's wait ends, if the push is still waited on; the phone is free again, and polling goes on to
     * reconcile the push. A push the provider never acknowledged cannot be polled: unless its callback still
     * comes, it needs review.
     *
     * @param operator who stopped waiting, or {@code null} when the window closed
     */
    static boolean endWait(Connection c, PushId id, PushStatus status, OperatorName operator, Instant now)
            throws SQLException {
        String sql = "UPDATE push_request SET status = ?, open_phone = NULL, stopped_by = ?, updated_at = ?,"
                + " review_since = CASE WHEN checkout_request_id IS NULL AND outcome IS NULL THEN ?"
                + " ELSE review_since END"
                + " WHERE id = ? AND " + WAITED_ON;
        return update(c, sql, ps -> {
            ps.setString(1, status.name());
            setText(ps, 2, operator);
            setInstant(ps, 3, now);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
        });
    }

    /**
     * Gives the push its outcome; a settled push is no longer polled or holding its phone. Only a push without an
     * outcome matches.
     */
    static boolean markSettled(Connection c, PushId id, Outcome outcome, Settlement.Evidence evidence,
            SettlementDecision decision, String resultCode, Instant now) throws SQLException {
        return setOutcome(c, id, outcome, evidence, decision, resultCode, now, "outcome IS NULL", ps -> { });
    }

    /** Which path gave the push its outcome; rows settled before schema 6 count as callbacks. */
    static Settlement.Evidence outcomeEvidence(Connection c, PushId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome_evidence FROM push_request WHERE id = ?")) {
            setUuid(ps, 1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                String code = rs.next() ? rs.getString(1) : null;
                return code == null ? Settlement.Evidence.CALLBACK : Settlement.Evidence.ofCode(code);
            }
        }
    }

    /**
     * Replaces a non-success that only a status query gave with the success a receipt proves. Only that outcome,
     * from that evidence, matches: two nodes applying the same receipt change it once.
     */
    static boolean overruleQueryOutcome(Connection c, PushId id, Outcome previous, Settlement.Evidence evidence,
            SettlementDecision decision, String resultCode, Instant now) throws SQLException {
        return setOutcome(c, id, Outcome.SUCCEEDED, evidence, decision, resultCode, now,
                "outcome = ? AND outcome_evidence = ?", ps -> {
                    ps.setString(10, previous.name());
                    ps.setString(11, Settlement.Evidence.STATUS_QUERY.code());
                });
    }

    /** Writes an outcome and what it decided, where {@code condition} (its parameters from 10 on) matches. */
    private static boolean setOutcome(Connection c, PushId id, Outcome outcome, Settlement.Evidence evidence,
            SettlementDecision decision, String resultCode, Instant now, String condition,
            LedgerDatabase.Binder conditionValues) throws SQLException {
        return update(c, SET_OUTCOME + condition, ps -> {
            bindOutcome(ps, id, outcome, evidence, decision, resultCode, now);
            conditionValues.bind(ps);
        });
    }

    private static final String SET_OUTCOME = "UPDATE push_request SET outcome = ?, outcome_evidence = ?, status = ?,"
            + " reason = ?, result_code = ?, provider_text = ?, settled_at = ?, updated_at = ?, open_phone = NULL,"
            + " next_poll_at = NULL, lease_owner = NULL, lease_until = NULL, review_since = NULL WHERE id = ? AND ";

    private static void bindOutcome(PreparedStatement ps, PushId id, Outcome outcome, Settlement.Evidence evidence,
            SettlementDecision decision, String resultCode, Instant now) throws SQLException {
        ps.setString(1, outcome.name());
        ps.setString(2, evidence.code());
        ps.setString(3, decision.status().name());
        setText(ps, 4, decision.reason() == null ? null : decision.reason().code());
        setText(ps, 5, resultCode);
        setText(ps, 6, decision.providerText());
        setInstant(ps, 7, now);
        setInstant(ps, 8, now);
        setUuid(ps, 9, id.value());
    }

    /** One push's settlement, for {@link #markAllSettled}. */
    record Marking(PushId id, Outcome outcome, Settlement.Evidence evidence, SettlementDecision decision,
            String resultCode) {
    }

    /**
     * {@link #markSettled} for several pushes, as one batch (one round trip on PostgreSQL).
     *
     * @return whether every push was marked
     */
    static boolean markAllSettled(Connection c, List<Marking> markings, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_OUTCOME + "outcome IS NULL")) {
            for (Marking m : markings) {
                bindOutcome(ps, m.id(), m.outcome(), m.evidence(), m.decision(), m.resultCode(), now);
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                if (count != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Locks the pushes among {@code ids} that exist, in id order (two groups locking the same pushes never wait on
     * each other), without their payments. PostgreSQL only (an array parameter).
     */
    static Map<PushId, Push> lockAll(Connection c, Collection<PushId> ids) throws SQLException {
        Map<PushId, Push> locked = new HashMap<>();
        String sql = "SELECT " + PUSH_COLUMNS + ", NULL AS payment_id, NULL AS receipt, NULL AS paid_amount"
                + " FROM push_request p WHERE p.id = ANY (?) ORDER BY p.id FOR UPDATE";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", ids.stream().map(PushId::value).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Push push = read(rs);
                    locked.put(push.id(), push);
                }
            }
        }
        return locked;
    }

    // ---- polling -----------------------------------------------------------------------------------------

    /**
     * Locks up to {@code max} pushes whose status query is due and that no live lease holds, until the
     * transaction ends; rows another node is leasing right now are skipped, not waited for.
     */
    static List<UUID> lockDuePolls(Connection c, int max, Instant now) throws SQLException {
        String sql = "SELECT id FROM push_request"
                + " WHERE outcome IS NULL AND checkout_request_id IS NOT NULL AND next_poll_at <= ? AND " + NOT_LEASED
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

    /**
     * Leases the pushes to {@code owner} until {@code until}. Conditional, so a lease is taken once even where the
     * row lock of {@link #lockDuePolls} did not exclude a rival.
     */
    static void lease(Connection c, List<UUID> ids, String owner, Instant now, Instant until) throws SQLException {
        String sql = "UPDATE push_request SET lease_owner = ?, lease_until = ?"
                + " WHERE id IN (" + placeholders(ids) + ") AND outcome IS NULL AND " + NOT_LEASED;
        update(c, sql, ps -> {
            ps.setString(1, owner);
            setInstant(ps, 2, until);
            int index = bindIds(ps, 3, ids);
            setInstant(ps, index, now);
        });
    }

    /** Those of the pushes that {@link #lease} gave to {@code owner}, in the order their queries fell due. */
    static List<Push> leased(Connection c, List<UUID> ids, String owner, Instant until) throws SQLException {
        return all(c, SELECT + " WHERE p.id IN (" + placeholders(ids) + ") AND p.lease_owner = ? AND p.lease_until = ?"
                + " ORDER BY p.next_poll_at, p.id", ps -> {
                    int index = bindIds(ps, 1, ids);
                    ps.setString(index, owner);
                    setInstant(ps, index + 1, until);
                });
    }

    /**
     * Notes a status query made under {@code owner}'s lease and releases it. No next query means polling gives
     * up on a push still without an outcome: it is left for review.
     */
    static boolean recordPollAttempt(Connection c, PushId id, String owner, Instant nextPollAt, Instant now)
            throws SQLException {
        String sql = "UPDATE push_request SET poll_attempts = poll_attempts + 1, next_poll_at = ?,"
                + " review_since = CASE WHEN ? = 1 THEN COALESCE(review_since, ?) ELSE review_since END,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?";
        return update(c, sql, ps -> {
            setInstant(ps, 1, nextPollAt);
            ps.setInt(2, nextPollAt == null ? 1 : 0);
            setInstant(ps, 3, now);
            setInstant(ps, 4, now);
            setUuid(ps, 5, id.value());
            ps.setString(6, owner);
        });
    }

    /** Notes a status query put off (not sent) under {@code owner}'s lease and releases it; attempts unchanged. */
    static boolean deferPoll(Connection c, PushId id, String owner, Instant nextPollAt, Instant now)
            throws SQLException {
        String sql = "UPDATE push_request SET next_poll_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?"
                + " WHERE id = ? AND lease_owner = ?";
        return update(c, sql, ps -> {
            setInstant(ps, 1, nextPollAt);
            setInstant(ps, 2, now);
            setUuid(ps, 3, id.value());
            ps.setString(4, owner);
        });
    }

    // ---- reads -------------------------------------------------------------------------------------------

    static Optional<Push> find(Connection c, PushId id) throws SQLException {
        return one(c, SELECT + " WHERE p.id = ?", ps -> setUuid(ps, 1, id.value()));
    }

    /** The push as it stands. */
    static Push existing(Connection c, PushId id) throws SQLException {
        return find(c, id).orElseThrow(() -> unknown(id));
    }

    static Optional<Push> findByCheckoutRequestId(Connection c, CheckoutRequestId id) throws SQLException {
        return one(c, SELECT + " WHERE p.checkout_request_id = ?", ps -> ps.setString(1, id.value()));
    }

    static Optional<Push> findOpen(Connection c, PhoneNumber phone) throws SQLException {
        return one(c, SELECT + " WHERE p.open_phone = ?", ps -> ps.setString(1, phone.msisdn()));
    }

    /**
     * A status query overdue by more than this means no poller was running (a restart, a database outage): such a
     * push is asked about before its wait is ended, so a payment made in time is not called late.
     */
    static final Duration QUERY_OVERDUE = Duration.ofSeconds(30);
    /** How long past its window a push with an overdue query may be kept waiting for that answer, at most. */
    static final Duration WINDOW_DEFERRED_AT_MOST = Duration.ofMinutes(5);

    static List<Push> pastTheirWindow(Connection c, Instant now, int max) throws SQLException {
        return all(c, SELECT + " WHERE p." + WAITED_ON + " AND p.wait_until <= ?"
                + " AND (p.next_poll_at IS NULL OR p.next_poll_at >= ? OR p.wait_until <= ?)"
                + " ORDER BY p.wait_until FETCH FIRST ? ROWS ONLY", ps -> {
                    setInstant(ps, 1, now);
                    setInstant(ps, 2, now.minus(QUERY_OVERDUE));
                    setInstant(ps, 3, now.minus(WINDOW_DEFERRED_AT_MOST));
                    ps.setInt(4, max);
                });
    }

    static List<Push> recent(Connection c, PushStatus status, int max) throws SQLException {
        if (status == null) {
            return all(c, SELECT + " ORDER BY p.created_at DESC, p.id FETCH FIRST ? ROWS ONLY", ps -> ps.setInt(1, max));
        }
        return all(c, SELECT + " WHERE p.status = ? ORDER BY p.created_at DESC, p.id FETCH FIRST ? ROWS ONLY", ps -> {
            ps.setString(1, status.name());
            ps.setInt(2, max);
        });
    }

    /** See {@link io.stkpush.api.PushLedger#pushesAwaitingPayment}; the oldest ten at most. */
    static List<Push> awaitingPayment(Connection c, SubscriberId subscriber, Kes amount, Instant from, Instant to)
            throws SQLException {
        return all(c, SELECT + " WHERE p.subscriber_id = ? AND p.amount = ? AND p.created_at >= ? AND p.created_at <= ?"
                + " AND ((pay.id IS NULL AND (p.outcome IS NULL"
                + " OR (p.outcome <> 'SUCCEEDED' AND p.outcome_evidence = 'status_query')))"
                + " OR (p.outcome = 'SUCCEEDED' AND pay.id IS NOT NULL AND pay.receipt IS NULL))"
                + " ORDER BY p.created_at FETCH FIRST 10 ROWS ONLY", ps -> {
                    ps.setString(1, subscriber.value());
                    ps.setLong(2, amount.shillings());
                    setInstant(ps, 3, from);
                    setInstant(ps, 4, to);
                });
    }

    static List<Push> needingReview(Connection c, int max) throws SQLException {
        return all(c, SELECT + " WHERE p.review_since IS NOT NULL AND p.outcome IS NULL ORDER BY p.review_since"
                + " FETCH FIRST ? ROWS ONLY", ps -> ps.setInt(1, max));
    }

    // ---- counts for the administrator --------------------------------------------------------------------

    /** Pushes still in progress, by what they wait for; see {@link io.stkpush.api.LedgerCounts}. */
    record WorkCounts(long waiting, long reconciling, long needingReview) {
    }

    /** A status query that fell due and has not been made yet. */
    record DueQuery(PushId push, Instant dueAt) {
    }

    /**
     * One pass over the pushes that are unsettled or waited on (a settled push is neither): waited on, still
     * reconciled, or left for review. A push left for review is not also counted as reconciling.
     */
    static WorkCounts workCounts(Connection c) throws SQLException {
        String sql = "SELECT"
                + " SUM(CASE WHEN " + WAITED_ON + " THEN 1 ELSE 0 END) AS waiting,"
                + " SUM(CASE WHEN outcome IS NULL AND NOT " + WAITED_ON
                + " AND review_since IS NULL THEN 1 ELSE 0 END) AS reconciling,"
                + " SUM(CASE WHEN outcome IS NULL AND review_since IS NOT NULL THEN 1 ELSE 0 END) AS needing_review"
                + " FROM push_request WHERE outcome IS NULL OR " + WAITED_ON;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            // SUM over no rows is NULL, which getLong reads as 0
            return new WorkCounts(rs.getLong("waiting"), rs.getLong("reconciling"), rs.getLong("needing_review"));
        }
    }

    /** The unsettled push whose status query has been due longest, if any is due at {@code now}. */
    static Optional<DueQuery> mostOverdueQuery(Connection c, Instant now) throws SQLException {
        String sql = "SELECT id, next_poll_at FROM push_request WHERE outcome IS NULL AND next_poll_at <= ?"
                + " ORDER BY next_poll_at, id FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DueQuery(new PushId(uuid(rs, "id")), instant(rs, "next_poll_at")))
                        : Optional.empty();
            }
        }
    }

    /**
     * Locks the push row until the transaction ends, so settling and stopping it take turns, and reads it. The
     * payment is not read: a push gets its payment when it settles, so an unsettled push has none, and a
     * settled one is read again with {@link #find}.
     */
    static Push lockUnsettled(Connection c, PushId id) throws SQLException {
        // PostgreSQL cannot lock the nullable side of an outer join, hence no join with payment
        return one(c, "SELECT " + PUSH_COLUMNS + ", NULL AS payment_id, NULL AS receipt, NULL AS paid_amount"
                + " FROM push_request p WHERE p.id = ? FOR UPDATE", ps -> setUuid(ps, 1, id.value()))
                .orElseThrow(() -> unknown(id));
    }

    private static UnknownPaymentException unknown(PushId id) {
        return new UnknownPaymentException("No push " + id + ".");
    }

    // ------------------------------------------------------------------------------------------------------

    private static boolean update(Connection c, String sql, LedgerDatabase.Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate() > 0;
        }
    }

    private static String placeholders(List<UUID> ids) {
        return String.join(", ", Collections.nCopies(ids.size(), "?"));
    }

    /** @return the index of the next parameter */
    private static int bindIds(PreparedStatement ps, int first, List<UUID> ids) throws SQLException {
        int index = first;
        for (UUID id : ids) {
            setUuid(ps, index++, id);
        }
        return index;
    }

    private static List<Push> all(Connection c, String sql, LedgerDatabase.Binder binder) throws SQLException {
        List<Push> pushes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pushes.add(read(rs));
                }
            }
        }
        return pushes;
    }

    private static Optional<Push> one(Connection c, String sql, LedgerDatabase.Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Push read(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        String reason = rs.getString("reason");
        String merchantId = rs.getString("merchant_request_id");
        String checkoutId = rs.getString("checkout_request_id");
        String planId = rs.getString("plan_id");
        UUID paymentId = uuid(rs, "payment_id");
        String receipt = rs.getString("receipt");
        long paidAmount = rs.getLong("paid_amount");
        boolean paid = !rs.wasNull();
        return new Push(
                new PushId(uuid(rs, "id")),
                new SubscriberId(rs.getString("subscriber_id")),
                new PhoneNumber(rs.getString("phone")),
                Kes.of(rs.getLong("amount")),
                PushStatus.valueOf(rs.getString("status")),
                outcome == null ? null : Outcome.valueOf(outcome),
                reason == null ? null : PushReason.ofCode(reason),
                rs.getString("result_code"),
                rs.getString("provider_text"),
                merchantId == null ? null : new MerchantRequestId(merchantId),
                checkoutId == null ? null : new CheckoutRequestId(checkoutId),
                new OperatorName(rs.getString("operator_name")),
                planId,
                paymentId == null ? null : new PaymentId(paymentId),
                receipt == null ? null : new Receipt(receipt),
                paid ? Kes.of(paidAmount) : null,
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "wait_until"),
                rs.getInt("poll_attempts"),
                instant(rs, "next_poll_at"),
                instant(rs, "review_since"));
    }
}
