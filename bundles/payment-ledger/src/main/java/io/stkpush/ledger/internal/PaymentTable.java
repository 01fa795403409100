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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.PushId;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;
import io.stkpush.api.UnredeemedReason;

/** Reads and writes the {@code payment} table. */
final class PaymentTable {

    private static final String SELECT = "SELECT id, receipt, amount, phone, paid_at, source, push_id,"
            + " subscriber_id, intended_subscriber_id, account_reference, unredeemed_reason, linked_by, linked_at,"
            + " recorded_at FROM payment";

    private static final String INSERT = "INSERT INTO payment (id, receipt, amount, phone, paid_at, source, push_id,"
            + " subscriber_id, intended_subscriber_id, account_reference, unredeemed_reason, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private PaymentTable() {
    }

    static void insert(Connection c, Payment p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindNew(ps, p);
            ps.executeUpdate();
        }
    }

    /** @return false, with nothing written, when the receipt (or the push) already has a payment */
    /**
     * {@link #insertUnlessDuplicate} for several payments, as one batch (one round trip). PostgreSQL only.
     *
     * @return for each payment, whether it was inserted (false: a row with the same receipt or push exists)
     * @throws SQLException also when the driver does not tell which rows were inserted
     */
    static boolean[] insertAllUnlessDuplicate(Connection c, List<Payment> payments) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT + " ON CONFLICT DO NOTHING")) {
            for (Payment p : payments) {
                bindNew(ps, p);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] inserted = new boolean[payments.size()];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    // reWriteBatchedInserts in the JDBC URL merges the rows and reports no count per row
                    throw new SQLException("the driver did not report which payments were inserted");
                }
                inserted[i] = counts[i] == 1;
            }
            return inserted;
        }
    }

    static boolean insertUnlessDuplicate(Connection c, Payment p) throws SQLException {
        return LedgerDatabase.insertUnlessDuplicate(c, INSERT, ps -> bindNew(ps, p));
    }

    private static void bindNew(PreparedStatement ps, Payment p) throws SQLException {
        setUuid(ps, 1, p.id().value());
        setText(ps, 2, p.receipt());
        ps.setLong(3, p.amount().shillings());
        setText(ps, 4, p.phone());
        setInstant(ps, 5, p.paidAt());
        ps.setString(6, p.source().name());
        setUuid(ps, 7, p.pushId() == null ? null : p.pushId().value());
        setText(ps, 8, p.subscriberId());
        setText(ps, 9, p.intendedSubscriberId());
        setText(ps, 10, p.accountReference());
        setText(ps, 11, code(p.unredeemedReason()));
        setInstant(ps, 12, p.recordedAt());
    }

    static Optional<Payment> find(Connection c, PaymentId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            setUuid(ps, 1, id.value());
            return one(ps);
        }
    }

    static Optional<Payment> findByReceipt(Connection c, Receipt receipt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE receipt = ?")) {
            ps.setString(1, receipt.value());
            return one(ps);
        }
    }

    /**
     * The oldest C2B payment no push holds yet, of this amount, for this subscriber (linked or intended), paid between
     * {@code from} and {@code to}; locked until the transaction ends, so two settlements never claim the same one.
     */
    static Optional<Payment> unclaimedC2b(Connection c, SubscriberId subscriber, Kes amount, Instant from, Instant to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE push_id IS NULL AND source = ? AND amount = ?"
                + " AND (subscriber_id = ? OR intended_subscriber_id = ?) AND paid_at >= ? AND paid_at <= ?"
                + " ORDER BY paid_at, id FETCH FIRST 1 ROWS ONLY FOR UPDATE")) {
            ps.setString(1, PaymentSource.C2B.name());
            ps.setLong(2, amount.shillings());
            ps.setString(3, subscriber.value());
            ps.setString(4, subscriber.value());
            setInstant(ps, 5, from);
            setInstant(ps, 6, to);
            return one(ps);
        }
    }

    static Optional<Payment> findByPush(Connection c, PushId pushId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE push_id = ?")) {
            setUuid(ps, 1, pushId.value());
            return one(ps);
        }
    }

    /** Newest first by when it was paid; ties by when it was recorded. */
    static List<Payment> find(Connection c, PaymentQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.subscriberId() != null) {
            sql.append(" AND (subscriber_id = ? OR intended_subscriber_id = ?)");
            args.add(query.subscriberId().value());
            args.add(query.subscriberId().value());
        }
        if (query.unredeemedOnly()) {
            sql.append(" AND subscriber_id IS NULL");
        }
        if (query.from() != null) {
            sql.append(" AND paid_at >= ?");
            args.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND paid_at < ?");
            args.add(query.to());
        }
        sql.append(" ORDER BY paid_at DESC, recorded_at DESC, id FETCH FIRST ? ROWS ONLY");
        args.add(query.limit());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                bind(ps, i + 1, args.get(i));
            }
            return all(ps);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Instant) {
            setInstant(ps, index, (Instant) value);
        } else if (value instanceof Integer) {
            ps.setInt(index, (Integer) value);
        } else {
            ps.setString(index, (String) value);
        }
    }

    /** Links an unredeemed payment; false when there is no such payment or it is already linked. */
    static boolean link(Connection c, PaymentId id, SubscriberId subscriberId, OperatorName operator, Instant now)
            throws SQLException {
        String sql = "UPDATE payment SET subscriber_id = ?, linked_by = ?, linked_at = ?"
                + " WHERE id = ? AND subscriber_id IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, subscriberId.value());
            ps.setString(2, operator.value());
            setInstant(ps, 3, now);
            setUuid(ps, 4, id.value());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Gives an already recorded payment (e.g. from a C2B confirmation) to the push that produced it. Only fills
     * what is still empty: a payment already linked, or already tied to a push, keeps that.
     */
    static void attachToPush(Connection c, Payment existing, PushId pushId, SubscriberId linkTo,
            SubscriberId intended) throws SQLException {
        boolean link = existing.subscriberId() == null && linkTo != null;
        String sql = "UPDATE payment SET push_id = COALESCE(push_id, ?),"
                + " intended_subscriber_id = COALESCE(intended_subscriber_id, ?),"
                + " subscriber_id = ?, unredeemed_reason = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setUuid(ps, 1, pushId.value());
            setText(ps, 2, intended);
            setText(ps, 3, link ? linkTo : existing.subscriberId());
            setText(ps, 4, link ? null : code(existing.unredeemedReason()));
            setUuid(ps, 5, existing.id().value());
            ps.executeUpdate();
        }
    }

    /** Payments linked to no subscriber: those under Unredeemed Payments. */
    static long countUnredeemed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM payment WHERE subscriber_id IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Fills in a receipt the payment did not have yet (a success first known from a status query). */
    static void fillReceipt(Connection c, PaymentId id, Receipt receipt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE payment SET receipt = ? WHERE id = ? AND receipt IS NULL")) {
            ps.setString(1, receipt.value());
            setUuid(ps, 2, id.value());
            ps.executeUpdate();
        }
    }

    private static Optional<Payment> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static List<Payment> all(PreparedStatement ps) throws SQLException {
        List<Payment> payments = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                payments.add(read(rs));
            }
        }
        return payments;
    }

    private static Payment read(ResultSet rs) throws SQLException {
        String receipt = rs.getString("receipt");
        UUID pushId = uuid(rs, "push_id");
        String linkedBy = rs.getString("linked_by");
        String unredeemedReason = rs.getString("unredeemed_reason");
        return new Payment(
                new PaymentId(uuid(rs, "id")),
                receipt == null ? null : new Receipt(receipt),
                Kes.of(rs.getLong("amount")),
                rs.getString("phone"),
                instant(rs, "paid_at"),
                PaymentSource.valueOf(rs.getString("source")),
                pushId == null ? null : new PushId(pushId),
                subscriber(rs.getString("subscriber_id")),
                subscriber(rs.getString("intended_subscriber_id")),
                rs.getString("account_reference"),
                unredeemedReason == null ? null : UnredeemedReason.ofCode(unredeemedReason),
                linkedBy == null ? null : new OperatorName(linkedBy),
                instant(rs, "linked_at"),
                instant(rs, "recorded_at"));
    }

    /** The column keeps the reason's code, as the API shows it. */
    private static String code(UnredeemedReason reason) {
        return reason == null ? null : reason.code();
    }

    private static SubscriberId subscriber(String value) {
        return value == null ? null : new SubscriberId(value);
    }
}
