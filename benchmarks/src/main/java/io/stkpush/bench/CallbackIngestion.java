package io.stkpush.bench;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part 1 of scripts/benchmark, durable callback ingestion: STK success callbacks posted over loopback by concurrent
 * clients to a running stkpush Karaf, each settling its own push, and again with 30 % duplicates (Daraja retrying),
 * beside two references measured in the same run: a plain single-row INSERT on the same PostgreSQL (JDBC,
 * autocommit), and the HTTP stack alone (a hook path that does not exist, answered 404 by Jetty, Pax Web and CXF
 * without our code or the database). For each callback run it also counts, from PostgreSQL's own statistics, the
 * commits, statements and round trips per callback, and checks in the ledger that every push was settled once.
 *
 * <p>Options: {@code --base} Karaf's URL, {@code --jdbc} the ledger database's JDBC URL, {@code --admin-jdbc}
 * another database of the same server (the reference INSERT and the statistics are read there), {@code --key} the
 * callback HMAC key, {@code --callbacks} (10000), {@code --clients} (8), {@code --warmup} seconds (90). The JDBC
 * user and password are {@code postgres}. The server must run with fsync, synchronous_commit and full_page_writes
 * on; the program refuses to measure otherwise.
 */
public final class CallbackIngestion {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    /** How long the background (poller, sweeps) is watched alone before each run, to subtract it. */
    private static final long BACKGROUND_MILLIS = 5_000;
    private static final double DUPLICATE_SHARE = 0.30;

    private final URI base;
    private final String jdbcUrl;
    private final String adminJdbcUrl;
    private final StkCallbacks stk;
    private final int clients;

    private CallbackIngestion(String base, String jdbcUrl, String adminJdbcUrl, String hmacKey, int clients) {
        this.base = URI.create(base);
        this.jdbcUrl = jdbcUrl;
        this.adminJdbcUrl = adminJdbcUrl;
        this.stk = new StkCallbacks(jdbcUrl, hmacKey, "bench");
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int callbacks = options.number("callbacks", 10_000);
        int clients = options.number("clients", 8);
        Duration warmUp = Duration.ofSeconds(options.number("warmup", 90));
        CallbackIngestion bench = new CallbackIngestion(options.text("base"), options.text("jdbc"),
                options.text("admin-jdbc"), options.text("key"), clients);
        String database = bench.databaseName();

        try (Connection admin = DriverManager.getConnection(bench.adminJdbcUrl, USER, PASSWORD)) {
            String server = bench.stk.durableServer() + " (fsync, synchronous_commit, full_page_writes on)";
            PgActivity activity = new PgActivity(admin, database);
            System.err.printf(Locale.ROOT, "%nPostgreSQL %s; pg_stat_statements %s; round trips %s. Warming up for"
                    + " %d s…%n", server, activity.countsStatements() ? "on" : "not available (statements not counted)",
                    activity.countsRoundTrips() ? "counted with ss" : "not counted (no ss)", warmUp.toSeconds());

            // Karaf's request path (Jetty, Pax Web, CXF, ours) takes a minute or two of load to be compiled on two
            // cores; measured cold, the first runs read a third of the steady rate
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            while (System.nanoTime() < warmUpEnd) {
                bench.post(bench.withDuplicates(2000, DUPLICATE_SHARE).requests(), 200);
                bench.post(bench.unknownHook(2000), 404);
            }

            Run distinct = bench.measure(bench.distinct(callbacks), activity);
            Run withDuplicates = bench.measure(bench.withDuplicates(callbacks, DUPLICATE_SHARE), activity);
            double httpAlone = bench.post(bench.unknownHook(callbacks), 404).perSecond();
            double plainInsert = bench.plainInsertsPerSecond(callbacks);

            print(clients, callbacks, warmUp, server, activity.countsStatements(), activity.countsRoundTrips(),
                    plainInsert, httpAlone, distinct, withDuplicates);
            if (!distinct.check().ok() || !withDuplicates.check().ok()) {
                System.out.println("\nThe ledger does not hold what the callbacks should have recorded: the figures"
                        + " above measure something else. See karaf.log.");
                System.exit(1);
            }
        }
    }

