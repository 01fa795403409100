package io.stkpush.faults;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.faults.PaymentMix.Scenario;

/**
 * The oracle: the ledger in PostgreSQL ({@code push_request}, {@code payment}) held to the simulator's own record
 * of what it charged ({@code GET /daraja-sim/ledger}).
 *
 * <ul>
 * <li>Every charged prompt is exactly one payment, linked or unredeemed, found by its receipt or through its push
 * (a payment confirmed by a status query has no receipt). None missing, none twice.</li>
 * <li>Every payment is one the simulator charged.</li>
 * <li>A phone got at most one prompt per push; every prompt belongs to a push the ledger recorded first.</li>
 * <li>Every push ends as its scenario says ({@link Scenario#status}). Two exceptions, both precise: a push whose
 * waiting window overlapped a {@linkplain #disturbed disturbance} (Karaf dead, bundles restarting, Daraja failing)
 * may end {@code TIMEOUT} instead, and then a payment for it must be held {@code late_payment} and recorded after
 * its window; and a charged prompt stkpush could not know of (the push's answer lost, so no CheckoutRequestID to
 * ask about, and no callback or C2B confirmation delivered) must leave its push for review.</li>
 * <li>A push the simulator never saw (refused or lost before a prompt) has no payment, and ends {@code FAILED}
 * (a refusal) or {@code TIMEOUT} left for review (an unknown answer).</li>
 * </ul>
 */
final class LedgerCheck {

    private static final List<String> OPEN = List.of("SENDING", "WAITING");

    private final DarajaSimulator simulator;
    private final String jdbcUrl;
    private final List<Instant[]> disturbances = new ArrayList<>();
    private final Set<String> acknowledged = new LinkedHashSet<>();

    LedgerCheck(DarajaSimulator simulator, String jdbcUrl) {
        this.simulator = simulator;
        this.jdbcUrl = jdbcUrl;
    }

    /** Pushes whose waiting window overlaps {@code [from, to]} may be cut short by what happened then. */
    LedgerCheck disturbed(Instant from, Instant to) {
        disturbances.add(new Instant[] {from, to});
        return this;
    }

    /** Pushes the operator API acknowledged (202): each must be in the ledger. */
    LedgerCheck acknowledged(List<PaymentMix.Sent> sent) {
        sent.stream().filter(PaymentMix.Sent::accepted).forEach(s -> acknowledged.add(s.pushId()));
        return this;
    }

    /** What one comparison found. */
    record Result(List<String> mismatches, List<String> stillOpen, Map<String, Integer> counts) {

        boolean agreed() {
            return mismatches.isEmpty() && stillOpen.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("ledger vs. simulator: ").append(counts);
            mismatches.forEach(m -> text.append("\n  MISMATCH ").append(m));
            stillOpen.forEach(m -> text.append("\n  still open: ").append(m));
            return text.toString();
        }
    }

