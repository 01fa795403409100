package io.stkpush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The peak's oracle: the ledger in PostgreSQL ({@code push_request}, {@code payment}) held to the simulator's own
 * record of what it charged ({@code GET /daraja-sim/ledger}), the way the fault tests' {@code LedgerCheck} does,
 * for realistic subscribers: the prompt's result code says how its push must end (0 {@code CONFIRMED} with its
 * payment linked, 1032 {@code CANCELLED}, 1 and 2001 {@code FAILED}, 1037 {@code TIMEOUT}); every charged prompt is
 * exactly one payment and every payment one charged prompt. A push refused before any prompt went out must have
 * ended {@code FAILED} without a payment.
 *
 * <p>Pushes and prompts are matched by CheckoutRequestID, else by phone ({@link PeakLoad} gives each push a phone of
 * its own). A {@link Snapshot} also keeps what the figures need: when each prompt ended (the payment), when its push
 * was settled ({@code settled_at}, written in the same transaction as the outcome), and the simulator's counts.
 */
final class PeakCheck {

    private static final List<String> OPEN = List.of("SENDING", "WAITING");
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI record;
    private final String jdbcUrl;
    private final Set<String> acknowledged = new LinkedHashSet<>();

    /**
     * @param simulator the simulator's base URL ({@code …/daraja-sim})
     * @param jdbcUrl   the ledger database (user and password {@code postgres})
     */
    PeakCheck(String simulator, String jdbcUrl) {
        this.record = URI.create(simulator + "/ledger");
        this.jdbcUrl = jdbcUrl;
    }

    /** The pushes the operator API acknowledged (202): each must be in the ledger. */
    PeakCheck acknowledged(List<PeakLoad.Sent> sent) {
        sent.stream().filter(PeakLoad.Sent::accepted).forEach(s -> acknowledged.add(s.pushId()));
        return this;
    }

