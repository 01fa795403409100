package io.stkpush.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one database of the server did, read from PostgreSQL's own counters on a connection to another database
 * (so that reading them is not counted): transactions committed ({@code pg_stat_database.xact_commit}), statements
 * ({@code pg_stat_statements}, when the server preloads it), the cluster's WAL flushes ({@code pg_stat_wal.wal_sync}),
 * and round trips: requests the server received on every connection but this one, counted by the kernel
 * ({@code data_segs_in} of {@code ss -ti}; on loopback with TCP_NODELAY, pgjdbc sends one segment per round trip).
 *
 * <p>Why the kernel for round trips: PostgreSQL 15's pg_stat_statements misses most BEGIN and COMMIT statements
 * pgjdbc sends once they are server-prepared (after five uses on a connection): a run of 850 settling transactions
 * showed 42 BEGIN and 10 COMMIT. Statements other than transaction control it counts exactly.
 *
 * <p>pg_stat_database and pg_stat_wal are flushed by each backend at most once a second while busy, and within
 * {@link #FLUSH_MILLIS} once it goes idle: read them that long after the work, not at once. pg_stat_statements and
 * the kernel count at once.
 */
final class PgActivity {

    /** PostgreSQL 15 reports an idle backend's pending statistics within 10 s (PGSTAT_IDLE_INTERVAL). */
    static final long FLUSH_MILLIS = 11_000;

    private static final Pattern SOCKET = Pattern.compile("\\S+:(\\d+)\\s+\\S+:(\\d+)\\s*$");
    private static final Pattern SEGMENTS_IN = Pattern.compile("data_segs_in:(\\d+)");

    private final Connection admin;
    private final String database;
    private final boolean statements;
    private final int serverPort;
    private final int adminPort;
    private final boolean roundTrips;

    /**
     * @param admin    a connection to another database of the same server, on this machine
     * @param database the database whose work is counted
     */
    PgActivity(Connection admin, String database) throws SQLException {
        this.admin = admin;
        this.database = database;
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT"
                + " current_setting('shared_preload_libraries'), inet_server_port(), inet_client_port()")) {
            rs.next();
            this.statements = rs.getString(1).contains("pg_stat_statements");
            this.serverPort = rs.getInt(2);
            this.adminPort = rs.getInt(3);
        }
        if (statements) {
            try (Statement st = admin.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        }
        this.roundTrips = requestsReceived() >= 0;
    }

    /** Whether statements are counted (pg_stat_statements preloaded). */
    boolean countsStatements() {
        return statements;
    }

    /** Whether round trips are counted ({@code ss} from iproute2 is there). */
    boolean countsRoundTrips() {
        return roundTrips;
    }

    /** The counters as they stand. */
    Counters read() throws SQLException {
        long commits;
        long rollbacks;
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no database " + database);
                }
                commits = rs.getLong(1);
                rollbacks = rs.getLong(2);
            }
        }
        long walSyncs;
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
            rs.next();
            walSyncs = rs.getLong(1);
        }
        long xids;
        // the next transaction id, read without taking one: how many transactions that write began meanwhile
        try (Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("SELECT txid_snapshot_xmax(txid_current_snapshot())")) {
            rs.next();
            xids = rs.getLong(1);
        }
        Map<String, Long> byStatement = new HashMap<>();
        long others = 0;
        if (statements) {
            try (PreparedStatement ps = admin.prepareStatement("SELECT query, calls FROM pg_stat_statements s"
                    + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? AND s.toplevel")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String text = rs.getString(1).replaceAll("\\s+", " ").strip();
                        if (!isTransactionControl(text)) {
                            byStatement.merge(text, rs.getLong(2), Long::sum);
                            others += rs.getLong(2);
                        }
                    }
                }
            }
        }
        return new Counters(commits, rollbacks, walSyncs, xids, others, Math.max(0, requestsReceived()),
                byStatement);
    }

    private static boolean isTransactionControl(String query) {
        String q = query.toUpperCase(Locale.ROOT);
        return q.startsWith("BEGIN") || q.startsWith("START TRANSACTION") || q.startsWith("COMMIT")
                || q.equals("END") || (q.startsWith("ROLLBACK") && !q.startsWith("ROLLBACK TO"));
    }

    /**
     * Data segments the server received on its established connections, this one left out; -1 when {@code ss}
     * cannot tell.
     */
    private long requestsReceived() {
        try {
            Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "( sport = :" + serverPort + " )")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            long total = 0;
            int peer = -1;
            boolean seen = false;
            for (String line : out.split("\n")) {
                Matcher socket = SOCKET.matcher(line);
                if (!line.startsWith("\t") && !line.startsWith(" ") && socket.find()) {
                    peer = Integer.parseInt(socket.group(2));
                    continue;
                }
                Matcher in = SEGMENTS_IN.matcher(line);
                if (in.find()) {
                    seen = true;
                    if (peer != adminPort) {
                        total += Long.parseLong(in.group(1));
                    }
                }
            }
            return seen || out.isBlank() ? total : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Counters, or differences of counters.
     *
     * @param commits     transactions committed in the database, read-only ones included
     * @param rollbacks   transactions rolled back in the database
     * @param walSyncs    WAL flushes to disk, whole server
     * @param writes      transactions that wrote (a transaction id was assigned), whole server
     * @param statements  statements other than transaction control (pg_stat_statements)
     * @param roundTrips  requests the server received on the other connections (any database of the server)
     * @param byStatement calls by statement text (as pg_stat_statements normalizes it), transaction control left out
     */
    record Counters(long commits, long rollbacks, long walSyncs, long writes, long statements, long roundTrips,
            Map<String, Long> byStatement) {

        Counters minus(Counters o) {
            Map<String, Long> calls = new HashMap<>(byStatement);
            o.byStatement.forEach((query, n) -> calls.merge(query, -n, Long::sum));
            calls.values().removeIf(n -> n == 0);
            return new Counters(commits - o.commits, rollbacks - o.rollbacks, walSyncs - o.walSyncs,
                    writes - o.writes, statements - o.statements, roundTrips - o.roundTrips, calls);
        }

        /** These counters less {@code rate} (counted over {@code rateSeconds}) for {@code seconds}. */
        Counters less(Counters rate, double rateSeconds, double seconds) {
            double f = seconds / rateSeconds;
            return new Counters(commits - Math.round(rate.commits * f), rollbacks - Math.round(rate.rollbacks * f),
                    walSyncs - Math.round(rate.walSyncs * f), writes - Math.round(rate.writes * f),
                    statements - Math.round(rate.statements * f),
                    roundTrips - Math.round(rate.roundTrips * f), byStatement);
        }
    }
}
