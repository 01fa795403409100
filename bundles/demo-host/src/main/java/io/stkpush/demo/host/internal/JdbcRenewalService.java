package io.stkpush.demo.host.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.RenewalService;
import io.stkpush.schema.Jdbc;

/**
 * The demo host's Renew / Change Plan: a paid renewal moves the subscriber to the plan and extends the
 * subscription by one period from today or from its end, whichever is later. Once per payment: the
 * {@code demo_renewal} primary key is the payment id.
 */
final class JdbcRenewalService implements RenewalService {

    /** Months are calendar months in Kenya. */
    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    private final DataSource dataSource;
    private final Clock clock;

    JdbcRenewalService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<Plan> plans() {
        return readPlans("SELECT id, name, price_kes, period FROM demo_plan ORDER BY price_kes, id", null);
    }

    @Override
    public Optional<Plan> plan(String planId) {
        if (planId == null) {
            return Optional.empty();
        }
        return readPlans("SELECT id, name, price_kes, period FROM demo_plan WHERE id = ?", planId).stream()
                .findFirst();
    }

    @Override
    public RenewalResult renew(SubscriberId subscriberId, String planId, PaymentId paymentId, OperatorName operator) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RenewalResult result = renew(c, subscriberId, planId, paymentId, operator);
                c.commit();
                return result;
            } catch (SQLException e) {
                c.rollback();
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
            }
            // the same payment renewed on another node at the same moment: report what it did
            return previous(c, paymentId).orElseThrow();
        } catch (SQLException e) {
            throw new DemoHostDatabaseException("renew the subscription", e);
        }
    }

    private RenewalResult renew(Connection c, SubscriberId subscriberId, String planId, PaymentId paymentId,
            OperatorName operator) throws SQLException {
        Optional<RenewalResult> previous = previous(c, paymentId);
        if (previous.isPresent()) {
            return previous.get();
        }
        Optional<Plan> plan = planId == null ? Optional.empty()
                : readPlans(c, "SELECT id, name, price_kes, period FROM demo_plan WHERE id = ?", planId).stream()
                        .findFirst();
        if (plan.isEmpty()) {
            return new RenewalResult(false, null, "There is no plan '" + planId + "'.");
        }
        Instant expiresAt;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT expires_at FROM demo_subscriber WHERE id = ? FOR UPDATE")) {
            ps.setString(1, subscriberId.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new RenewalResult(false, null, "There is no subscriber '" + subscriberId + "'.");
                }
                expiresAt = Jdbc.instant(rs, "expires_at");
            }
        }
        Instant now = clock.instant();
        Instant from = expiresAt == null || expiresAt.isBefore(now) ? now : expiresAt;
        Instant until = from.atZone(NAIROBI).plus(plan.get().period()).toInstant();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE demo_subscriber SET plan_id = ?, expires_at = ? WHERE id = ?")) {
            ps.setString(1, plan.get().id());
            Jdbc.setInstant(ps, 2, until);
            ps.setString(3, subscriberId.value());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_renewal (payment_id, subscriber_id, plan_id,"
                + " previous_expires_at, new_expires_at, operator_name, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, paymentId.toString());
            ps.setString(2, subscriberId.value());
            ps.setString(3, plan.get().id());
            Jdbc.setInstant(ps, 4, expiresAt);
            Jdbc.setInstant(ps, 5, until);
            ps.setString(6, operator == null ? null : operator.value());
            Jdbc.setInstant(ps, 7, now);
            ps.executeUpdate();
        }
        return new RenewalResult(true, until, renewedMessage(plan.get().name(), until));
    }

    private static Optional<RenewalResult> previous(Connection c, PaymentId paymentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.new_expires_at, p.name FROM demo_renewal r"
                + " JOIN demo_plan p ON p.id = r.plan_id WHERE r.payment_id = ?")) {
            ps.setString(1, paymentId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant until = Jdbc.instant(rs, "new_expires_at");
                return Optional.of(new RenewalResult(true, until, renewedMessage(rs.getString("name"), until)));
            }
        }
    }

    private static String renewedMessage(String planName, Instant until) {
        return "Renewed on " + planName + " until " + LocalDate.ofInstant(until, NAIROBI) + ".";
    }

    private List<Plan> readPlans(String sql, String id) {
        try (Connection c = dataSource.getConnection()) {
            return readPlans(c, sql, id);
        } catch (SQLException e) {
            throw new DemoHostDatabaseException("read plans", e);
        }
    }

    private static List<Plan> readPlans(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id);
            }
            List<Plan> plans = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plans.add(new Plan(rs.getString("id"), rs.getString("name"), Kes.of(rs.getLong("price_kes")),
                            Period.parse(rs.getString("period"))));
                }
            }
            return plans;
        }
    }
}