    /** Pushes still {@code SENDING} or {@code WAITING} in the ledger: cheap, to wait on before a full comparison. */
    int openPushes() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, USER, PASSWORD); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM push_request WHERE status IN ('SENDING', 'WAITING')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The simulator's record now, as parsed JSON. */
    Map<String, Object> simulatorRecord() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(record).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the simulator's record answered " + answer.statusCode());
        }
        return PeakJson.object(PeakJson.parse(answer.body()));
    }

    record Prompt(String checkout, String phone, long amount, boolean ended, Integer resultCode, String receipt,
            boolean callbackNeverSent, int callbacksDelivered, int c2bDelivered, int queries, Instant createdAt,
            Instant endedAt, Instant callbackSentAt) {

        boolean charged() {
            return receipt != null;
        }

        @Override
        public String toString() {
            return "prompt " + checkout + " to ***" + phone.substring(Math.max(0, phone.length() - 3)) + " (KES "
                    + amount + ", " + (ended ? "ended " + resultCode : "open") + (receipt == null ? "" : ", receipt "
                    + receipt) + (callbackNeverSent ? ", callback never sent" : "") + ")";
        }
    }

    record Push(String id, String phone, String subscriberId, long amount, String status, String outcome,
            String evidence, String reason, String checkout, Instant createdAt, Instant settledAt, Instant waitUntil,
            Instant reviewSince, int pollAttempts) {

        @Override
        public String toString() {
            return "push " + id + " (" + status + (reason == null ? "" : " " + reason)
                    + (evidence == null ? "" : " by " + evidence) + (reviewSince == null ? "" : ", left for review")
                    + ")";
        }
    }

    record Payment(String id, String receipt, long amount, String pushId, String subscriberId, String unredeemed,
            String source, Instant recordedAt) {

        @Override
        public String toString() {
            return "payment " + id + " (" + source + " receipt " + receipt + ", KES " + amount
                    + (unredeemed == null ? ", linked to " + subscriberId : ", held " + unredeemed) + ")";
        }
    }

    /** One comparison of both sides, and the state it was made on. */
    record Snapshot(Map<String, Object> simulator, List<Prompt> prompts, Map<String, Push> pushes,
            List<Payment> payments, Map<String, Prompt> promptOfPush, List<String> mismatches, List<String> open,
            Map<String, Integer> counts) {

        boolean agreed() {
            return mismatches.isEmpty() && open.isEmpty();
        }

        long chargedPrompts() {
            return prompts.stream().filter(Prompt::charged).count();
        }

        /** A count from the simulator's record: {@code requests.stkQuery}, {@code spikeArrests}, … */
        long simulatorCount(String group, String key) {
            Object inGroup = group == null ? simulator : simulator.get(group);
            return inGroup instanceof Map ? PeakJson.number(PeakJson.object(inGroup), key, 0) : 0;
        }
    }

    /** One comparison, now. */
    Snapshot run() throws Exception {
        Map<String, Object> simulator = simulatorRecord();
        List<Prompt> prompts = prompts(simulator);
        Map<String, Push> pushes = new LinkedHashMap<>();
        List<Payment> payments = new ArrayList<>();
        read(pushes, payments);

        List<String> mismatches = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();

        Map<String, Push> byCheckout = new HashMap<>();
        Map<String, List<Push>> byPhone = new HashMap<>();
        for (Push p : pushes.values()) {
            if (p.checkout != null) {
                byCheckout.put(p.checkout, p);
            }
            byPhone.computeIfAbsent(p.phone, k -> new ArrayList<>()).add(p);
            if (OPEN.contains(p.status)) {
                open.add(p + " is " + p.status);
            }
            if (!acknowledged.contains(p.id)) {
                mismatches.add(p + " was not acknowledged to an operator by this run");
            }
        }
        for (String id : acknowledged) {
            if (!pushes.containsKey(id)) {
                mismatches.add("push " + id + " was acknowledged to the operator (202) but is not in the ledger");
            }
        }
        byPhone.forEach((phone, list) -> {
            if (list.size() > 1) {
                mismatches.add("phone ***" + phone.substring(6) + " has " + list.size() + " pushes, one was sent: "
                        + list);
            }
        });

        Map<String, Prompt> promptOfPush = new HashMap<>();
        for (Prompt pr : prompts) {
            if (!pr.ended) {
                open.add(pr + " is still open on the phone");
            }
            Push push = byCheckout.get(pr.checkout);
            if (push == null && byPhone.getOrDefault(pr.phone, List.of()).size() == 1) {
                push = byPhone.get(pr.phone).get(0); // the push's answer was lost: it has no CheckoutRequestID
            }
            if (push == null) {
                mismatches.add(pr + " reached a phone for no push in the ledger");
            } else if (promptOfPush.putIfAbsent(push.id, pr) != null) {
                mismatches.add(push + ": the phone received two prompts for one push: " + promptOfPush.get(push.id)
                        + ", " + pr);
            }
        }

        Map<String, List<Payment>> paymentsOfPush = new HashMap<>();
        Map<String, List<Payment>> paymentsByReceipt = new HashMap<>();
        for (Payment pay : payments) {
            if (pay.pushId != null) {
                paymentsOfPush.computeIfAbsent(pay.pushId, k -> new ArrayList<>()).add(pay);
            }
            if (pay.receipt != null) {
                paymentsByReceipt.computeIfAbsent(pay.receipt, k -> new ArrayList<>()).add(pay);
            }
        }

        Set<String> claimed = new LinkedHashSet<>();
        for (Push push : pushes.values()) {
            Prompt prompt = promptOfPush.get(push.id);
            Map<String, Payment> paid = new LinkedHashMap<>();
            paymentsOfPush.getOrDefault(push.id, List.of()).forEach(p -> paid.put(p.id, p));
            if (prompt != null && prompt.receipt != null) {
                paymentsByReceipt.getOrDefault(prompt.receipt, List.of()).forEach(p -> paid.put(p.id, p));
            }
            claimed.addAll(paid.keySet());
            count(counts, "push " + push.status);
            if (OPEN.contains(push.status)) {
                continue; // counted as open
            }
            String problem;
            if (prompt == null) {
                problem = neverPrompted(push, List.copyOf(paid.values()), counts);
            } else if (!prompt.ended) {
                continue; // counted as open
            } else if (prompt.charged()) {
                problem = charged(push, prompt, List.copyOf(paid.values()));
            } else {
                problem = notCharged(push, prompt, List.copyOf(paid.values()));
            }
            if (problem != null) {
                mismatches.add(problem);
            }
        }
        for (Payment pay : payments) {
            count(counts, pay.unredeemed == null ? "payment linked" : "payment held " + pay.unredeemed);
            if (!claimed.contains(pay.id)) {
                mismatches.add(pay + " was not charged by the simulator for any push");
            }
        }
        return new Snapshot(simulator, prompts, pushes, payments, promptOfPush, mismatches, open, counts);
    }

    /** Refused before anything reached a phone (e.g. spike arrest beyond the retries): FAILED, nothing paid. */
    private static String neverPrompted(Push push, List<Payment> paid, Map<String, Integer> counts) {
        if (!paid.isEmpty()) {
            return push + " never prompted a phone, yet has payments " + paid;
        }
        if (push.checkout != null) {
            return push + " has CheckoutRequestID " + push.checkout + ", which the simulator never issued";
        }
        count(counts, "refused before a prompt: " + push.status + " " + push.reason);
        return push.status.equals("FAILED") ? null : push + " never prompted a phone: expected FAILED";
    }

    private static String charged(Push push, Prompt prompt, List<Payment> paid) {
        if (paid.size() != 1) {
            return prompt + " is recorded " + paid.size() + " times for " + push + ": " + paid;
        }
        Payment pay = paid.get(0);
        if (!push.id.equals(pay.pushId)) {
            return pay + " is not tied to its " + push;
        }
        if (!push.status.equals("CONFIRMED")) {
            return push + ": the simulator charged " + prompt + ", expected CONFIRMED with " + pay;
        }
        if (pay.unredeemed != null || !push.subscriberId.equals(pay.subscriberId)) {
            return push + " is CONFIRMED but " + pay + " is not linked to subscriber " + push.subscriberId;
        }
        if (pay.amount != prompt.amount) {
            return pay + " records KES " + pay.amount + ", the simulator charged KES " + prompt.amount;
        }
        if (pay.receipt != null && !pay.receipt.equals(prompt.receipt)) {
            return pay + " has receipt " + pay.receipt + ", the simulator's is " + prompt.receipt;
        }
        return null;
    }

    private static String notCharged(Push push, Prompt prompt, List<Payment> paid) {
        if (!paid.isEmpty()) {
            return prompt + " was not charged, yet " + push + " has payments " + paid;
        }
        String expected = expectedStatus(prompt.resultCode);
        if (expected == null) {
            return prompt + " ended with a result code the realistic subscribers never draw";
        }
        return push.status.equals(expected) ? null : push + ": expected " + expected + " for " + prompt;
    }

    /** How a push ends for a realistic subscriber's answer (the Daraja client's catalogue of result codes). */
    static String expectedStatus(Integer resultCode) {
        if (resultCode == null) {
            return null;
        }
        return switch (resultCode) {
            case 0 -> "CONFIRMED";
            case 1032 -> "CANCELLED";
            case 1037 -> "TIMEOUT";
            case 1, 2001 -> "FAILED";
            default -> null;
        };
    }

    private static void count(Map<String, Integer> counts, String what) {
        counts.merge(what, 1, Integer::sum);
    }

    // ---- reading both sides

    private static List<Prompt> prompts(Map<String, Object> record) {
        List<Prompt> prompts = new ArrayList<>();
        for (Object o : PeakJson.array(record.getOrDefault("prompts", List.of()))) {
            Map<String, Object> p = PeakJson.object(o);
            Object code = p.get("resultCode");
            prompts.add(new Prompt(PeakJson.text(p, "checkoutRequestId"), phone(PeakJson.text(p, "phoneNumber")),
                    PeakJson.number(p, "amount", 0), "ENDED".equals(PeakJson.text(p, "state")),
                    code instanceof Number n ? n.intValue() : null, PeakJson.text(p, "receipt"),
                    PeakJson.flag(p, "callbackNeverSent"), (int) PeakJson.number(p, "callbacksDelivered", 0),
                    (int) PeakJson.number(p, "c2bDelivered", 0), (int) PeakJson.number(p, "queries", 0),
                    instant(PeakJson.text(p, "createdAt")), instant(PeakJson.text(p, "endedAt")),
                    instant(PeakJson.text(p, "callbackSentAt"))));
        }
        return prompts;
    }

    private void read(Map<String, Push> pushes, List<Payment> payments) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, USER, PASSWORD); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, phone, subscriber_id, amount, status, outcome,"
                    + " outcome_evidence, reason, checkout_request_id, created_at, settled_at, wait_until,"
                    + " review_since, poll_attempts FROM push_request ORDER BY created_at")) {
                while (rs.next()) {
                    Push p = new Push(rs.getString("id"), phone(rs.getString("phone")), rs.getString("subscriber_id"),
                            rs.getLong("amount"), rs.getString("status"), rs.getString("outcome"),
                            rs.getString("outcome_evidence"), rs.getString("reason"),
                            rs.getString("checkout_request_id"), instant(rs, "created_at"), instant(rs, "settled_at"),
                            instant(rs, "wait_until"), instant(rs, "review_since"), rs.getInt("poll_attempts"));
                    pushes.put(p.id, p);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, receipt, amount, push_id, subscriber_id,"
                    + " unredeemed_reason, source, recorded_at FROM payment ORDER BY recorded_at")) {
                while (rs.next()) {
                    payments.add(new Payment(rs.getString("id"), rs.getString("receipt"), rs.getLong("amount"),
                            rs.getString("push_id"), rs.getString("subscriber_id"), rs.getString("unredeemed_reason"),
                            rs.getString("source"), instant(rs, "recorded_at")));
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws Exception {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** The national number's last nine digits, whatever form each side keeps. */
    private static String phone(String any) {
        String digits = any == null ? "" : any.replaceAll("\\D", "");
        return digits.length() > 9 ? digits.substring(digits.length() - 9) : digits;
    }
}