    private static void print(int clients, int callbacks, Duration warmUp, String server, boolean statements,
            boolean roundTrips, double plainInsert, double httpAlone, Run distinct, Run duplicates) {
        Table table = new Table(String.format(Locale.ROOT, "Durable callback ingestion: %d clients, %,d requests per"
                + " run after %d s of warm-up, loopback, PostgreSQL %s", clients, callbacks, warmUp.toSeconds(),
                server), "", "measured", "× INSERT", "target", "");
        table.row("durable single-row INSERT (JDBC, autocommit): the reference", Table.rate(plainInsert), "1.00", "",
                "");
        table.row("HTTP stack alone (JAX-RS 404, no database)", Table.rate(httpAlone),
                Table.ratio(httpAlone / plainInsert), "", "");
        // a request that needs both, one after the other, cannot go faster than this
        double ceiling = 1 / (1 / httpAlone + 1 / plainInsert);
        table.row("ceiling of any callback: the HTTP stack, then one durable INSERT", Table.rate(ceiling),
                Table.ratio(ceiling / plainInsert), "", "");
        for (Run run : List.of(distinct, duplicates)) {
            double ratio = run.perSecond() / plainInsert;
            table.row("valid callbacks, " + run.name(), Table.rate(run.perSecond()), Table.ratio(ratio), "≥ 0.50",
                    Table.verdict(ratio >= 0.5));
            Targets.record("1 ingestion", "valid callbacks, " + run.name() + ", × durable INSERT", Table.ratio(ratio)
                    + " (" + Table.rate(run.perSecond()) + ")", "INSERT " + Table.rate(plainInsert) + "; ceiling "
                    + Table.ratio(ceiling / plainInsert) + " ×", "≥ 0.50", ratio >= 0.5);
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.row("callback latency p50 / p99, " + run.name(),
                    Table.ms(run.latencies().millis(50)) + " / " + Table.ms(run.latencies().millis(99)), "", "", "");
        }
        for (Run run : List.of(distinct, duplicates)) {
            double writes = run.perCallback(run.work().writes());
            table.row("commits that write per callback, " + run.name(), Table.number(writes), "", "≤ 1",
                    Table.verdict(writes <= 1.0));
            Targets.record("1 ingestion", "commits that write per callback, " + run.name(), Table.number(writes),
                    "INSERT 1", "≤ 1", writes <= 1.0);
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.row("transactions per callback, read-only ones included, " + run.name(),
                    Table.number(run.perCallback(run.work().commits())), "", "", "");
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.row("round trips to PostgreSQL per callback, " + run.name(), roundTrips
                    ? Table.number(run.perCallback(run.work().roundTrips())) : "n/a", "", "", "");
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.row("statements per callback (BEGIN, COMMIT not counted), " + run.name(), statements
                    ? Table.number(run.perCallback(run.work().statements())) : "n/a", "", "", "");
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.row("WAL flushes per callback (whole server), " + run.name(),
                    Table.number(run.perCallback(run.work().walSyncs())), "", "", "");
        }
        for (Run run : List.of(distinct, duplicates)) {
            table.note("Checked in the ledger, " + run.name() + ": " + run.check().summary()
                    + (run.check().ok() ? "." : ". **WRONG.**"));
        }
        table.note("Commits that write: transaction ids PostgreSQL assigned (txid_snapshot_xmax of the current"
                + " snapshot, whole server); a read or a NOTIFY takes none. Transactions: the ledger database's"
                + " committed transactions (pg_stat_database.xact_commit), read-only ones included (a look-up in"
                + " autocommit, the event relay's NOTIFY and its LISTENing reads). The ceiling: 1 / (1/HTTP +"
                + " 1/INSERT), a request that needs the HTTP stack and then one durable commit, nothing else. Round"
                + " trips: requests PostgreSQL received from Karaf, counted by the kernel (data_segs_in of ss -ti on the server's sockets); a COMMIT is one, a BEGIN travels"
                + " with the statement after it. Statements: pg_stat_statements, transaction control left out"
                + " (PostgreSQL 15 misses most of pgjdbc's server-prepared BEGIN and COMMIT), so round trips minus"
                + " statements is about the COMMITs, ROLLBACKs and connection checks. All per callback, less what the"
                + " server did on its own (poller, sweeps) in 5 s watched before each run. WAL flushes:"
                + " pg_stat_wal.wal_sync, whole server; commits that share a flush (group commit) show as fewer"
                + " flushes than commits.");
        table.print();
        if (statements) {
            Table breakdown = new Table("Durable callback ingestion: statements per callback (pg_stat_statements)",
                    "statement", distinct.name(), duplicates.name());
            Map<String, Long> order = new LinkedHashMap<>();
            for (Run run : List.of(distinct, duplicates)) {
                run.work().byStatement().forEach((q, n) -> order.merge(q, n, Long::sum));
            }
            order.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> distinct.perCallback(distinct.work().byStatement().getOrDefault(e.getKey(), 0L)) >= 0.01
                            || duplicates.perCallback(duplicates.work().byStatement().getOrDefault(e.getKey(), 0L))
                                    >= 0.01)
                    .forEach(e -> breakdown.row(Table.sql(e.getKey(), 120),
                            Table.number(distinct.perCallback(distinct.work().byStatement().getOrDefault(e.getKey(), 0L))),
                            Table.number(duplicates.perCallback(
                                    duplicates.work().byStatement().getOrDefault(e.getKey(), 0L)))));
            breakdown.note("Calls of each statement in the ledger database during the run, per callback (the"
                    + " server's own work is not subtracted here; BEGIN and COMMIT are not listed: see above).");
            breakdown.print();
        }
    }

    private String databaseName() {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    // ---- the requests ------------------------------------------------------------------------------------

    /** Callbacks to post, and the pushes they are for. */
    private record Batch(List<String[]> requests, List<UUID> pushes) {
    }

    /** Well-formed callbacks posted to a hook path that does not exist: what the stack costs before our code. */
    private List<String[]> unknownHook(int count) {
        List<String[]> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new String[] {"/hooks/daraja/benchmark-no-such-hook", stk.body(UUID.randomUUID())});
        }
        return requests;
    }

    /** One callback for each of {@code count} new pushes. */
    private Batch distinct(int count) throws SQLException {
        List<UUID> pushes = stk.newPushes(count);
        List<String[]> requests = new ArrayList<>();
        for (UUID push : pushes) {
            requests.add(callback(push));
        }
        return new Batch(requests, pushes);
    }

    /** {@code count} callbacks of which {@code share} repeat one already in the list (Daraja retrying). */
    private Batch withDuplicates(int count, double share) throws SQLException {
        int repeats = (int) Math.round(count * share);
        Batch batch = distinct(count - repeats);
        List<String[]> requests = new ArrayList<>(batch.requests());
        for (int i = 0; i < repeats; i++) {
            requests.add(batch.requests().get(RANDOM.nextInt(batch.requests().size())));
        }
        Collections.shuffle(requests, RANDOM);
        return new Batch(requests, batch.pushes());
    }

    /** {path, body} of a Daraja success callback for the push, with a fresh receipt. */
    private String[] callback(UUID push) {
        return new String[] {stk.path(push), stk.body(push)};
    }

    // ---- measuring ---------------------------------------------------------------------------------------

    /** A measured callback run. */
    private record Run(String name, int callbacks, double perSecond, Latencies latencies, PgActivity.Counters work,
            Check check) {

        double perCallback(long count) {
            return (double) count / callbacks;
        }
    }

    /** What the ledger holds for a batch after its run. */
    private record Check(boolean ok, String summary) {
    }

    /** Posts the batch, counting what PostgreSQL did for it, then checks the ledger. */
    private Run measure(Batch batch, PgActivity activity) throws Exception {
        String name = batch.requests().size() == batch.pushes().size() ? "distinct pushes" : "30 % duplicates";
        // whatever came before (setup, warm-up) reaches the statistics first
        Thread.sleep(PgActivity.FLUSH_MILLIS);
        long quietStart = System.nanoTime();
        PgActivity.Counters before = activity.read();
        System.err.printf(Locale.ROOT, "Measuring %,d callbacks, %s…%n", batch.requests().size(), name);
        Thread.sleep(BACKGROUND_MILLIS);
        PgActivity.Counters start = activity.read();
        long loadStart = System.nanoTime();
        Load load = post(batch.requests(), 200);
        Thread.sleep(PgActivity.FLUSH_MILLIS);
        PgActivity.Counters end = activity.read();
        long counted = System.nanoTime();
        // the background rate, watched alone, for as long as the run was counted
        PgActivity.Counters work = end.minus(start).less(start.minus(before), (loadStart - quietStart) / 1e9,
                (counted - loadStart) / 1e9);
        return new Run(name, batch.requests().size(), load.perSecond(), load.latencies(), work, check(batch));
    }

    /** Every push of the batch CONFIRMED with one payment, and every request journaled. */
    private Check check(Batch batch) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, USER, PASSWORD)) {
            java.sql.Array ids = c.createArrayOf("uuid", batch.pushes().toArray());
            long confirmed;
            long payments;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FILTER (WHERE p.status = 'CONFIRMED'),"
                    + " COUNT(pay.id) FROM push_request p LEFT JOIN payment pay ON pay.push_id = p.id"
                    + " WHERE p.id = ANY (?)")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    confirmed = rs.getLong(1);
                    payments = rs.getLong(2);
                }
            }
            Map<String, Long> journal = new LinkedHashMap<>();
            long journaled = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT disposition, COUNT(*) FROM provider_event"
                    + " WHERE push_id = ANY (?) GROUP BY disposition ORDER BY 2 DESC")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        journal.put(rs.getString(1), rs.getLong(2));
                        journaled += rs.getLong(2);
                    }
                }
            }
            int pushes = batch.pushes().size();
            boolean ok = confirmed == pushes && payments == pushes && journaled == batch.requests().size();
            StringBuilder dispositions = new StringBuilder();
            journal.forEach((d, n) -> dispositions.append(dispositions.length() == 0 ? "" : ", ").append(n)
                    .append(' ').append(d));
            return new Check(ok, String.format(Locale.ROOT, "%,d/%,d pushes CONFIRMED, %,d payments, %,d journaled"
                    + " (%s)", confirmed, pushes, payments, journaled, dispositions));
        }
    }

    /** What one load run gave. */
    private record Load(double perSecond, Latencies latencies) {
    }

    /** Posts every request from {@code clients} threads; each must be answered {@code expected}. */
    private Load post(List<String[]> requests, int expected) throws Exception {
        ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(requests);
        AtomicInteger failures = new AtomicInteger();
        Set<Integer> unexpected = Collections.synchronizedSet(new LinkedHashSet<>());
        Latencies latencies = new Latencies(requests.size());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double seconds;
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(pool.submit(() -> {
                    try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                        for (String[] r = queue.poll(); r != null; r = queue.poll()) {
                            long sent = System.nanoTime();
                            int status = connection.post(r[0], r[1]);
                            latencies.add(System.nanoTime() - sent);
                            if (status != expected) {
                                failures.incrementAndGet();
                                unexpected.add(status);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            seconds = (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow(); // a failed worker must not leave idle non-daemon threads keeping the JVM alive
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests were not answered " + expected + " but "
                    + unexpected);
        }
        return new Load(requests.size() / seconds, latencies);
    }

    /** Single-row INSERTs in autocommit from {@code clients} connections, on the other database of the server. */
    private double plainInsertsPerSecond(int count) throws Exception {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, USER, PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_plain_insert (id UUID PRIMARY KEY, payload TEXT NOT NULL,"
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double seconds;
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(adminJdbcUrl, USER, PASSWORD);
                            PreparedStatement insert = c.prepareStatement(
                                    "INSERT INTO bench_plain_insert (id, payload, created_at) VALUES (?, ?, now())")) {
                        while (left.getAndDecrement() > 0) {
                            insert.setObject(1, UUID.randomUUID());
                            insert.setString(2, StkCallbacks.receipt());
                            insert.executeUpdate();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            seconds = (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow(); // a failed worker must not leave idle non-daemon threads keeping the JVM alive
        }
        return count / seconds;
    }
}
