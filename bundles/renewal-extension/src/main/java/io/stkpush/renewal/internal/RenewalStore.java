package io.stkpush.renewal.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.SubscriberId;
import io.stkpush.schema.Jdbc;

/**
 * The {@code plan_renewal} table. Every change is one conditional UPDATE, so the rules hold across threads and nodes
 * sharing the database: a payment is claimed by one renewal, one caller at a time holds the lease to call the host,
 * and an applied renewal is never changed again.
 */
final class RenewalStore {

    private static final String COLUMNS = "id, push_id, subscriber_id, plan_id, plan_name, amount_kes, operator_name,"
            + " state, payment_id, attempts, next_attempt_at, message, new_expires_at, created_at, updated_at";

    private final DataSource dataSource;

    RenewalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Renewal r) {
        update("record a renewal", "INSERT INTO plan_renewal (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)", ps -> {
                    ps.setString(1, r.id());
                    ps.setString(2, r.pushId().toString());
                    ps.setString(3, r.subscriberId().value());
                    ps.setString(4, r.planId());
                    ps.setString(5, r.planName());
                    ps.setLong(6, r.amount().shillings());
                    ps.setString(7, r.operator().value());
                    ps.setString(8, r.state().name());
                    ps.setString(9, r.paymentId() == null ? null : r.paymentId().toString());
                    ps.setInt(10, r.attempts());
                    Jdbc.setInstant(ps, 11, r.nextAttemptAt());
                    ps.setString(12, r.message());
                    Jdbc.setInstant(ps, 13, r.newExpiresAt());
                    Jdbc.setInstant(ps, 14, r.createdAt());
                    Jdbc.setInstant(ps, 15, r.updatedAt());
                });
    }

    /** Only for a renewal whose push was refused before anything was sent. */
    void delete(String id) {
        update("forget a renewal", "DELETE FROM plan_renewal WHERE id = ? AND payment_id IS NULL", ps -> ps.setString(1, id));
    }

    Optional<Renewal> find(String id) {
        return query("SELECT " + COLUMNS + " FROM plan_renewal WHERE id = ?", ps -> ps.setString(1, id)).stream()
                .findFirst();
    }

    Optional<Renewal> findByPush(PushId pushId) {
        return query("SELECT " + COLUMNS + " FROM plan_renewal WHERE push_id = ?", ps -> ps.setString(1, pushId.toString()))
                .stream().findFirst();
    }

    /** Newest first; each filter may be {@code null}. */
    List<Renewal> list(SubscriberId subscriberId, RenewalState state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM plan_renewal WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (subscriberId != null) {
            sql.append(" AND subscriber_id = ?");
            params.add(subscriberId.value());
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT ").append(Math.max(1, limit));
        return query(sql.toString(), ps -> {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
        });
    }

    /** Renewals still waiting to learn whether they were paid, oldest first. */
    List<Renewal> awaitingPayment(int limit) {
        return query("SELECT " + COLUMNS + " FROM plan_renewal WHERE state = 'PENDING' AND payment_id IS NULL"
                + " ORDER BY created_at, id LIMIT " + Math.max(1, limit), ps -> { });
    }

    /** Paid renewals whose call to the host is due and that no live lease holds, oldest due first. */
    List<Renewal> dueForHost(Instant now, int limit) {
        return query("SELECT " + COLUMNS + " FROM plan_renewal WHERE state = 'PENDING' AND payment_id IS NOT NULL"
                + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)"
                + " ORDER BY next_attempt_at, id LIMIT " + Math.max(1, limit), ps -> {
                    Jdbc.setInstant(ps, 1, now);
                    Jdbc.setInstant(ps, 2, now);
                });
    }

    /**
     * Not paid (or not yet known to be): a renewal still without a payment becomes NOT_PAID with these words.
     *
     * @return true when this call changed it
     */
    boolean markNotPaid(String id, String message, Instant now) {
        return update("note a renewal not paid", "UPDATE plan_renewal SET state = 'NOT_PAID', message = ?, updated_at = ?"
                + " WHERE id = ? AND payment_id IS NULL AND state IN ('PENDING', 'NOT_PAID')"
                + " AND (state = 'PENDING' OR message IS NULL OR message <> ?)", ps -> {
                    ps.setString(1, message);
                    Jdbc.setInstant(ps, 2, now);
                    ps.setString(3, id);
                    ps.setString(4, message);
                }) == 1;
    }

    /**
     * The payment that renews it: the renewal becomes PENDING with its host call due now. Once per renewal, and a
     * payment renews one renewal only (unique key).
     *
     * @return true when this call claimed it; false when the renewal already has a payment or the payment renews
     *         another one
     */
    boolean claimPayment(String id, PaymentId paymentId, String message, Instant now) {
        try {
            return update("note the renewal's payment", "UPDATE plan_renewal SET payment_id = ?, state = 'PENDING',"
                    + " attempts = 0, next_attempt_at = ?, message = ?, updated_at = ?"
                    + " WHERE id = ? AND payment_id IS NULL AND state IN ('PENDING', 'NOT_PAID')", ps -> {
                        ps.setString(1, paymentId.toString());
                        Jdbc.setInstant(ps, 2, now);
                        ps.setString(3, message);
                        Jdbc.setInstant(ps, 4, now);
                        ps.setString(5, id);
                    }) == 1;
        } catch (UniqueViolation e) {
            return false;
        }
    }

    /**
     * Takes the right to call the host for a paid, pending renewal whose attempt is due, until {@code until}.
     *
     * @return true when this caller holds it
     */
    boolean lease(String id, String owner, Instant now, Instant until) {
        return update("lease a renewal", "UPDATE plan_renewal SET lease_owner = ?, lease_until = ? WHERE id = ?"
                + " AND state = 'PENDING' AND payment_id IS NOT NULL AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until <= ?)", ps -> {
                    ps.setString(1, owner);
                    Jdbc.setInstant(ps, 2, until);
                    ps.setString(3, id);
                    Jdbc.setInstant(ps, 4, now);
                    Jdbc.setInstant(ps, 5, now);
                }) == 1;
    }

    /** The host renewed: APPLIED for good. Only by the lease holder. */
    boolean applied(String id, String owner, int attempts, String message, Instant newExpiresAt, Instant now) {
        return update("note a renewal applied", "UPDATE plan_renewal SET state = 'APPLIED', attempts = ?, message = ?,"
                + " new_expires_at = ?, next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,"
                + " updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'PENDING'", ps -> {
                    ps.setInt(1, attempts);
                    ps.setString(2, message);
                    Jdbc.setInstant(ps, 3, newExpiresAt);
                    Jdbc.setInstant(ps, 4, now);
                    ps.setString(5, id);
                    ps.setString(6, owner);
                }) == 1;
    }

    /**
     * The host did not renew: tried again at {@code nextAttemptAt}, or FAILED when that is {@code null}. Only by the
     * lease holder.
     */
    boolean attemptFailed(String id, String owner, int attempts, Instant nextAttemptAt, String message, Instant now) {
        return update("note a renewal attempt", "UPDATE plan_renewal SET state = ?, attempts = ?, next_attempt_at = ?,"
                + " message = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?"
                + " WHERE id = ? AND lease_owner = ? AND state = 'PENDING'", ps -> {
                    ps.setString(1, nextAttemptAt == null ? RenewalState.FAILED.name() : RenewalState.PENDING.name());
                    ps.setInt(2, attempts);
                    Jdbc.setInstant(ps, 3, nextAttemptAt);
                    ps.setString(4, message);
                    Jdbc.setInstant(ps, 5, now);
                    ps.setString(6, id);
                    ps.setString(7, owner);
                }) == 1;
    }

    /** A failed renewal tried again from the start, now. */
    boolean retry(String id, String message, Instant now) {
        return update("retry a renewal", "UPDATE plan_renewal SET state = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " message = ?, updated_at = ? WHERE id = ? AND state = 'FAILED'", ps -> {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setString(2, message);
                    Jdbc.setInstant(ps, 3, now);
                    ps.setString(4, id);
                }) == 1;
    }

    // ---- JDBC ------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A unique key refused the change (told apart so callers can treat it as "someone else got there first"). */
    private static final class UniqueViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UniqueViolation(SQLException cause) {
            super(cause);
        }
    }

    private int update(String what, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new UniqueViolation(e);
            }
            throw new RenewalStoreException("Could not " + what + ": the database refused (" + e.getSQLState() + ").",
                    e);
        }
    }

    private List<Renewal> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Renewal> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new RenewalStoreException("Could not read renewals: the database refused (" + e.getSQLState()
                    + ").", e);
        }
    }

    private static Renewal read(ResultSet rs) throws SQLException {
        String paymentId = rs.getString("payment_id");
        return new Renewal(rs.getString("id"), PushId.parse(rs.getString("push_id")),
                new SubscriberId(rs.getString("subscriber_id")), rs.getString("plan_id"), rs.getString("plan_name"),
                Kes.of(rs.getLong("amount_kes")), new OperatorName(rs.getString("operator_name")),
                RenewalState.valueOf(rs.getString("state")), paymentId == null ? null : PaymentId.parse(paymentId),
                rs.getInt("attempts"), Jdbc.instant(rs, "next_attempt_at"), rs.getString("message"),
                Jdbc.instant(rs, "new_expires_at"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }
}
