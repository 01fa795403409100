package io.stkpush.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 5 of scripts/benchmark, a large ledger: {@link LedgerGenerator} fills the ledger of a running stkpush, then
 * every operator call goes through the real REST API with an operator's credentials, one after another, and its
 * p50/p99 is printed beside the target (p99 ≤ 50 ms). Then pg_stat_statements shows the SQL the ledger really ran
 * for those calls, and EXPLAIN ANALYZE shows the plans of the poller's lease and sweep queries and of each operator
 * call's SQL, flagging a sequential scan of a big table.
 *
 * <p>Options: {@code --base}, {@code --jdbc} (the ledger database), {@code --admin-jdbc} (another database of the
 * server), {@code --operator user:password}, {@code --pushes} (1000000), {@code --calls} per operator call (200).
 */
public final class LargeLedger {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    /** The ledger's tables that grow with the business: a sequential scan of one is a finding. */
    private static final List<String> BIG_TABLES = List.of("push_request", "payment", "provider_event");
    private static final double TARGET_P99_MS = 50;

    private final URI base;
    private final String authorization;
    private final Random random = new Random(42);

    private LargeLedger(String base, String operator) {
        this.base = URI.create(base);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(operator.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int pushes = options.number("pushes", 1_000_000);
        int calls = options.number("calls", 200);
        LargeLedger bench = new LargeLedger(options.text("base"), options.text("operator", "operator:operator"));
        try (Connection ledger = DriverManager.getConnection(options.text("jdbc"), USER, PASSWORD);
                Connection admin = DriverManager.getConnection(options.text("admin-jdbc"), USER, PASSWORD)) {
            LedgerGenerator generator = new LedgerGenerator(ledger, pushes);
            System.err.printf(Locale.ROOT, "%nGenerating a ledger of %,d pushes…%n", pushes);
            Map<String, Double> took = generator.generate();
            printGenerated(generator, took);

            PgActivity activity = new PgActivity(admin, databaseName(options.text("jdbc")));
            if (activity.countsStatements()) {
                try (Statement st = admin.createStatement()) {
                    st.execute("SELECT pg_stat_statements_reset()");
                }
            }
            List<CallResult> results = bench.operatorCalls(ledger, generator, calls);
            printCalls(pushes, calls, results);
            if (activity.countsStatements()) {
                printStatements(admin, databaseName(options.text("jdbc")));
            }
            new Plans(ledger, generator).print();
        }
    }

    private static String databaseName(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
    }

    private static void printGenerated(LedgerGenerator generator, Map<String, Double> took) throws SQLException {
        Table table = new Table("Large ledger: what the generator wrote (SQL generate_series, seeded)", "", "rows");
        generator.census().forEach((what, count) -> table.row(what, String.format(Locale.ROOT, "%,d", count)));
        generator.sizes().forEach((name, mb) -> table.row("size of " + name + " with its indexes",
                String.format(Locale.ROOT, "%,.0f MB", mb)));
        StringBuilder times = new StringBuilder("Generated in ");
        took.forEach((step, s) -> times.append(step).append(' ').append(Table.seconds(s)).append(", "));
        table.note(times.substring(0, times.length() - 2) + ".");
        table.print();
    }

    // ---- the operator calls ------------------------------------------------------------------------------

    private record CallResult(String name, String example, Latencies latencies, double rows, int statusSeen) {
    }

    private List<CallResult> operatorCalls(Connection ledger, LedgerGenerator generator, int calls)
            throws Exception {
        List<String> pushIds = new ArrayList<>();
        try (Statement st = ledger.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id FROM push_request TABLESAMPLE SYSTEM (5) LIMIT 2000")) {
            while (rs.next()) {
                pushIds.add(rs.getString(1));
            }
        }
        if (pushIds.isEmpty()) {
            pushIds.add(UUID.randomUUID().toString());
        }
        LocalDate today = LocalDate.now(NAIROBI);
        List<Call> all = List.of(
                new Call("payments list (Payments page)", i -> "/stkpush/api/payments?limit=100", "paymentId", true),
                new Call("payments search: one day", i -> {
                    LocalDate day = today.minusDays(1 + random.nextInt(89));
                    return "/stkpush/api/payments?from=" + day + "&to=" + day + "&limit=100";
                }, "paymentId", true),
                new Call("unredeemed payments", i -> "/stkpush/api/payments?unredeemed=true&limit=200", "paymentId",
                        true),
                new Call("subscriber history", i -> "/stkpush/api/payments?limit=100&subscriberId="
                        + LedgerGenerator.subscriberId(1 + random.nextInt(generator.subscribers())), "paymentId", true),
                new Call("pushes needing review", i -> "/stkpush/api/pushes?needsReview=true&limit=100", "pushId",
                        true),
                new Call("push status", i -> "/stkpush/api/pushes/" + pushIds.get(random.nextInt(pushIds.size())),
                        "pushId", true),
                new Call("health (monitoring, no login; counts the work in progress)", i -> "/stkpush/api/health",
                        "\"status\"", false));
        List<CallResult> results = new ArrayList<>();
        try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
            for (Call call : all) {
                // unmeasured first: the request path compiled, the login cached, the pages read once
                for (int i = 0; i < Math.max(20, calls / 4); i++) {
                    connection.get(call.path().apply(i), call.authorized() ? authorization : null);
                }
                Latencies latencies = new Latencies(calls);
                long rows = 0;
                int status = 200;
                String example = null;
                for (int i = 0; i < calls; i++) {
                    String path = call.path().apply(i);
                    example = example == null ? path : example;
                    long sent = System.nanoTime();
                    KeepAliveConnection.Answer answer = connection.get(path, call.authorized() ? authorization : null);
                    latencies.add(System.nanoTime() - sent);
                    if (answer.status() != 200) {
                        status = answer.status();
                    }
                    rows += count(answer.body(), call.rowMarker());
                }
                results.add(new CallResult(call.name(), example, latencies, (double) rows / calls, status));
            }
        }
        return results;
    }

