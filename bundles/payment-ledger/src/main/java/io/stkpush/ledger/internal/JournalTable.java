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
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.stkpush.api.JournalArchive;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;

/** Reads and writes the {@code provider_event} journal. */
final class JournalTable {

    private JournalTable() {
    }

    private static final String INSERT = "INSERT INTO provider_event (channel, push_id, remote_address, body,"
            + " received_at, disposition, note, handled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bindInsert(PreparedStatement ps, ProviderEvent event, Instant now, Disposition disposition,
            String note) throws SQLException {
        ps.setString(1, event.channel().name());
        setUuid(ps, 2, event.pushId() == null ? null : event.pushId().value());
        setText(ps, 3, event.remoteAddress());
        ps.setString(4, event.body());
        setInstant(ps, 5, now);
        ps.setString(6, disposition.name());
        setText(ps, 7, note);
        setInstant(ps, 8, disposition == Disposition.RECEIVED ? null : now);
    }

    static long insert(Connection c, ProviderEvent event, Instant now) throws SQLException {
        return insert(c, event, now, Disposition.RECEIVED, null);
    }

    /**
     * Journals {@code event} received {@code now}; an entry written with a disposition other than RECEIVED is
     * handled {@code now} as well, with {@code note}.
     */
    static long insert(Connection c, ProviderEvent event, Instant now, Disposition disposition, String note)
            throws SQLException {
        // only the id back: asked for generated keys in general, pgjdbc returns the whole row, body included
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            bindInsert(ps, event, now, disposition, note);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the journal entry");
                }
                return keys.getLong("id");
            }
        }
    }

    /** A message to journal with what was done with it, for {@link #insertAll}. */
    record Row(ProviderEvent event, Disposition disposition, String note) {
    }

    /**
     * Journals several handled messages received {@code now}, as one batch (one round trip on PostgreSQL).
     *
     * @return their ids, in order
     */
    static long[] insertAll(Connection c, List<Row> rows, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            for (Row row : rows) {
                bindInsert(ps, row.event(), now, row.disposition(), row.note());
                ps.addBatch();
            }
            ps.executeBatch();
            long[] ids = new long[rows.size()];
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned " + i + " ids for " + ids.length
                                + " journal entries");
                    }
                    ids[i] = keys.getLong("id");
                }
            }
            return ids;
        }
    }

    static boolean mark(Connection c, long id, Disposition disposition, String note, Instant now) throws SQLException {
        String sql = "UPDATE provider_event SET disposition = ?, note = ?, handled_at = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, disposition.name());
            setText(ps, 2, note);
            setInstant(ps, 3, now);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    static List<JournalEntry> recent(Connection c, int limit) throws SQLException {
        String sql = "SELECT id, channel, push_id, remote_address, body, received_at, disposition, note"
                + " FROM provider_event ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        List<JournalEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
        }
        return entries;
    }

    /**
     * Entries still RECEIVED from {@code channels}, received before {@code before}, oldest first. Read through
     * {@code provider_event_unprocessed_ix} (V8): on PostgreSQL a partial index of the RECEIVED entries alone.
     */
    static List<JournalEntry> unprocessed(Connection c, Set<ProviderEvent.Channel> channels, Instant before, int max)
            throws SQLException {
        List<JournalEntry> entries = new ArrayList<>();
        if (channels.isEmpty()) {
            return entries;
        }
        List<ProviderEvent.Channel> listed = List.copyOf(new TreeSet<>(channels));
        try (PreparedStatement ps = c.prepareStatement(unprocessedSql(listed.size()))) {
            setInstant(ps, 1, before);
            int i = 2;
            for (ProviderEvent.Channel channel : listed) {
                ps.setString(i++, channel.name());
            }
            ps.setInt(i, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
        }
        return entries;
    }

    /** The statement {@link #unprocessed} runs: the time, then {@code channels} channels, then the limit. */
    static String unprocessedSql(int channels) {
        // disposition as a literal, as in the partial index's condition, so PostgreSQL can match the two
        return "SELECT id, channel, push_id, remote_address, body, received_at, disposition, note"
                + " FROM provider_event WHERE disposition = 'RECEIVED' AND received_at < ?"
                + " AND channel IN (" + String.join(", ", Collections.nCopies(channels, "?")) + ")"
                + " ORDER BY received_at, id FETCH FIRST ? ROWS ONLY";
    }

    /**
     * What may leave the journal for an archive: received before the cut-off, handled, and its push (if the ledger
     * knows it) settled with an outcome. Binds the cut-off.
     */
    private static final String ARCHIVABLE = "e.received_at < ? AND e.disposition <> 'RECEIVED'"
            + " AND NOT EXISTS (SELECT 1 FROM push_request p WHERE p.id = e.push_id AND p.outcome IS NULL)";

    /** Entries received before {@code cutoff}: those that may be archived, and the rest. */
    static JournalArchive.ArchiveCount countArchivable(Connection c, Instant cutoff) throws SQLException {
        String sql = "SELECT COUNT(*) AS before_cutoff, SUM(CASE WHEN " + ARCHIVABLE + " THEN 1 ELSE 0 END)"
                + " AS archivable FROM provider_event e WHERE e.received_at < ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, cutoff);
            setInstant(ps, 2, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long all = rs.getLong("before_cutoff");
                long archivable = rs.getLong("archivable");
                return new JournalArchive.ArchiveCount(archivable, all - archivable);
            }
        }
    }

    static List<JournalEntry> archivable(Connection c, Instant cutoff, long afterId, int max) throws SQLException {
        String sql = "SELECT e.id, e.channel, e.push_id, e.remote_address, e.body, e.received_at, e.disposition,"
                + " e.note FROM provider_event e WHERE e.id > ? AND " + ARCHIVABLE
                + " ORDER BY e.id FETCH FIRST ? ROWS ONLY";
        List<JournalEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterId);
            setInstant(ps, 2, cutoff);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
        }
        return entries;
    }

    /** Deletes those of {@code ids} that may still be archived before {@code cutoff}. */
    static int removeArchived(Connection c, Instant cutoff, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        String sql = "DELETE FROM provider_event e WHERE e.id IN (" + String.join(", ", Collections.nCopies(ids.size(),
                "?")) + ") AND " + ARCHIVABLE;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            setInstant(ps, i, cutoff);
            return ps.executeUpdate();
        }
    }

    private static JournalEntry read(ResultSet rs) throws SQLException {
        UUID pushId = uuid(rs, "push_id");
        ProviderEvent event = new ProviderEvent(ProviderEvent.Channel.valueOf(rs.getString("channel")),
                pushId == null ? null : new PushId(pushId), rs.getString("remote_address"), rs.getString("body"));
        return new JournalEntry(rs.getLong("id"), event, instant(rs, "received_at"),
                Disposition.valueOf(rs.getString("disposition")), rs.getString("note"));
    }
}
