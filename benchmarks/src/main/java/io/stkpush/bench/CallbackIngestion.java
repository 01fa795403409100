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
 * plain single-row INSERT rate measured on the same PostgreSQL in the same run.
 *
 * <p>Usage: {@code CallbackIngestion <karaf base URL> <jdbc url> <hmac key> [callbacks] [clients]}; the JDBC user
 * and password are {@code postgres}. Run by {@code scripts/benchmark}, which prepares Karaf and PostgreSQL.
 */
public final class CallbackIngestion {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DARAJA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String base;
    private final String jdbcUrl;
    private final SecretKeySpec key;
    private final int clients;

    private CallbackIngestion(String base, String jdbcUrl, String hmacKey, int clients) {
        this.base = base;
        this.jdbcUrl = jdbcUrl;
        this.key = new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CallbackIngestion <karaf base URL> <jdbc url> <hmac key> [callbacks] [clients]");
            System.exit(2);
        }
        int callbacks = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        CallbackIngestion bench = new CallbackIngestion(args[0], args[1], args[2], clients);

        bench.callbacksPerSecond(bench.distinct(Math.max(1000, callbacks / 3))); // warm-up: JIT, pools
        double distinct = bench.callbacksPerSecond(bench.distinct(callbacks));
        double withDuplicates = bench.callbacksPerSecond(bench.withDuplicates(callbacks, 0.30));
        double plainInsert = bench.plainInsertsPerSecond(callbacks);

        System.out.printf(Locale.ROOT, "%nCallback ingestion, %d clients, %d requests per run, loopback, PostgreSQL%n",
                clients, callbacks);
        System.out.printf(Locale.ROOT, "  %-44s %10s %8s%n", "", "per second", "ratio");
        System.out.printf(Locale.ROOT, "  %-44s %10.0f %8s%n", "plain single-row INSERT (JDBC, autocommit)",
                plainInsert, "1.00");
        System.out.printf(Locale.ROOT, "  %-44s %10.0f %8.2f%n", "valid callbacks, distinct pushes", distinct,
                distinct / plainInsert);
        System.out.printf(Locale.ROOT, "  %-44s %10.0f %8.2f%n", "valid callbacks, 30 % duplicates", withDuplicates,
                withDuplicates / plainInsert);
        System.out.printf(Locale.ROOT, "  target: ratio >= 0.60%n");
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

    private double callbacksPerSecond(List<String[]> requests) throws Exception {
        ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(requests);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                for (String[] r = queue.poll(); r != null; r = queue.poll()) {
                    if (post(r[0], r[1]) != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " callbacks were not answered 200");
        }
        return requests.size() / seconds;
    }

    /** Plain HttpURLConnection: keep-alive per thread, and the lightest client the JDK has. */
    private int post(String path, String body) throws java.io.IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (java.io.OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (java.io.InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    private double plainInsertsPerSecond(int count) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_plain_insert (id UUID PRIMARY KEY, payload TEXT NOT NULL,"
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
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
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
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
