package io.stkpush.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callback ingestion on loopback against PostgreSQL: STK success callbacks per second posted by concurrent
 * clients to a running stkpush Karaf, each settling its own push (and again with 30 % duplicates), beside a
 * plain single-row INSERT rate measured on the same PostgreSQL in the same run. For reference it also measures
 * the HTTP stack alone (a JAX-RS 404), which bounds what any hook can reach on the machine.
 *
 * <p>Usage: {@code CallbackIngestion <karaf base URL> <jdbc url> <hmac key> [callbacks] [clients]
 * [warm-up seconds]}; the JDBC user and password are {@code postgres}. Run by {@code scripts/benchmark}, which
 * prepares Karaf and PostgreSQL.
 */
public final class CallbackIngestion {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DARAJA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final URI base;
    private final String jdbcUrl;
    private final SecretKeySpec key;
    private final int clients;

    private CallbackIngestion(String base, String jdbcUrl, String hmacKey, int clients) {
        this.base = URI.create(base);
        this.jdbcUrl = jdbcUrl;
        this.key = new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CallbackIngestion <karaf base URL> <jdbc url> <hmac key> [callbacks] [clients]"
                    + " [warm-up seconds]");
            System.exit(2);
        }
        int callbacks = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        Duration warmUp = Duration.ofSeconds(args.length > 5 ? Integer.parseInt(args[5]) : 120);
        CallbackIngestion bench = new CallbackIngestion(args[0], args[1], args[2], clients);

        // Karaf's request path (Jetty, Pax Web, CXF, ours) takes a couple of minutes of load to be compiled on
        // two cores; measured cold, the first runs read a third of the steady rate, after 40 s two thirds
        long warmUpEnd = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() < warmUpEnd) {
            bench.requestsPerSecond(bench.distinct(2000), 200);
            bench.requestsPerSecond(bench.unknownHook(2000), 404);
        }
        double distinct = bench.requestsPerSecond(bench.distinct(callbacks), 200);
        double withDuplicates = bench.requestsPerSecond(bench.withDuplicates(callbacks, 0.30), 200);
        double httpAlone = bench.requestsPerSecond(bench.unknownHook(callbacks), 404);
        double plainInsert = bench.plainInsertsPerSecond(callbacks);
        double oneRowCeiling = 1 / (1 / httpAlone + 1 / plainInsert);

        System.out.printf(Locale.ROOT, "%nCallback ingestion, %d clients, %d requests per run after %d s warm-up,"
                + " loopback, PostgreSQL%n", clients, callbacks, warmUp.toSeconds());
        row("", "per second", "ratio");
        row("plain single-row INSERT (JDBC, autocommit)", plainInsert, plainInsert);
        row("valid callbacks, distinct pushes", distinct, plainInsert);
        row("valid callbacks, 30 % duplicates", withDuplicates, plainInsert);
        System.out.printf(Locale.ROOT, "  target: ratio >= 0.60%n");
        System.out.printf(Locale.ROOT, "%n  For reference, on the same machine in the same run:%n");
        row("the HTTP stack alone (JAX-RS 404, no database)", httpAlone, plainInsert);
        row("ceiling of any hook writing one row (*)", oneRowCeiling, plainInsert);
        System.out.printf(Locale.ROOT, "  (*) 1 / (1/HTTP + 1/INSERT): the HTTP stack and one INSERT sharing the"
                + " machine, nothing else%n");
    }

    private static void row(String what, String perSecond, String ratio) {
        System.out.printf(Locale.ROOT, "  %-48s %10s %8s%n", what, perSecond, ratio);
    }

    private static void row(String what, double perSecond, double plainInsert) {
        System.out.printf(Locale.ROOT, "  %-48s %10.0f %8.2f%n", what, perSecond, perSecond / plainInsert);
    }

    /** Well-formed callbacks posted to a hook path that does not exist: what the stack costs before our code. */
    private List<String[]> unknownHook(int count) {
        List<String[]> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] callback = callback(UUID.randomUUID());
            requests.add(new String[] {"/hooks/daraja/benchmark-no-such-hook", callback[1]});
        }
        return requests;
    }

    /** One callback for each of {@code count} new pushes. */
    private List<String[]> distinct(int count) throws SQLException {
        List<String[]> requests = new ArrayList<>();
        for (UUID push : newPushes(count)) {
            requests.add(callback(push));
        }
        return requests;
    }

    /** {@code count} callbacks of which {@code share} repeat one already in the list (Daraja retrying). */
    private List<String[]> withDuplicates(int count, double share) throws SQLException {
        int repeats = (int) Math.round(count * share);
        List<String[]> requests = distinct(count - repeats);
        List<String[]> originals = new ArrayList<>(requests);
        for (int i = 0; i < repeats; i++) {
            requests.add(originals.get(RANDOM.nextInt(originals.size())));
        }
        Collections.shuffle(requests, RANDOM);
        return requests;
    }

    /** Pushes waiting for their callback, written straight into the ledger (setup, not measured). */
    private List<UUID> newPushes(int count) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        String sql = "INSERT INTO push_request (id, subscriber_id, phone, amount, status, operator_name, created_at,"
                + " updated_at, wait_until, poll_attempts) VALUES (?, 'bench', ?, 100, 'WAITING', 'bench', ?, ?, ?, 0)";
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement insert = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, String.format(Locale.ROOT, "2547%08d", RANDOM.nextInt(100_000_000)));
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, now);
                insert.setTimestamp(5, Timestamp.from(Instant.now().plusSeconds(96)));
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
            c.commit();
        }
        return ids;
    }

    /** {path, body} of a Daraja success callback for the push, with a fresh receipt. */
    private String[] callback(UUID push) {
        String receipt = receipt();
        String body = "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"bench-" + push + "\","
                + "\"CheckoutRequestID\":\"ws_CO_" + receipt + "\",\"ResultCode\":0,"
                + "\"ResultDesc\":\"The service request is processed successfully.\",\"CallbackMetadata\":{\"Item\":["
                + "{\"Name\":\"Amount\",\"Value\":100.00},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"" + receipt + "\"},"
                + "{\"Name\":\"Balance\"},{\"Name\":\"TransactionDate\",\"Value\":"
                + LocalDateTime.now(ZoneId.of("Africa/Nairobi")).format(DARAJA_TIME) + "},"
                + "{\"Name\":\"PhoneNumber\",\"Value\":254708374149}]}}}}";
        return new String[] {"/hooks/daraja/stk/" + push + "/" + token("stk:" + push), body};
    }

    /** Posts every request from {@code clients} threads; each must be answered {@code expected}. */
    private double requestsPerSecond(List<String[]> requests, int expected) throws Exception {
        ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(requests);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double seconds;
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(pool.submit(() -> {
                    try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                        for (String[] r = queue.poll(); r != null; r = queue.poll()) {
                            if (connection.post(r[0], r[1]) != expected) {
                                failures.incrementAndGet();
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
            throw new IllegalStateException(failures.get() + " requests were not answered " + expected);
        }
        return requests.size() / seconds;
    }

    private double plainInsertsPerSecond(int count) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
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
                    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                            PreparedStatement insert = c.prepareStatement(
                                    "INSERT INTO bench_plain_insert (id, payload, created_at) VALUES (?, ?, now())")) {
                        while (left.getAndDecrement() > 0) {
                            insert.setObject(1, UUID.randomUUID());
                            insert.setString(2, receipt());
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

    private String token(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String receipt() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
