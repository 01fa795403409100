package io.stkpush.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ledger side of the callback benchmarks (ingestion and live): waiting pushes written straight into the ledger
 * (setup, not measured), valid Daraja STK success callbacks for them with the hook's HMAC token, and the check
 * afterwards that each posted callback confirmed its push with one payment.
 */
final class StkCallbacks {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DARAJA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final int BATCH = 5_000;

    private final String jdbcUrl;
    private final SecretKeySpec key;
    /** Marks the benchmark's pushes in the ledger (operator_name), and numbers their phones apart from others'. */
    private final String operator;
    private long nextPhone = -1;

    StkCallbacks(String jdbcUrl, String hmacKey, String operator) {
        this.jdbcUrl = jdbcUrl;
        this.key = new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.operator = operator;
    }

    /** The server's version, after checking that it runs with production durability. */
    String durableServer() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, USER, PASSWORD); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN"
                        + " ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes')")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            if (!"on".equals(settings.get(name))) {
                throw new IllegalStateException("PostgreSQL runs with " + name + " = " + settings.get(name)
                        + ": not what production runs; start it with STKPUSH_PG_DURABLE=1 scripts/postgres-start");
            }
        }
        return settings.get("server_version");
    }

    /**
     * Pushes M-Pesa accepted and that wait for their callback. Their first status query and the end of their window
     * are an hour away, so the poller and the window sweep leave them to their callbacks. Each holds a phone of its
     * own (one open prompt per phone), numbered on from this benchmark's last one, so separate runs never collide.
     */
    List<UUID> newPushes(int count) throws SQLException {
        List<UUID> ids = new ArrayList<>(count);
        Properties login = new Properties();
        login.setProperty("user", USER);
        login.setProperty("password", PASSWORD);
        login.setProperty("reWriteBatchedInserts", "true");
        String sql = "INSERT INTO push_request (id, subscriber_id, phone, amount, status, merchant_request_id,"
                + " checkout_request_id, operator_name, open_phone, created_at, updated_at, wait_until, poll_attempts,"
                + " next_poll_at) VALUES (?, ?, ?, 100, 'WAITING', ?, ?, ?, ?, ?, ?, ?, 0, ?)";
        try (Connection c = DriverManager.getConnection(jdbcUrl, login)) {
            if (nextPhone < 0) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT MAX(phone) FROM push_request WHERE operator_name = '" + operator + "'")) {
                    rs.next();
                    String last = rs.getString(1);
                    nextPhone = last == null ? 0 : Long.parseLong(last.substring(4)) + 1;
                }
            }
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            Timestamp hourAway = Timestamp.from(Instant.now().plus(Duration.ofHours(1)));
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int i = 0; i < count; i++) {
                    UUID id = UUID.randomUUID();
                    String phone = String.format(Locale.ROOT, "2547%08d", nextPhone++);
                    insert.setObject(1, id);
                    insert.setString(2, "bench-" + RANDOM.nextInt(200_000));
                    insert.setString(3, phone);
                    insert.setString(4, merchantRequestId(id));
                    insert.setString(5, checkoutRequestId(id));
                    insert.setString(6, operator);
                    insert.setString(7, phone);
                    insert.setTimestamp(8, now);
                    insert.setTimestamp(9, now);
                    insert.setTimestamp(10, hourAway);
                    insert.setTimestamp(11, hourAway);
                    insert.addBatch();
                    ids.add(id);
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    /** The hook path of the push's STK callback, with its HMAC token. */
    String path(UUID push) {
        return "/hooks/daraja/stk/" + push + "/" + token("stk:" + push);
    }

    /** A Daraja success callback for the push, with a fresh receipt. */
    String body(UUID push) {
        return "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"" + merchantRequestId(push) + "\","
                + "\"CheckoutRequestID\":\"" + checkoutRequestId(push) + "\",\"ResultCode\":0,"
                + "\"ResultDesc\":\"The service request is processed successfully.\",\"CallbackMetadata\":{\"Item\":["
                + "{\"Name\":\"Amount\",\"Value\":100.00},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"" + receipt()
                + "\"},{\"Name\":\"Balance\"},{\"Name\":\"TransactionDate\",\"Value\":"
                + LocalDateTime.now(ZoneId.of("Africa/Nairobi")).format(DARAJA_TIME) + "},"
                + "{\"Name\":\"PhoneNumber\",\"Value\":254708374149}]}}}}";
    }

    /** How many of {@code pushes} are CONFIRMED, and how many payments they have. */
    long[] confirmedAndPaid(List<UUID> pushes) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FILTER (WHERE p.status = 'CONFIRMED'),"
                        + " COUNT(pay.id) FROM push_request p LEFT JOIN payment pay ON pay.push_id = p.id"
                        + " WHERE p.id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", pushes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static String merchantRequestId(UUID push) {
        return "bench-" + push.toString().substring(0, 18);
    }

    private static String checkoutRequestId(UUID push) {
        return "ws_CO_" + push.toString().replace("-", "").substring(0, 20);
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

    /** A fresh M-Pesa receipt number. */
    static String receipt() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