    private record Call(String name, IntFunction<String> path, String rowMarker, boolean authorized) {
    }

    private static int count(String body, String marker) {
        int n = 0;
        for (int at = body.indexOf(marker); at >= 0; at = body.indexOf(marker, at + marker.length())) {
            n++;
        }
        return n;
    }

    private static void printCalls(int pushes, int calls, List<CallResult> results) {
        Table table = new Table(String.format(Locale.ROOT, "Large ledger: operator calls through the REST API (%,d"
                + " pushes, %d calls each, one at a time, after %d unmeasured)", pushes, calls, Math.max(20, calls / 4)),
                "call", "rows per answer", "p50", "p99", "max", "target p99", "");
        for (CallResult r : results) {
            double p99 = r.latencies().millis(99);
            boolean ok = r.statusSeen() == 200;
            table.row(r.name() + (ok ? "" : " (answered " + r.statusSeen() + "!)"),
                    String.format(Locale.ROOT, "%.1f", r.rows()), Table.ms(r.latencies().millis(50)), Table.ms(p99),
                    Table.ms(r.latencies().maxMillis()), "≤ 50 ms", Table.verdict(ok && p99 <= TARGET_P99_MS));
            Targets.record("5 large ledger", r.name() + " p99" + (ok ? "" : " (answered " + r.statusSeen() + ")"),
                    Table.ms(p99), "p50 " + Table.ms(r.latencies().millis(50)), "≤ 50 ms", ok && p99 <= TARGET_P99_MS);
        }
        StringBuilder examples = new StringBuilder("Requests, e.g.:");
        results.forEach(r -> examples.append(" `").append(r.example()).append('`'));
        table.note(examples.toString());
        table.print();
    }

