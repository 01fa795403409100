package io.stkpush.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fills the ledger of a running stkpush (schema created by Karaf's migrations, V1..V7) with a busy ISP's three
 * months, straight in SQL with generate_series: {@code pushes} pushes, as many payments, three journal entries per
 * push. What it replaces is the benchmark's own database: the ledger's tables are emptied first.
 *
 * <p>The spread: about 200 subscribers per thousand pushes (plan prices KES 1,000–6,000), 40 % of pushes in the
 * first five days of a month, the rest over 90 days; 70 % confirmed, 10 % cancelled, 7.5 % failed (balance, PIN,
 * unregistered number), 16 % timed out or stopped, 0.7 % paid late (held unredeemed unless an operator linked them);
 * pushes without an outcome are reconciled when younger than 72 h and left for review when older; the last 20 wait
 * for their callback now. Payments: one per paid push, the rest Paybill (C2B) payments, 3 % of them to an account
 * nobody has (half of those linked by an operator since). Journal: the callback, a status query answer, and
 * further status answers, repeats and C2B confirmations. Seeded, so two runs of one size generate the same ledger.
 */
final class LedgerGenerator {

    /** Pushes that wait for their callback right now. */
    static final int WAITING = 20;

    private final Connection c;
    private final int pushes;
    private final int subscribers;
    private final OffsetDateTime anchor;

    LedgerGenerator(Connection c, int pushes) {
        this.c = c;
        this.pushes = pushes;
        this.subscribers = Math.max(WAITING, pushes / 5);
        this.anchor = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    }

    int subscribers() {
        return subscribers;
    }

    /** Subscriber ids are {@code isp-000001} … */
    static String subscriberId(int n) {
        return String.format(Locale.ROOT, "isp-%06d", n);
    }

    /** Generates, then vacuums and analyzes, as autovacuum would have on a ledger that grew over months. */
    Map<String, Double> generate() throws SQLException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            if (!exists("push_request")) {
                throw new IllegalStateException("no push_request table: Karaf has not migrated the ledger yet");
            }
            st.execute("TRUNCATE provider_event, payment, renewal, push_request CASCADE");
            st.execute("SET work_mem = '64MB'");
            st.execute("SET maintenance_work_mem = '256MB'");
        }
        seconds.put("pushes", timed(this::generatePushes));
        seconds.put("payments", timed(this::generatePayments));
        seconds.put("journal", timed(this::generateJournal));
        waitingNow();
        seconds.put("vacuum analyze", timed(() -> {
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE) push_request");
                st.execute("VACUUM (ANALYZE) payment");
                st.execute("VACUUM (ANALYZE) provider_event");
            }
        }));
        return seconds;
    }

    private interface Step {
        void run() throws SQLException;
    }

    private static double timed(Step step) throws SQLException {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean exists(String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void generatePushes() throws SQLException {
        // g: the draws; k: what happened to the push; then the columns. Push i has id md5('push-' || i).
        String sql = "INSERT INTO push_request (id, subscriber_id, phone, amount, status, outcome, reason, result_code,"
                + " provider_text, merchant_request_id, checkout_request_id, operator_name, open_phone, stopped_by,"
                + " created_at, updated_at, wait_until, settled_at, poll_attempts, next_poll_at, review_since,"
                + " outcome_evidence)"
                + " SELECT md5('push-' || i)::uuid, 'isp-' || lpad(s::text, 6, '0'), phone,"
                + "   (ARRAY[1000, 1500, 2000, 2500, 3000, 4500, 6000])[1 + s % 7],"
                + "   CASE kind WHEN 'confirmed' THEN 'CONFIRMED' WHEN 'cancelled' THEN 'CANCELLED'"
                + "     WHEN 'insufficient' THEN 'FAILED' WHEN 'wrong_pin' THEN 'FAILED' WHEN 'not_registered' THEN 'FAILED'"
                + "     WHEN 'stopped' THEN 'STOPPED' WHEN 'waiting' THEN 'WAITING' ELSE 'TIMEOUT' END,"
                + "   CASE kind WHEN 'confirmed' THEN 'SUCCEEDED' WHEN 'late' THEN 'SUCCEEDED' WHEN 'cancelled' THEN 'CANCELLED'"
                + "     WHEN 'insufficient' THEN 'FAILED' WHEN 'wrong_pin' THEN 'FAILED' WHEN 'not_registered' THEN 'FAILED'"
                + "     WHEN 'timeout' THEN 'NO_RESPONSE' WHEN 'stopped' THEN CASE WHEN w < 0.5 THEN 'CANCELLED'"
                + "     ELSE 'NO_RESPONSE' END END,"
                + "   CASE kind WHEN 'confirmed' THEN 'paid' WHEN 'late' THEN 'late_payment_held'"
                + "     WHEN 'cancelled' THEN 'cancelled_by_subscriber' WHEN 'insufficient' THEN 'insufficient_funds'"
                + "     WHEN 'wrong_pin' THEN 'wrong_pin' WHEN 'not_registered' THEN 'not_registered'"
                + "     WHEN 'timeout' THEN 'no_response' WHEN 'stopped' THEN CASE WHEN w < 0.5"
                + "     THEN 'cancelled_by_subscriber' ELSE 'no_response' END END,"
                + "   CASE kind WHEN 'confirmed' THEN '0' WHEN 'late' THEN '0' WHEN 'cancelled' THEN '1032'"
                + "     WHEN 'insufficient' THEN '1' WHEN 'wrong_pin' THEN '2001' WHEN 'not_registered' THEN '400.002.02'"
                + "     WHEN 'timeout' THEN '1037' WHEN 'stopped' THEN CASE WHEN w < 0.5 THEN '1032' ELSE '1037' END END,"
                + "   CASE kind WHEN 'confirmed' THEN 'The service request is processed successfully.'"
                + "     WHEN 'late' THEN 'The service request is processed successfully.'"
                + "     WHEN 'cancelled' THEN 'Request cancelled by user'"
                + "     WHEN 'insufficient' THEN 'The balance is insufficient for the transaction.'"
                + "     WHEN 'wrong_pin' THEN 'The initiator information is invalid.'"
                + "     WHEN 'not_registered' THEN 'Bad Request - Invalid PhoneNumber'"
                + "     WHEN 'timeout' THEN 'DS timeout user cannot be reached'"
                + "     WHEN 'stopped' THEN 'Request cancelled by user' END,"
                + "   CASE WHEN kind <> 'not_registered' THEN 'mr-' || i END,"
                + "   CASE WHEN kind <> 'not_registered' THEN 'ws_CO_' || lpad(i::text, 12, '0') END,"
                + "   'operator-' || (1 + i % 12),"
                + "   CASE WHEN kind = 'waiting' THEN phone END,"
                + "   CASE WHEN kind = 'stopped' THEN 'operator-' || (1 + i % 12) END,"
                + "   created,"
                + "   CASE WHEN kind IN ('waiting', 'reconciling') THEN created + make_interval(secs => 96 + 8 * polls)"
                + "     WHEN kind = 'review' THEN created + interval '72 hours' ELSE created + settle_after END,"
                + "   created + interval '96 seconds',"
                + "   CASE WHEN kind IN ('waiting', 'reconciling', 'review') THEN NULL ELSE created + settle_after END,"
                + "   polls,"
                + "   CASE WHEN kind = 'waiting' THEN ?::timestamptz + interval '8 seconds'"
                + "     WHEN kind = 'reconciling' THEN ?::timestamptz + make_interval(mins => 1 + (w * 600)::int) END,"
                + "   CASE WHEN kind = 'review' THEN created + interval '72 hours' END,"
                + "   CASE WHEN kind IN ('waiting', 'reconciling', 'review') THEN NULL"
                + "     WHEN kind = 'not_registered' THEN 'submission'"
                + "     WHEN kind IN ('timeout', 'stopped') AND w < 0.7 THEN 'status_query'"
                + "     WHEN kind = 'confirmed' AND w > 0.97 THEN 'c2b_confirmation'"
                + "     WHEN kind = 'confirmed' AND w > 0.92 THEN 'status_query' ELSE 'callback' END"
                + " FROM (SELECT i, s, created, w,"
                + "     '2547' || lpad(((s::bigint * 7919) % 100000000)::text, 8, '0') AS phone,"
                + "     CASE WHEN kind IN ('timeout', 'late') THEN make_interval(secs => 100 + w * 600)"
                + "       WHEN kind = 'stopped' THEN make_interval(secs => 20 + w * 70)"
                + "       WHEN kind = 'not_registered' THEN interval '1 second'"
                + "       ELSE make_interval(secs => 6 + w * 40) END AS settle_after,"
                + "     CASE WHEN kind = 'waiting' THEN 0 WHEN kind IN ('timeout', 'late', 'stopped') THEN 12"
                + "       WHEN kind = 'reconciling' THEN 13 + (w * 6)::int WHEN kind = 'review' THEN 18"
                + "       WHEN kind = 'not_registered' THEN 0 ELSE (w * 5)::int END AS polls,"
                + "     kind"
                + "   FROM (SELECT i, s, created, w,"
                + "       CASE WHEN i > ? - " + WAITING + " THEN 'waiting'"
                + "         WHEN r < 0.700 THEN 'confirmed' WHEN r < 0.800 THEN 'cancelled'"
                + "         WHEN r < 0.840 THEN 'insufficient' WHEN r < 0.860 THEN 'wrong_pin'"
                + "         WHEN r < 0.875 THEN 'not_registered' WHEN r < 0.955 THEN 'timeout'"
                + "         WHEN r < 0.980 THEN 'stopped' WHEN r < 0.987 THEN 'late' WHEN r < 0.997 THEN 'timeout'"
                + "         WHEN created > ?::timestamptz - interval '72 hours' THEN 'reconciling' ELSE 'review' END AS kind"
                + "     FROM (SELECT i, r, w,"
                + "         CASE WHEN i > ? - " + WAITING + " THEN i % ? + 1 ELSE 1 + floor(u * ?)::int END AS s,"
                + "         CASE WHEN i > ? - " + WAITING + " THEN ?::timestamptz - make_interval(secs => 5 + 3 * (? - i))"
                + "           WHEN v < 0.4 AND peak < ?::timestamptz - interval '10 minutes' THEN peak"
                + "           ELSE ?::timestamptz - interval '10 minutes' - t * interval '90 days' END AS created"
                + "       FROM (SELECT i, random() AS r, random() AS t, random() AS u, random() AS v, random() AS w,"
                + "           date_trunc('month', ?::timestamptz - make_interval(months => floor(random() * 3)::int))"
                + "             + random() * interval '5 days' AS peak"
                + "         FROM generate_series(1, ?) i) g) d) k) x";
        seed(0.42);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setObject(p++, anchor); // waiting: next poll
            ps.setObject(p++, anchor); // reconciling: next poll
            ps.setInt(p++, pushes); // waiting
            ps.setObject(p++, anchor); // reconciling or review
            ps.setInt(p++, pushes); // waiting: subscriber
            ps.setInt(p++, subscribers);
            ps.setInt(p++, subscribers);
            ps.setInt(p++, pushes); // waiting: created
            ps.setObject(p++, anchor);
            ps.setInt(p++, pushes);
            ps.setObject(p++, anchor); // peak
            ps.setObject(p++, anchor); // uniform
            ps.setObject(p++, anchor); // peak's month
            ps.setInt(p, pushes);
            ps.executeUpdate();
        }
    }

    private void generatePayments() throws SQLException {
        // one per paid push; a late one is held unredeemed unless an operator linked it since (60 %)
        String stk = "INSERT INTO payment (id, receipt, amount, phone, paid_at, source, push_id, subscriber_id,"
                + " intended_subscriber_id, account_reference, unredeemed_reason, linked_by, linked_at, recorded_at)"
                + " SELECT md5('pay-' || p.id)::uuid,"
                + "   'S' || upper(lpad(to_hex(substr(p.checkout_request_id, 7)::bigint), 9, '0')),"
                + "   p.amount, p.phone, p.settled_at - interval '2 seconds', 'STK', p.id,"
                + "   CASE WHEN p.status = 'CONFIRMED' OR linked THEN p.subscriber_id END,"
                + "   CASE WHEN p.status <> 'CONFIRMED' THEN p.subscriber_id END, NULL,"
                + "   CASE WHEN p.status <> 'CONFIRMED' AND NOT linked THEN 'late_payment' END,"
                + "   CASE WHEN p.status <> 'CONFIRMED' AND linked THEN p.operator_name END,"
                + "   CASE WHEN p.status <> 'CONFIRMED' AND linked THEN p.settled_at + interval '3 hours' END,"
                + "   p.settled_at"
                + " FROM (SELECT *, random() < 0.6 AS linked FROM push_request WHERE outcome = 'SUCCEEDED') p";
        // the rest: Paybill payments to an account number; 3 % match no subscriber, half of those linked since
        String c2b = "INSERT INTO payment (id, receipt, amount, phone, paid_at, source, push_id, subscriber_id,"
                + " intended_subscriber_id, account_reference, unredeemed_reason, linked_by, linked_at, recorded_at)"
                + " SELECT md5('c2b-' || i)::uuid, 'C' || upper(lpad(to_hex(i), 9, '0')),"
                + "   (ARRAY[1000, 1500, 2000, 2500, 3000, 4500, 6000])[1 + s % 7], md5('phone-' || s), paid_at, 'C2B', NULL,"
                + "   CASE WHEN r < 0.97 OR r >= 0.985 THEN 'isp-' || lpad(s::text, 6, '0') END, NULL,"
                + "   CASE WHEN r < 0.97 THEN 'ACC-' || lpad(s::text, 6, '0') ELSE 'ACC-' || (r * 1000000)::int END,"
                + "   CASE WHEN r >= 0.97 AND r < 0.985 THEN 'unknown_account' END,"
                + "   CASE WHEN r >= 0.985 THEN 'operator-' || (1 + i % 12) END,"
                + "   CASE WHEN r >= 0.985 THEN paid_at + interval '1 day' END,"
                + "   paid_at + interval '1 second'"
                + " FROM (SELECT i, random() AS r, 1 + floor(random() * ?)::int AS s,"
                + "     ?::timestamptz - interval '10 minutes' - random() * interval '90 days' AS paid_at"
                + "   FROM generate_series(1, ?) i) g";
        seed(0.43);
        int paidPushes;
        try (Statement st = c.createStatement()) {
            paidPushes = st.executeUpdate(stk);
        }
        int rest = pushes - paidPushes;
        if (rest > 0) {
            try (PreparedStatement ps = c.prepareStatement(c2b)) {
                ps.setInt(1, subscribers);
                ps.setObject(2, anchor);
                ps.setInt(3, rest);
                ps.executeUpdate();
            }
        }
    }

    private void generateJournal() throws SQLException {
        String callbackBody = "format('{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"%s\",\"CheckoutRequestID\":"
                + "\"%s\",\"ResultCode\":%s,\"ResultDesc\":\"%s\"%s}}}', p.merchant_request_id, p.checkout_request_id,"
                + " p.result_code, p.provider_text, CASE WHEN p.outcome = 'SUCCEEDED' THEN format(',\"CallbackMetadata\":"
                + "{\"Item\":[{\"Name\":\"Amount\",\"Value\":%s.00},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"S%s\"},"
                + "{\"Name\":\"Balance\"},{\"Name\":\"TransactionDate\",\"Value\":%s},{\"Name\":\"PhoneNumber\",\"Value\":"
                + "%s}]}', p.amount, upper(lpad(to_hex(substr(p.checkout_request_id, 7)::bigint), 9, '0')),"
                + " to_char(p.settled_at AT TIME ZONE 'Africa/Nairobi', 'YYYYMMDDHH24MISS'), p.phone) ELSE '' END)";
        String queryBody = "format('{\"ResponseCode\":\"0\",\"ResponseDescription\":\"The service request has been"
                + " accepted successsfully\",\"MerchantRequestID\":\"%s\",\"CheckoutRequestID\":\"%s\",\"ResultCode\":"
                + "\"%s\",\"ResultDesc\":\"%s\"}', p.merchant_request_id, p.checkout_request_id,"
                + " COALESCE(p.result_code, '4999'), COALESCE(p.provider_text, 'The transaction is still under processing'))";
        String insert = "INSERT INTO provider_event (channel, push_id, remote_address, body, received_at, disposition,"
                + " note, handled_at) ";
        int journaled = 0;
        seed(0.44);
        try (Statement st = c.createStatement()) {
            // the callback of every push M-Pesa answered, but for the 5 % whose callback never came
            journaled += st.executeUpdate(insert + "SELECT 'STK_CALLBACK', p.id, '196.201.214.200', " + callbackBody
                    + ", p.settled_at, CASE WHEN p.outcome_evidence = 'callback' THEN 'SETTLED' ELSE 'DUPLICATE' END,"
                    + " NULL, p.settled_at + interval '40 milliseconds'"
                    + " FROM push_request p WHERE p.settled_at IS NOT NULL AND p.checkout_request_id IS NOT NULL"
                    + " AND random() < 0.95");
            // the answer to the first status query of every push sent
            journaled += st.executeUpdate(insert + "SELECT 'STATUS_QUERY', p.id, NULL, " + queryBody
                    + ", p.created_at + interval '9 seconds', CASE WHEN p.outcome_evidence = 'status_query'"
                    + " THEN 'SETTLED' ELSE 'NOTED' END, NULL, p.created_at + interval '9 seconds'"
                    + " FROM push_request p WHERE p.checkout_request_id IS NOT NULL");
            // every Paybill payment's confirmation
            journaled += st.executeUpdate(insert + "SELECT 'C2B_CONFIRMATION', NULL, '196.201.214.206',"
                    + " format('{\"TransactionType\":\"Pay Bill\",\"TransID\":\"%s\",\"TransTime\":\"%s\",\"TransAmount\":"
                    + "\"%s.00\",\"BusinessShortCode\":\"174379\",\"BillRefNumber\":\"%s\",\"InvoiceNumber\":\"\","
                    + "\"OrgAccountBalance\":\"\",\"ThirdPartyTransID\":\"\",\"MSISDN\":\"%s\",\"FirstName\":\"JOHN\"}',"
                    + " receipt, to_char(paid_at AT TIME ZONE 'Africa/Nairobi', 'YYYYMMDDHH24MISS'), amount,"
                    + " account_reference, phone), paid_at, 'SETTLED', NULL, paid_at + interval '30 milliseconds'"
                    + " FROM payment WHERE source = 'C2B'");
        }
        // the rest: later status answers and repeated callbacks, spread over the pushes
        int rest = 3 * pushes - journaled;
        if (rest > 0) {
            String sql = insert + "SELECT CASE WHEN j % 4 = 0 THEN 'STK_CALLBACK' ELSE 'STATUS_QUERY' END, p.id,"
                    + " NULL, " + queryBody + ", p.created_at + make_interval(secs => 8 * (2 + j % 11)),"
                    + " CASE WHEN j % 4 = 0 THEN 'DUPLICATE' ELSE 'NOTED' END, NULL,"
                    + " p.created_at + make_interval(secs => 8 * (2 + j % 11))"
                    + " FROM generate_series(1, ?) j"
                    + " JOIN push_request p ON p.id = md5('push-' || (1 + (j::bigint * 7919) % ?))::uuid";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, rest);
                ps.setInt(2, pushes);
                ps.executeUpdate();
            }
        }
    }

    /**
     * The last pushes wait for their callback as of now: generating the rest takes minutes at full size, and
     * meanwhile Karaf's window sweep ended the wait of those generated waiting.
     */
    private void waitingNow() throws SQLException {
        String sql = "UPDATE push_request p SET status = 'WAITING', outcome = NULL, reason = NULL, result_code = NULL,"
                + " provider_text = NULL, outcome_evidence = NULL, open_phone = p.phone, stopped_by = NULL,"
                + " settled_at = NULL, review_since = NULL, lease_owner = NULL, lease_until = NULL, poll_attempts = 0,"
                + " created_at = w.created, updated_at = w.created + interval '1 second',"
                + " wait_until = w.created + interval '96 seconds', next_poll_at = now() + interval '8 seconds'"
                + " FROM (SELECT md5('push-' || i)::uuid AS id, now() - make_interval(secs => 5 + 3 * (? - i)) AS created"
                + "   FROM generate_series(? - " + (WAITING - 1) + ", ?) i) w"
                + " WHERE p.id = w.id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, pushes);
            ps.setInt(2, pushes);
            ps.setInt(3, pushes);
            ps.executeUpdate();
        }
    }

    private void seed(double seed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setseed(?)")) {
            ps.setDouble(1, seed);
            ps.executeQuery().close();
        }
    }

    /** What was generated, counted: the rows the operator's screens show. */
    Map<String, Long> census() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        String sql = "SELECT * FROM ("
                + " SELECT 1, 'pushes', COUNT(*) FROM push_request"
                + " UNION ALL SELECT 2, '… CONFIRMED', COUNT(*) FROM push_request WHERE status = 'CONFIRMED'"
                + " UNION ALL SELECT 3, '… CANCELLED', COUNT(*) FROM push_request WHERE status = 'CANCELLED'"
                + " UNION ALL SELECT 4, '… FAILED', COUNT(*) FROM push_request WHERE status = 'FAILED'"
                + " UNION ALL SELECT 5, '… TIMEOUT', COUNT(*) FROM push_request WHERE status = 'TIMEOUT'"
                + " UNION ALL SELECT 6, '… STOPPED', COUNT(*) FROM push_request WHERE status = 'STOPPED'"
                + " UNION ALL SELECT 7, '… WAITING', COUNT(*) FROM push_request WHERE status = 'WAITING'"
                + " UNION ALL SELECT 8, '… reconciling (no outcome yet, still polled)', COUNT(*) FROM push_request"
                + "   WHERE outcome IS NULL AND next_poll_at IS NOT NULL AND status <> 'WAITING'"
                + " UNION ALL SELECT 9, '… needing review', COUNT(*) FROM push_request WHERE review_since IS NOT NULL"
                + "   AND outcome IS NULL"
                + " UNION ALL SELECT 10, 'subscribers with a push', COUNT(DISTINCT subscriber_id) FROM push_request"
                + " UNION ALL SELECT 11, 'payments', COUNT(*) FROM payment"
                + " UNION ALL SELECT 12, '… Paybill (C2B)', COUNT(*) FROM payment WHERE source = 'C2B'"
                + " UNION ALL SELECT 13, '… unredeemed', COUNT(*) FROM payment WHERE subscriber_id IS NULL"
                + " UNION ALL SELECT 14, 'journal entries', COUNT(*) FROM provider_event"
                + ") counted (n, what, count) ORDER BY n";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(2), rs.getLong(3));
            }
        }
        return counts;
    }

    /** Table sizes with indexes, in MB. */
    Map<String, Double> sizes() throws SQLException {
        Map<String, Double> sizes = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT relname,"
                + " pg_total_relation_size(oid) / 1048576.0 FROM pg_class"
                + " WHERE relname IN ('push_request', 'payment', 'provider_event') ORDER BY 2 DESC")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getDouble(2));
            }
        }
        return sizes;
    }
}
