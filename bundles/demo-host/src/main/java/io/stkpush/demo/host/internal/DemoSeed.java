package io.stkpush.demo.host.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.stkpush.schema.Jdbc;

/**
 * Puts the demo plans and subscribers in on first start. Each row is inserted only when its id is missing, so a
 * restart (or a second node) changes nothing, and renewals made in the demo are kept.
 */
final class DemoSeed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    private DemoSeed() {
    }

    /** @return how many rows were added (0 once seeded) */
    static int seed(DataSource dataSource, Clock clock) {
        // subscriptions end at midnight UTC a few days around the first start, so the demo shows both states
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        int added = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (DemoData.SeedPlan plan : DemoData.PLANS) {
                    added += insertIfMissing(c, "demo_plan", plan.id(),
                            "INSERT INTO demo_plan (id, name, price_kes, period) VALUES (?, ?, ?, ?)",
                            plan.id(), plan.name(), plan.priceKes(), plan.period().toString());
                }
                for (DemoData.SeedSubscriber s : DemoData.SUBSCRIBERS) {
                    added += insertIfMissing(c, "demo_subscriber", s.id(),
                            "INSERT INTO demo_subscriber (id, name, account, phone, phone_digits, plan_id, expires_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            s.id(), s.name(), s.account().toUpperCase(Locale.ROOT), s.phone(),
                            PhoneDigits.of(s.phone()), s.planId(), today.plus(Duration.ofDays(s.expiresInDays())));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (Jdbc.isUniqueViolation(e)) {
                    // another node seeded at the same moment: its rows are the same
                    LOG.info("Demo data was seeded by another node");
                    return 0;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DemoHostDatabaseException("seed the demo subscribers", e);
        }
        if (added > 0) {
            LOG.info("Demo host seeded {} rows (plans and subscribers)", added);
        }
        return added;
    }

    private static int insertIfMissing(Connection c, String table, String id, String insert, Object... values)
            throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            exists.setString(1, id);
            if (exists.executeQuery().next()) {
                return 0;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant instant) {
                    Jdbc.setInstant(ps, i + 1, instant);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            return ps.executeUpdate();
        }
    }
}