    /** The ledger database's statements during the operator calls, most time first. */
    private static void printStatements(Connection admin, String database) throws SQLException {
        Table table = new Table("Large ledger: the SQL the ledger ran for those calls (pg_stat_statements)",
                "statement", "calls", "rows per call", "mean", "max");
        try (PreparedStatement ps = admin.prepareStatement("SELECT query, calls, rows, mean_exec_time, max_exec_time"
                + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? AND calls >= 10"
                + " ORDER BY total_exec_time DESC LIMIT 12")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    table.row(Table.sql(rs.getString(1), 160),
                            String.format(Locale.ROOT, "%,d", rs.getLong(2)),
                            String.format(Locale.ROOT, "%.1f", (double) rs.getLong(3) / rs.getLong(2)),
                            Table.ms(rs.getDouble(4)), Table.ms(rs.getDouble(5)));
                }
            }
        }
        table.note("Execution time in PostgreSQL only (no network, no Java); includes the poller's and the sweeps'"
                + " statements that ran meanwhile.");
        table.print();
    }

    // ---- the plans ---------------------------------------------------------------------------------------

    /**
     * EXPLAIN ANALYZE of the ledger's queries, with values like the ones the ledger binds, inside a transaction that
     * is rolled back (the lease locks and updates). The SQL is copied from bundles/payment-ledger (PushTable,
     * PaymentTable, as of schema 7): when the ledger changes, compare with the pg_stat_statements table above.
     */
    private static final class Plans {

        private static final String PUSH_SELECT = "SELECT p.id, p.subscriber_id, p.phone, p.amount, p.status,"
                + " p.outcome, p.reason, p.result_code, p.provider_text, p.merchant_request_id, p.checkout_request_id,"
                + " p.operator_name, p.plan_id, p.created_at, p.updated_at, p.wait_until, p.poll_attempts,"
                + " p.next_poll_at, p.review_since, pay.id AS payment_id, pay.receipt, pay.amount AS paid_amount"
                + " FROM push_request p LEFT JOIN payment pay ON pay.push_id = p.id";
        private static final String PAYMENT_SELECT = "SELECT id, receipt, amount, phone, paid_at, source, push_id,"
                + " subscriber_id, intended_subscriber_id, account_reference, unredeemed_reason, linked_by, linked_at,"
                + " recorded_at FROM payment";
        private static final String PAYMENT_ORDER = " ORDER BY paid_at DESC, recorded_at DESC, id FETCH FIRST ? ROWS ONLY";
        private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\w+)");
        private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

        private final Connection c;
        private final LedgerGenerator generator;
        private final List<String[]> summary = new ArrayList<>();

        Plans(Connection c, LedgerGenerator generator) {
            this.c = c;
            this.generator = generator;
        }

        void print() throws SQLException {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            String subscriber = LedgerGenerator.subscriberId(1 + new Random(7).nextInt(generator.subscribers()));
            LocalDate day = LocalDate.now(NAIROBI).minusDays(30);
            OffsetDateTime from = day.atStartOfDay(NAIROBI).toOffsetDateTime();
            OffsetDateTime to = day.plusDays(1).atStartOfDay(NAIROBI).toOffsetDateTime();
            System.out.printf(Locale.ROOT, "%nLarge ledger: plans (EXPLAIN (ANALYZE, BUFFERS off), in a transaction"
                    + " rolled back)%n");
            c.setAutoCommit(false);
            try {
                List<String> due = dueOrSample(now);
                explain("poller lease: lock the due pushes", "SELECT id FROM push_request WHERE outcome IS NULL AND"
                        + " checkout_request_id IS NOT NULL AND next_poll_at <= ? AND (lease_until IS NULL OR"
                        + " lease_until <= ?) ORDER BY next_poll_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                        now, now, 20);
                List<Object> lease = new ArrayList<>(List.of("bench-node", now.plusSeconds(30)));
                due.forEach(id -> lease.add(UUID.fromString(id)));
                lease.add(now);
                explain("poller lease: lease them", "UPDATE push_request SET lease_owner = ?, lease_until = ?"
                        + " WHERE id IN (" + placeholders(due.size()) + ") AND outcome IS NULL AND (lease_until IS NULL"
                        + " OR lease_until <= ?)", lease.toArray());
                List<Object> leased = new ArrayList<>();
                due.forEach(id -> leased.add(UUID.fromString(id)));
                leased.add("bench-node");
                leased.add(now.plusSeconds(30));
                explain("poller lease: read the leased pushes", PUSH_SELECT + " WHERE p.id IN ("
                        + placeholders(due.size()) + ") AND p.lease_owner = ? AND p.lease_until = ?"
                        + " ORDER BY p.next_poll_at, p.id", leased.toArray());
                explain("window sweep: pushes past their window", PUSH_SELECT + " WHERE p.status IN ('SENDING',"
                        + " 'WAITING') AND p.wait_until <= ? AND (p.next_poll_at IS NULL OR p.next_poll_at >= ? OR"
                        + " p.wait_until <= ?) ORDER BY p.wait_until FETCH FIRST ? ROWS ONLY",
                        now, now.minusSeconds(30), now.minusMinutes(5), 100);
                explain("payments list", PAYMENT_SELECT + " WHERE 1 = 1" + PAYMENT_ORDER, 100);
                explain("payments search: one day", PAYMENT_SELECT + " WHERE 1 = 1 AND paid_at >= ? AND paid_at < ?"
                        + PAYMENT_ORDER, from, to, 100);
                explain("unredeemed payments", PAYMENT_SELECT + " WHERE 1 = 1 AND subscriber_id IS NULL"
                        + PAYMENT_ORDER, 200);
                explain("subscriber history", PAYMENT_SELECT + " WHERE 1 = 1 AND (subscriber_id = ? OR"
                        + " intended_subscriber_id = ?)" + PAYMENT_ORDER, subscriber, subscriber, 100);
                explain("pushes needing review", PUSH_SELECT + " WHERE p.review_since IS NOT NULL AND p.outcome IS NULL"
                        + " ORDER BY p.review_since FETCH FIRST ? ROWS ONLY", 100);
                explain("push status", PUSH_SELECT + " WHERE p.id = ?", UUID.fromString(due.get(0)));
                explain("health: work in progress", "SELECT SUM(CASE WHEN status IN ('SENDING', 'WAITING') THEN 1"
                        + " ELSE 0 END) AS waiting, SUM(CASE WHEN outcome IS NULL AND NOT status IN ('SENDING',"
                        + " 'WAITING') AND review_since IS NULL THEN 1 ELSE 0 END) AS reconciling, SUM(CASE WHEN"
                        + " outcome IS NULL AND review_since IS NOT NULL THEN 1 ELSE 0 END) AS needing_review FROM"
                        + " push_request WHERE outcome IS NULL OR status IN ('SENDING', 'WAITING')");
                explain("health: unredeemed count", "SELECT COUNT(*) FROM payment WHERE subscriber_id IS NULL");
                explain("health: most overdue status query", "SELECT id, next_poll_at FROM push_request WHERE"
                        + " outcome IS NULL AND next_poll_at <= ? ORDER BY next_poll_at, id FETCH FIRST 1 ROWS ONLY",
                        now);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            Table table = new Table("Large ledger: plans at a glance", "query", "plan for the values (top nodes)",
                    "took", "generic plan (server-prepared)", "took", "Seq Scan on a big table", "rows filtered out");
            table.note("A statement pgjdbc has server-prepared runs its generic plan once PostgreSQL finds it no dearer"
                    + " by its estimates: compare the mean times in the pg_stat_statements table above. Rows filtered"
                    + " out: read through an index or a scan and thrown away; 10,000 or more is marked.");
            summary.forEach(table::row);
            table.print();
        }

        /** Pushes due for a status query now, or any 20 when none is due (for the lease's UPDATE and read). */
        private List<String> dueOrSample(OffsetDateTime now) throws SQLException {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("(SELECT id FROM push_request WHERE outcome IS NULL AND"
                    + " next_poll_at <= ? LIMIT 20) UNION ALL (SELECT id FROM push_request LIMIT 20) LIMIT 20")) {
                ps.setObject(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        }

        /**
         * Two plans: the one PostgreSQL makes for these values (what EXPLAIN with parameters shows, and what the
         * first five executions of a statement run), and its generic plan, which a statement pgjdbc has
         * server-prepared (from its fifth use on a connection) runs from then on when PostgreSQL finds it no
         * dearer by its estimates.
         */
        private void explain(String name, String sql, Object... values) throws SQLException {
            List<String> custom = plan("EXPLAIN (ANALYZE, BUFFERS off) " + sql, values);
            List<String> generic;
            try (Statement st = c.createStatement()) {
                st.execute("SAVEPOINT generic");
                boolean prepared = false;
                try {
                    st.execute("PREPARE bench_plan AS " + numbered(sql));
                    prepared = true;
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    generic = plan("EXPLAIN (ANALYZE, BUFFERS off) EXECUTE bench_plan" + literals(values));
                } catch (SQLException e) {
                    generic = List.of("(no generic plan: " + e.getMessage() + ")");
                }
                // back to the planner's own choice (the savepoint undoes SET LOCAL); prepared statements outlive it
                st.execute("ROLLBACK TO SAVEPOINT generic");
                if (prepared) {
                    st.execute("DEALLOCATE bench_plan");
                }
                st.execute("RELEASE SAVEPOINT generic");
            }
            List<String> seqScans = seqScans(custom);
            seqScans(generic).stream().filter(t -> !seqScans.contains(t)).forEach(seqScans::add);
            boolean sameShape = topNodes(custom).equals(topNodes(generic));
            System.out.printf(Locale.ROOT, "%n%s%s%n%n    %s%n%n    for these values:%n", name,
                    seqScans.isEmpty() ? "" : "   <-- Seq Scan on " + String.join(", ", seqScans),
                    sql.replaceAll("\\s+", " "));
            custom.forEach(line -> System.out.println("    " + line));
            if (sameShape) {
                System.out.printf(Locale.ROOT, "%n    generic plan: the same nodes, %s%n", execution(generic));
            } else {
                System.out.printf(Locale.ROOT, "%n    generic plan (server-prepared):%n");
                generic.forEach(line -> System.out.println("    " + line));
            }
            long filtered = Math.max(filtered(custom), filtered(generic));
            summary.add(new String[] {name, topNodes(custom), execution(custom),
                    sameShape ? "same" : topNodes(generic), execution(generic),
                    seqScans.isEmpty() ? "no" : "**yes: " + String.join(", ", seqScans) + "**",
                    filtered >= 10_000 ? String.format(Locale.ROOT, "**%,d**", filtered)
                            : String.format(Locale.ROOT, "%,d", filtered)});
        }

        private List<String> plan(String explain, Object... values) throws SQLException {
            List<String> plan = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(explain)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
            }
            return plan;
        }

        private static List<String> seqScans(List<String> plan) {
            List<String> tables = new ArrayList<>();
            for (String line : plan) {
                Matcher m = SEQ_SCAN.matcher(line);
                if (m.find() && BIG_TABLES.contains(m.group(1)) && !tables.contains(m.group(1))) {
                    tables.add(m.group(1));
                }
            }
            return tables;
        }

        /** Rows the plan read and threw away ("Rows Removed by Filter"), summed over its nodes and loops. */
        private static long filtered(List<String> plan) {
            long rows = 0;
            for (String line : plan) {
                Matcher m = REMOVED.matcher(line);
                if (m.find()) {
                    rows += Long.parseLong(m.group(1));
                }
            }
            return rows;
        }

        private static String execution(List<String> plan) {
            return plan.stream().filter(l -> l.startsWith("Execution Time")).findFirst()
                    .map(l -> l.replace("Execution Time: ", "")).orElse("");
        }

        /** The ledger's {@code ?} as {@code $1}, {@code $2}, … for PREPARE (none of its SQL has a ? in a literal). */
        private static String numbered(String sql) {
            StringBuilder out = new StringBuilder();
            int n = 0;
            for (char ch : sql.toCharArray()) {
                out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
            }
            return out.toString();
        }

        /** The values as EXECUTE's literal arguments, typed as pgjdbc binds them. */
        private static String literals(Object... values) {
            if (values.length == 0) {
                return "";
            }
            List<String> literals = new ArrayList<>();
            for (Object v : values) {
                if (v instanceof Integer) {
                    literals.add(v.toString());
                } else if (v instanceof OffsetDateTime) {
                    literals.add("'" + v + "'::timestamptz");
                } else if (v instanceof UUID) {
                    literals.add("'" + v + "'::uuid");
                } else {
                    literals.add("'" + v.toString().replace("'", "''") + "'::varchar");
                }
            }
            return " (" + String.join(", ", literals) + ")";
        }

        /** The plan's node names, outermost first, without costs: "Limit > Index Scan Backward using …". */
        private static String topNodes(List<String> plan) {
            List<String> nodes = new ArrayList<>();
            for (String line : plan) {
                String t = line.strip();
                if (t.startsWith("->")) {
                    t = t.substring(2).strip();
                } else if (!nodes.isEmpty()) {
                    continue;
                }
                int cost = t.indexOf("  (");
                if (cost > 0) {
                    nodes.add(t.substring(0, cost).replace("|", "\\|"));
                }
                if (nodes.size() == 4) {
                    break;
                }
            }
            return String.join(" > ", nodes);
        }

        private static String placeholders(int n) {
            return String.join(", ", java.util.Collections.nCopies(n, "?"));
        }
    }
}