    /**
     * Compares until ledger and record agree twice in a row (a third callback or a late C2B confirmation must not
     * double anything a moment later), and returns that result; fails at the deadline listing every mismatch.
     */
    Result awaitAgreement(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        Result last = run();
        while (true) {
            inARow = last.agreed() ? inARow + 1 : 0;
            if (inARow == 2) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ledger does not agree with what the simulator charged within "
                        + within + "\n" + last);
            }
            Thread.sleep(1000); // poll interval; the deadline bounds the wait
            last = run();
        }
    }

    /** One comparison, now. */
    Result run() throws Exception {
        List<Prompt> prompts = prompts(simulator.record());
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
            count(counts, "push " + p.status);
            if (OPEN.contains(p.status)) {
                open.add(p + " is " + p.status);
            }
        }
        byPhone.forEach((phone, list) -> {
            if (list.size() > 1) {
                mismatches.add("phone " + phone + " has " + list.size() + " pushes (one sent per phone): " + list);
            }
        });
        for (String id : acknowledged) {
            if (!pushes.containsKey(id)) {
                mismatches.add("push " + id + " was acknowledged to the operator (202) but is not in the ledger");
            }
        }

        Map<String, List<Prompt>> promptsOf = new HashMap<>();
        for (Prompt pr : prompts) {
            count(counts, pr.receipt != null ? "prompt charged" : "prompt not charged");
            if (!pr.ended) {
                open.add(pr + " is still open on the phone");
            }
            Push push = byCheckout.get(pr.checkout);
            if (push == null && byPhone.getOrDefault(pr.phone, List.of()).size() == 1) {
                push = byPhone.get(pr.phone).get(0); // the push's answer was lost: it has no CheckoutRequestID
            }
            if (push == null) {
                mismatches.add(pr + " reached a phone for no push in the ledger");
                continue;
            }
            promptsOf.computeIfAbsent(push.id, k -> new ArrayList<>()).add(pr);
        }

        Set<String> claimed = new LinkedHashSet<>();
        for (Push push : pushes.values()) {
            List<Prompt> its = promptsOf.getOrDefault(push.id, List.of());
            if (its.size() > 1) {
                mismatches.add(push + ": the phone received " + its.size() + " prompts for one push: " + its);
            }
            List<Payment> paid = new ArrayList<>();
            for (Payment pay : payments) {
                boolean byReceipt = pay.receipt != null
                        && its.stream().anyMatch(pr -> pay.receipt.equals(pr.receipt));
                if (push.id.equals(pay.pushId) || byReceipt) {
                    paid.add(pay);
                }
            }
            paid.forEach(p -> claimed.add(p.id));
            Scenario scenario = Scenario.of(push.phone);
            if (scenario == null) {
                mismatches.add(push + " is not a push of the mix (phone ending)");
                continue;
            }
            String problem = its.isEmpty() ? neverPrompted(push, paid, counts)
                    : its.get(0).receipt != null ? charged(push, scenario, its.get(0), paid, counts)
                    : notCharged(push, scenario, its.get(0), paid);
            if (problem != null && !OPEN.contains(push.status)) {
                mismatches.add(problem);
            }
        }
        for (Payment pay : payments) {
            count(counts, pay.unredeemed == null ? "payment linked" : "payment " + pay.unredeemed);
            if (!claimed.contains(pay.id)) {
                mismatches.add(pay + " was not charged by the simulator (or belongs to no push of its prompt)");
            }
        }
        return new Result(mismatches, open, counts);
    }

    /** Nothing reached a phone: no payment, and a refusal (FAILED) or an unknown answer left for review. */
    private static String neverPrompted(Push push, List<Payment> paid, Map<String, Integer> counts) {
        if (!paid.isEmpty()) {
            return push + " never prompted a phone, yet has payments " + paid;
        }
        if (push.checkout != null) {
            return push + " has CheckoutRequestID " + push.checkout + ", which the simulator never issued";
        }
        boolean leftForReview = push.status.equals("TIMEOUT") && push.reviewSince != null;
        count(counts, "never prompted: " + push.status + " " + push.reason);
        return push.status.equals("FAILED") || leftForReview ? null
                : push + " never prompted a phone: expected FAILED, or TIMEOUT left for review";
    }

    private String charged(Push push, Scenario scenario, Prompt prompt, List<Payment> paid,
            Map<String, Integer> counts) {
        if (!scenario.paid()) {
            return push + ": the simulator charged " + prompt + " although scenario " + scenario + " never pays";
        }
        if (paid.size() > 1) {
            return prompt + " is recorded " + paid.size() + " times: " + paid;
        }
        if (paid.isEmpty()) {
            boolean unknowable = push.checkout == null && prompt.callbacksDelivered == 0 && prompt.c2bDelivered == 0;
            if (unknowable && push.reviewSince != null) {
                count(counts, "charged, unknowable to stkpush, left for review");
                return null;
            }
            return prompt + " was charged but is missing from the ledger (" + push + ")";
        }
        Payment pay = paid.get(0);
        if (!push.id.equals(pay.pushId)) {
            return pay + " is not tied to its push " + push;
        }
        if (pay.amount != prompt.amount) {
            return pay + " records KES " + pay.amount + ", the simulator charged KES " + prompt.amount;
        }
        if (pay.receipt != null && !pay.receipt.equals(prompt.receipt)) {
            return pay + " has receipt " + pay.receipt + ", the simulator's is " + prompt.receipt;
        }
        boolean linked = pay.unredeemed == null && push.subscriberId.equals(pay.subscriberId);
        // late: learnt only after the window, so held for the operator (latePaymentPolicy = unredeemed)
        boolean late = "late_payment".equals(pay.unredeemed) && !pay.recordedAt.isBefore(push.waitUntil)
                && push.status.equals("TIMEOUT");
        if (scenario.paidLate()) {
            if (!late && disturbed(push) && push.status.equals("CONFIRMED") && linked) {
                // the window could not be ended while the node was down: asked first after the restart, the push
                // was still waited on when its payment was learnt (PushTable.pastTheirWindow)
                count(counts, "paid late by design, confirmed after a disturbance");
                return null;
            }
            if (!late) {
                return push + ": paid after the window, expected TIMEOUT with " + pay
                        + " held late_payment and recorded after " + push.waitUntil;
            }
            return push.reviewSince == null ? null : push + " is still left for review after its payment " + pay;
        }
        if (push.status.equals("CONFIRMED") && linked) {
            return null;
        }
        if (late && disturbed(push)) {
            count(counts, "paid in the window, learnt after it (disturbed): late_payment");
            return null;
        }
        return push + ": expected CONFIRMED with " + pay + " linked" + (disturbed(push)
                ? ", or TIMEOUT with it held late_payment and recorded after " + push.waitUntil : "");
    }

    private String notCharged(Push push, Scenario scenario, Prompt prompt, List<Payment> paid) {
        if (!paid.isEmpty()) {
            return prompt + " was not charged, yet " + push + " has payments " + paid;
        }
        if (!prompt.ended) {
            return null; // still open on the phone: counted as open
        }
        if (scenario.paid()) {
            return prompt + " ended without a charge in paid scenario " + scenario;
        }
        if (push.status.equals(scenario.status)
                || (push.status.equals("TIMEOUT") && disturbed(push))) {
            return null;
        }
        return push + ": expected " + scenario.status + " for " + prompt
                + (disturbed(push) ? " (or TIMEOUT: its window was disturbed)" : "");
    }

    private boolean disturbed(Push push) {
        for (Instant[] d : disturbances) {
            if (!push.createdAt.isAfter(d[1]) && !push.waitUntil.isBefore(d[0])) {
                return true;
            }
        }
        return false;
    }

    private static void count(Map<String, Integer> counts, String what) {
        counts.merge(what, 1, Integer::sum);
    }

    // ---- reading both sides

    private record Prompt(String checkout, String phone, long amount, boolean ended, Integer resultCode,
            String receipt, int callbacksDelivered, int c2bDelivered) {

        @Override
        public String toString() {
            return "prompt " + checkout + " to " + phone + " (KES " + amount + ", "
                    + (ended ? "ended " + resultCode : "open") + (receipt == null ? "" : ", receipt " + receipt)
                    + ")";
        }
    }

    private record Push(String id, String phone, String subscriberId, long amount, String status, String reason,
            String checkout, Instant createdAt, Instant waitUntil, Instant reviewSince) {

        @Override
        public String toString() {
            return "push " + id + " to " + phone + " (" + status + (reason == null ? "" : " " + reason)
                    + (reviewSince == null ? "" : ", left for review") + ")";
        }
    }

    private record Payment(String id, String receipt, long amount, String pushId, String subscriberId,
            String unredeemed, String source, Instant recordedAt) {

        @Override
        public String toString() {
            return "payment " + id + " (" + source + " receipt " + receipt + ", KES " + amount
                    + (unredeemed == null ? ", linked to " + subscriberId : ", held " + unredeemed) + ")";
        }
    }

    private static List<Prompt> prompts(JsonNode record) {
        List<Prompt> prompts = new ArrayList<>();
        for (JsonNode p : record.path("prompts")) {
            prompts.add(new Prompt(text(p, "checkoutRequestId"), phone(text(p, "phoneNumber")),
                    p.path("amount").asLong(), "ENDED".equals(text(p, "state")),
                    p.path("resultCode").isNull() || p.path("resultCode").isMissingNode() ? null
                            : p.path("resultCode").asInt(),
                    text(p, "receipt"), p.path("callbacksDelivered").asInt(), p.path("c2bDelivered").asInt()));
        }
        return prompts;
    }

    private void read(Map<String, Push> pushes, List<Payment> payments) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, ThrowawayPostgres.USER, ThrowawayPostgres.PASSWORD);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, phone, subscriber_id, amount, status, reason,"
                    + " checkout_request_id, created_at, wait_until, review_since FROM push_request"
                    + " ORDER BY created_at")) {
                while (rs.next()) {
                    Push p = new Push(rs.getString("id"), phone(rs.getString("phone")), rs.getString("subscriber_id"),
                            rs.getLong("amount"), rs.getString("status"), rs.getString("reason"),
                            rs.getString("checkout_request_id"), instant(rs, "created_at"),
                            instant(rs, "wait_until"), instant(rs, "review_since"));
                    pushes.put(p.id, p);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, receipt, amount, push_id, subscriber_id,"
                    + " unredeemed_reason, source, recorded_at FROM payment ORDER BY recorded_at")) {
                while (rs.next()) {
                    payments.add(new Payment(rs.getString("id"), rs.getString("receipt"), rs.getLong("amount"),
                            rs.getString("push_id"), rs.getString("subscriber_id"),
                            rs.getString("unredeemed_reason"), rs.getString("source"), instant(rs, "recorded_at")));
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws Exception {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The national number's last nine digits, whatever form each side keeps. */
    private static String phone(String any) {
        String digits = any == null ? "" : any.replaceAll("\\D", "");
        return digits.length() > 9 ? digits.substring(digits.length() - 9) : digits;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
