package io.stkpush.demo.host.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.schema.Jdbc;

/** The demo host's subscribers, read from {@code demo_subscriber} with their plan's name. */
final class JdbcSubscriberDirectory implements SubscriberDirectory {

    /** The most one search returns, whatever the caller asks for. */
    static final int MAX_RESULTS = 100;

    private static final String SELECT = "SELECT s.id, s.name, s.account, s.phone, s.plan_id, p.name AS plan_name, s.expires_at"
            + " FROM demo_subscriber s LEFT JOIN demo_plan p ON p.id = s.plan_id";

    private final DataSource dataSource;

    JdbcSubscriberDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Name, account number or phone containing the query, case-insensitively; a phone-like query matches whatever
     * form the phone is stored in. Best matches first: the exact account, then names starting with the query.
     * An empty query lists subscribers by name.
     */
    @Override
    public List<Subscriber> search(String query, int limit) {
        int max = Math.max(1, Math.min(limit, MAX_RESULTS));
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return list(SELECT + " ORDER BY s.name, s.id LIMIT ?", List.of(max));
        }
        String phoneDigits = PhoneDigits.ofQuery(q);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT)
                .append(" WHERE LOWER(s.name) LIKE ? ESCAPE '!' OR LOWER(s.account) LIKE ? ESCAPE '!'");
        params.add(Sql.containing(q));
        params.add(Sql.containing(q));
        if (phoneDigits != null) {
            sql.append(" OR s.phone_digits LIKE ? ESCAPE '!'");
            params.add(Sql.containing(phoneDigits));
        }
        sql.append(" ORDER BY CASE WHEN LOWER(s.account) = ? THEN 0 WHEN LOWER(s.name) LIKE ? ESCAPE '!' THEN 1"
                + " ELSE 2 END, s.name, s.id LIMIT ?");
        params.add(q);
        params.add(Sql.startingWith(q));
        params.add(max);
        return list(sql.toString(), params);
    }

    @Override
    public Optional<Subscriber> find(SubscriberId id) {
        return list(SELECT + " WHERE s.id = ?", List.of(id.value())).stream().findFirst();
    }

    /** Compared trimmed and case-insensitively; accounts are stored upper-case. */
    @Override
    public Optional<Subscriber> findByAccount(String account) {
        if (account == null || account.isBlank()) {
            return Optional.empty();
        }
        return list(SELECT + " WHERE UPPER(s.account) = ?", List.of(account.strip().toUpperCase(Locale.ROOT)))
                .stream().findFirst();
    }

    private List<Subscriber> list(String sql, List<?> params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Subscriber> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Subscriber(new SubscriberId(rs.getString("id")), rs.getString("name"),
                            rs.getString("account"), rs.getString("phone"), rs.getString("plan_name"),
                            Jdbc.instant(rs, "expires_at"), rs.getString("plan_id")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new DemoHostDatabaseException("read subscribers", e);
        }
    }
}
