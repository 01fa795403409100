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
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;

/** Reads and writes the {@code push_request} table. A push's payment id and receipt come from its payment row. */
final class PushTable {

    private static final String PUSH_COLUMNS = "p.id, p.subscriber_id, p.phone, p.amount, p.status, p.outcome,"
            + " p.result_code, p.message, p.merchant_request_id, p.checkout_request_id, p.operator_name, p.plan_id,"
            + " p.created_at, p.updated_at, p.wait_until, p.poll_attempts, p.next_poll_at, p.review_since";

    private static final String SELECT = "SELECT " + PUSH_COLUMNS + ", pay.id AS payment_id, pay.receipt"
            + " FROM push_request p LEFT JOIN payment pay ON pay.push_id = p.id";

    /** A push still waited on; SQL twin of {@link PushStatus#isWaiting()}. */
    static final String WAITED_ON = "status IN ('SENDING', 'WAITING')";

    private PushTable() {
    }

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

    static Optional<Push> find(Connection c, PushId id) throws SQLException {
        return one(c, SELECT + " WHERE p.id = ?", ps -> setUuid(ps, 1, id.value()));
    }

    static Optional<Push> findByCheckoutRequestId(Connection c, CheckoutRequestId id) throws SQLException {
        return one(c, SELECT + " WHERE p.checkout_request_id = ?", ps -> ps.setString(1, id.value()));
    }

    static Optional<Push> findOpen(Connection c, PhoneNumber phone) throws SQLException {
        return one(c, SELECT + " WHERE p.open_phone = ?", ps -> ps.setString(1, phone.msisdn()));
    }

    static List<Push> pastTheirWindow(Connection c, Instant now, int max) throws SQLException {
        return all(c, SELECT + " WHERE p." + WAITED_ON + " AND p.wait_until <= ? ORDER BY p.wait_until"
                + " FETCH FIRST ? ROWS ONLY", ps -> {
                    setInstant(ps, 1, now);
                    ps.setInt(2, max);
                });
    }

    static List<Push> needingReview(Connection c, int max) throws SQLException {
        return all(c, SELECT + " WHERE p.review_since IS NOT NULL AND p.outcome IS NULL ORDER BY p.review_since"
                + " FETCH FIRST ? ROWS ONLY", ps -> ps.setInt(1, max));
    }

    /**
     * Locks the push row until the transaction ends, so settling and stopping it take turns, and reads it. The
     * payment is not read: a push gets its payment when it settles, so an unsettled push has none, and a
     * settled one is read again with {@link #find}.
     */
    static Optional<Push> lockUnsettled(Connection c, PushId id) throws SQLException {
        // PostgreSQL cannot lock the nullable side of an outer join, hence no join with payment
        return one(c, "SELECT " + PUSH_COLUMNS + ", NULL AS payment_id, NULL AS receipt FROM push_request p"
                + " WHERE p.id = ? FOR UPDATE", ps -> setUuid(ps, 1, id.value()));
    }

    static List<Push> findAll(Connection c, List<UUID> ids) throws SQLException {
        List<Push> pushes = new ArrayList<>();
        for (UUID id : ids) {
            find(c, new PushId(id)).ifPresent(pushes::add);
        }
        return pushes;
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

    static Push read(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        String merchantId = rs.getString("merchant_request_id");
        String checkoutId = rs.getString("checkout_request_id");
        String planId = rs.getString("plan_id");
        UUID paymentId = uuid(rs, "payment_id");
        String receipt = rs.getString("receipt");
        return new Push(
                new PushId(uuid(rs, "id")),
                new SubscriberId(rs.getString("subscriber_id")),
                new PhoneNumber(rs.getString("phone")),
                Kes.of(rs.getLong("amount")),
                PushStatus.valueOf(rs.getString("status")),
                outcome == null ? null : Outcome.valueOf(outcome),
                rs.getString("result_code"),
                rs.getString("message"),
                merchantId == null ? null : new MerchantRequestId(merchantId),
                checkoutId == null ? null : new CheckoutRequestId(checkoutId),
                new OperatorName(rs.getString("operator_name")),
                planId,
                paymentId == null ? null : new PaymentId(paymentId),
                receipt == null ? null : new Receipt(receipt),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "wait_until"),
                rs.getInt("poll_attempts"),
                instant(rs, "next_poll_at"),
                instant(rs, "review_since"));
    }
}
