package io.stkpush.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The month-end peak (issue 12, part 2), run by {@code scripts/benchmark-peak}: a 1M-subscriber ISP at the start of
 * a month sends about 14 pushes a second. Operators send that many through the operator REST API for the given
 * minutes to a stkpush Karaf on a durable PostgreSQL, whose Daraja client talks to the simulator in a Karaf of its
 * own with realistic subscribers (they answer after 5–40 s, the callback follows 0.5–3 s later, 5 % never come) and
 * Daraja's spike arrest above a rate. Then it waits until every push has ended and prints one table: pushes,
 * provider calls by kind, status queries per push, spike arrests, push → WAITING latency, payment → CONFIRMED
 * latency for callbacks that came and those that never came, and the check that every push ended as its prompt did
 * with exactly the payments the simulator charged.
 *
 * <p>Options: {@code --base} stkpush's URL, {@code --simulator} the simulator's base URL ({@code …/daraja-sim}),
 * {@code --jdbc} the ledger database (user and password {@code postgres}), {@code --minutes} (10), {@code --rate}
 * pushes a second (14), {@code --clients} client threads (16), {@code --drain} seconds to wait for the last pushes
 * to end after the operator's window (240), {@code --operator} ({@code operator:operator}), {@code --subscribers}
 * (50), {@code --details} a CSV file to write one line per push to (none). For the table's title only, what the
 * script configured: {@code --rate-limit} (25), {@code --seed}, {@code --requests-per-second} (22),
 * {@code --status-queries-per-second} (6); and {@code --window}, the operator's window in seconds (96).
 */
public final class PeakRun {

    private static final long MILLION = 1_000_000L;

    private PeakRun() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        String base = options.text("base");
        String simulator = options.text("simulator");
        String jdbc = options.text("jdbc");
        int minutes = options.number("minutes", 10);
        int rate = options.number("rate", 14);
        int clients = options.number("clients", 16);
        int drain = options.number("drain", 240);
        int window = options.number("window", 96);
        if (minutes < 1 || rate < 1 || (long) rate * minutes * 60 > PeakLoad.MAX_PUSHES) {
            throw new IllegalArgumentException("--minutes and --rate: at least 1, and at most "
                    + PeakLoad.MAX_PUSHES + " pushes in all");
        }
        String server = durablePostgres(jdbc);

        PeakCheck check = new PeakCheck(simulator, jdbc);
        Map<String, Object> before = check.simulatorRecord();
        if (!PeakJson.array(before.getOrDefault("prompts", List.of())).isEmpty()) {
            throw new IllegalStateException("the simulator already has prompts: start from a fresh one");
        }

        System.err.printf(Locale.ROOT, "peak: %d pushes a second for %d min from %d client threads%n", rate, minutes,
                clients);
        Instant started = Instant.now();
        List<PeakLoad.Sent> sent = new PeakLoad(base, options.text("operator", "operator:operator"),
                options.number("subscribers", 50), clients).run(rate, Duration.ofMinutes(minutes));
        Instant lastSent = sent.stream().map(PeakLoad.Sent::sentAt).max(Instant::compareTo).orElse(started);
        check.acknowledged(sent);

        PeakCheck.Snapshot end = awaitEnd(check, lastSent.plusSeconds(window + drain));
        print(options, minutes, rate, clients, server, sent, end);
        String details = options.text("details", null);
        if (details != null) {
            writeDetails(Path.of(details), sent, end);
        }
        if (!end.agreed()) {
            System.out.println("\nThe ledger does not agree with what the simulator charged (above): the figures"
                    + " describe a run that went wrong. See karaf.log.");
            System.exit(1);
        }
    }

    /** Refuses to measure on a PostgreSQL that trades durability for speed; returns its version. */
    private static String durablePostgres(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('fsync'),"
                        + " current_setting('synchronous_commit'), current_setting('full_page_writes'),"
                        + " current_setting('server_version')")) {
            rs.next();
            if (!"on".equals(rs.getString(1)) || "off".equals(rs.getString(2)) || !"on".equals(rs.getString(3))) {
                throw new IllegalStateException("PostgreSQL runs with fsync=" + rs.getString(1)
                        + ", synchronous_commit=" + rs.getString(2) + ", full_page_writes=" + rs.getString(3)
                        + ": the peak is measured with production durability (STKPUSH_PG_DURABLE=1)");
            }
            return rs.getString(4);
        }
    }

    /**
     * Waits until no push is open in the ledger, then until ledger and simulator agree twice in a row five seconds
     * apart (a callback, a C2B confirmation or a status query arriving late must not change anything), or until the
     * deadline; returns the last comparison.
     */
    private static PeakCheck.Snapshot awaitEnd(PeakCheck check, Instant deadline) throws Exception {
        long nextProgress = 0;
        while (Instant.now().isBefore(deadline)) {
            int open = check.openPushes();
            if (open == 0) {
                break;
            }
            if (System.nanoTime() >= nextProgress) {
                System.err.printf(Locale.ROOT, "peak: %,d pushes still waiting%n", open);
                nextProgress = System.nanoTime() + 15_000 * MILLION;
            }
            Thread.sleep(2000); // poll interval; the deadline bounds the wait
        }
        PeakCheck.Snapshot last = check.run();
        int inARow = last.agreed() ? 1 : 0;
        while (inARow < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(5000); // poll interval; the deadline bounds the wait
            last = check.run();
            inARow = last.agreed() ? inARow + 1 : 0;
        }
        System.err.println("peak: compared the ledger with the simulator's record");
        return last;
    }

    private static void print(Options options, int minutes, int rate, int clients, String server,
            List<PeakLoad.Sent> sent, PeakCheck.Snapshot end) {
        long accepted = sent.stream().filter(PeakLoad.Sent::accepted).count();
        long waiting = sent.stream().filter(PeakLoad.Sent::waiting).count();
        Map<String, Long> refused = sent.stream().filter(s -> !s.waiting()).collect(Collectors.groupingBy(
                s -> s.status() + " " + (s.accepted() ? s.pushStatus() : s.error()), TreeMap::new,
                Collectors.counting()));

        Latencies toWaiting = new Latencies(sent.size());
        Latencies toWaitingAfterFirstMinute = new Latencies(sent.size());
        long firstMinute = 60L * rate;
        long maxLag = 0;
        for (PeakLoad.Sent s : sent) {
            if (s.status() > 0) {
                toWaiting.add(s.latencyNanos());
                if (s.n() >= firstMinute) {
                    toWaitingAfterFirstMinute.add(s.latencyNanos());
                }
            }
            maxLag = Math.max(maxLag, s.lagNanos());
        }

        // payment (the prompt's end at the simulator) → CONFIRMED (settled_at in the ledger)
        Latencies callbackCame = new Latencies(end.prompts().size());
        Latencies callbackNever = new Latencies(end.prompts().size());
        Latencies callbackToConfirmed = new Latencies(end.prompts().size());
        int confirmedAfterWindow = 0;
        Map<String, Integer> evidence = new TreeMap<>();
        for (PeakCheck.Push push : end.pushes().values()) {
            PeakCheck.Prompt prompt = end.promptOfPush().get(push.id());
            if (prompt == null || !prompt.charged() || !"CONFIRMED".equals(push.status()) || push.settledAt() == null
                    || prompt.endedAt() == null) {
                continue;
            }
            long nanos = Duration.between(prompt.endedAt(), push.settledAt()).toNanos();
            (prompt.callbackNeverSent() ? callbackNever : callbackCame).add(nanos);
            if (prompt.callbackSentAt() != null) {
                callbackToConfirmed.add(Duration.between(prompt.callbackSentAt(), push.settledAt()).toNanos());
            }
            evidence.merge((prompt.callbackNeverSent() ? "callback never came, " : "callback came, ")
                    + "confirmed by " + push.evidence(), 1, Integer::sum);
            if (push.settledAt().isAfter(push.waitUntil())) {
                confirmedAfterWindow++;
            }
        }
        int chargedNever = (int) end.prompts().stream().filter(p -> p.charged() && p.callbackNeverSent()).count();
        int chargedCame = (int) end.chargedPrompts() - chargedNever;

        long queries = end.simulatorCount("requests", "stkQuery");
        double queriesPerPush = accepted == 0 ? 0 : (double) queries / accepted;
        long spikeArrests = end.simulatorCount(null, "spikeArrests");
        double p99ToWaiting = toWaiting.millis(99);

        String seed = options.text("seed", "?");
        String limit = options.text("rate-limit", "25");
        Table table = new Table(String.format(Locale.ROOT, "Month-end peak: %d pushes a second for %d min through the"
                + " operator API (%d client threads); Daraja simulator with realistic subscribers (seed %s), spike"
                + " arrest above %s calls a second; stkpush requestsPerSecond %s, statusQueriesPerSecond %s;"
                + " PostgreSQL %s, durable", rate, minutes, clients, seed, limit,
                options.text("requests-per-second", "22"), options.text("status-queries-per-second", "6"), server),
                "", "measured", "target", "");
        table.row("pushes sent: answered WAITING / all", String.format(Locale.ROOT, "%,d / %,d", waiting,
                sent.size()), "", "");
        table.row("provider calls: token / STK push / status query / C2B register", String.format(Locale.ROOT,
                "%,d / %,d / %,d / %,d", end.simulatorCount("requests", "token"),
                end.simulatorCount("requests", "stkPush"), queries, end.simulatorCount("requests", "c2bRegister")),
                "", "");
        table.row("busiest second at the simulator (calls)", String.valueOf(end.simulatorCount(null, "busiestSecond")),
                "≤ " + limit, Table.verdict(end.simulatorCount(null, "busiestSecond") <= Long.parseLong(limit)));
        table.row("status queries per push (mean)", Table.number(queriesPerPush), "≤ 0.50",
                Table.verdict(queriesPerPush <= 0.5));
        table.row("spike-arrest answers", String.format(Locale.ROOT, "%,d", spikeArrests), "0",
                Table.verdict(spikeArrests == 0));
        table.row("push → WAITING p50 / p99 (max)", Table.ms(toWaiting.millis(50)) + " / " + Table.ms(p99ToWaiting)
                + " (" + Table.ms(toWaiting.maxMillis()) + ")", "p99 ≤ 1 s", Table.verdict(p99ToWaiting <= 1000));
        Targets.record("2 peak", "status queries per push (mean)", Table.number(queriesPerPush),
                String.format(Locale.ROOT, "%,d pushes at %d/s; %,d queries", sent.size(), rate, queries), "≤ 0.50",
                queriesPerPush <= 0.5);
        Targets.record("2 peak", "spike-arrest answers", String.format(Locale.ROOT, "%,d", spikeArrests),
                "busiest second " + end.simulatorCount(null, "busiestSecond") + " calls, limit " + limit, "0",
                spikeArrests == 0);
        Targets.record("2 peak", "push → WAITING p99", Table.ms(p99ToWaiting), "p50 " + Table.ms(toWaiting.millis(50)),
                "≤ 1 s", p99ToWaiting <= 1000);
        if (minutes > 1) {
            table.row("push → WAITING p50 / p99, after the first minute",
                    Table.ms(toWaitingAfterFirstMinute.millis(50)) + " / "
                            + Table.ms(toWaitingAfterFirstMinute.millis(99)), "", "");
        }
        table.row(String.format(Locale.ROOT, "payment → CONFIRMED p50 / p99, callback came (%,d)", chargedCame),
                seconds(callbackCame, 50) + " / " + seconds(callbackCame, 99), "", "");
        table.row("… of which callback sent → CONFIRMED p50 / p99 (stkpush's part)",
                Table.ms(callbackToConfirmed.millis(50)) + " / " + Table.ms(callbackToConfirmed.millis(99)), "", "");
        table.row(String.format(Locale.ROOT, "payment → CONFIRMED p50 / p99, callback never came (%,d)",
                chargedNever), seconds(callbackNever, 50) + " / " + seconds(callbackNever, 99), "", "");
        table.row("every push ended as its prompt; payments = charged prompts", checkLine(end), "exact",
                Table.verdict(end.agreed()));
        Targets.record("2 peak", "every push ended as its prompt; payments = charged prompts", checkLine(end),
                "the simulator's record", "exact", end.agreed());

        table.note(String.format(Locale.ROOT, "How the subscribers answered (the simulator's draws): %s. Pushes in the"
                + " ledger: %s. Payments: %s.", outcomes(end), filtered(end.counts(), "push "),
                filtered(end.counts(), "payment ")));
        int c2b = end.prompts().stream().mapToInt(PeakCheck.Prompt::c2bDelivered).sum();
        int callbacks = end.prompts().stream().mapToInt(PeakCheck.Prompt::callbacksDelivered).sum();
        table.note(String.format(Locale.ROOT, "Notifications stkpush took (simulator): %,d STK callbacks and %,d C2B"
                + " confirmations (a paid Paybill push is confirmed both ways, as live; the second is a duplicate"
                + " by receipt). ", callbacks, c2b) + "How each payment was confirmed: " + evidence
                + (confirmedAfterWindow == 0 ? ""
                : String.format(Locale.ROOT, "; %d confirmed after the operator's window", confirmedAfterWindow))
                + ".");
        table.note(queryBreakdown(end, accepted));
        if (!refused.isEmpty()) {
            table.note("Pushes not answered WAITING (HTTP status and push status or error): " + refused + ".");
        }
        if (spikeArrests > 0) {
            table.note("Spike arrests by call: " + end.simulator().get("spikeArrestsByCall") + ". stkpush's"
                    + " limiter is a token bucket holding one second's worth of requestsPerSecond: at this rate it is"
                    + " nearly full, so calls that bunch (a stall on the client or in Karaf) go out at once, and one"
                    + " clock second can carry up to twice requestsPerSecond. An arrested push is retried after"
                    + " busyRetryDelayMillis (1 s), which its push → WAITING time shows.");
        }
        table.note(String.format(Locale.ROOT, "Latency of push → WAITING: from the POST to its answer, as the"
                + " operator waits (the Daraja call included). The client threads started each push at most %s"
                + " after its turn on the clock. Payment → CONFIRMED: from the prompt's end at the simulator (the"
                + " subscriber's answer) to the push's settled_at in the ledger, written with its outcome; both clocks"
                + " are this machine's. Provider calls are the simulator's record since it booted (stkpush's"
                + " start-up token and C2B registration included). Measured on a shared 2-core machine running both"
                + " Karafs, PostgreSQL and the load: figures are noisy.", Table.ms(maxLag / 1e6)));
        if (!end.agreed()) {
            List<String> shown = new ArrayList<>(end.mismatches().subList(0, Math.min(20, end.mismatches().size())));
            end.open().stream().limit(20L - shown.size()).forEach(o -> shown.add("still open: " + o));
            table.note("**Check failed** (" + end.mismatches().size() + " mismatches, " + end.open().size()
                    + " still open; first ones):\n- " + String.join("\n- ", shown));
        }
        table.print();
    }

    /** One line per push, for looking into a figure afterwards (times in the machine's clock, UTC). */
    private static void writeDetails(Path file, List<PeakLoad.Sent> sent, PeakCheck.Snapshot end) throws Exception {
        Map<String, PeakCheck.Push> byId = end.pushes();
        List<String> lines = new ArrayList<>();
        lines.add("n,sent_at,lag_ms,to_waiting_ms,http_status,answer,push_status,evidence,result_code,"
                + "callback_never_sent,queries,prompt_created_at,prompt_ended_at,callback_sent_at,settled_at");
        for (PeakLoad.Sent s : sent) {
            PeakCheck.Push push = s.pushId() == null ? null : byId.get(s.pushId());
            PeakCheck.Prompt prompt = push == null ? null : end.promptOfPush().get(push.id());
            lines.add(String.join(",", String.valueOf(s.n()), String.valueOf(s.sentAt()),
                    String.format(Locale.ROOT, "%.1f", s.lagNanos() / 1e6),
                    String.format(Locale.ROOT, "%.1f", s.latencyNanos() / 1e6), String.valueOf(s.status()),
                    String.valueOf(s.accepted() ? s.pushStatus() : s.error()),
                    push == null ? "" : push.status(), push == null ? "" : String.valueOf(push.evidence()),
                    prompt == null ? "" : String.valueOf(prompt.resultCode()),
                    prompt == null ? "" : String.valueOf(prompt.callbackNeverSent()),
                    prompt == null ? "" : String.valueOf(prompt.queries()),
                    prompt == null ? "" : String.valueOf(prompt.createdAt()),
                    prompt == null ? "" : String.valueOf(prompt.endedAt()),
                    prompt == null ? "" : String.valueOf(prompt.callbackSentAt()),
                    push == null ? "" : String.valueOf(push.settledAt())));
        }
        Files.write(file, lines);
    }

    private static String checkLine(PeakCheck.Snapshot end) {
        long payments = end.payments().size();
        long charged = end.chargedPrompts();
        return String.format(Locale.ROOT, "%,d pushes, %,d mismatches, %,d still open; %,d payments, %,d charged",
                end.pushes().size(), end.mismatches().size(), end.open().size(), payments, charged);
    }

    private static String outcomes(PeakCheck.Snapshot end) {
        Map<String, Integer> byCode = new TreeMap<>();
        for (PeakCheck.Prompt p : end.prompts()) {
            String code = p.resultCode() == null ? "open" : String.valueOf(p.resultCode());
            byCode.merge(code + (p.callbackNeverSent() ? " without callback" : ""), 1, Integer::sum);
        }
        return byCode.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s: %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String filtered(Map<String, Integer> counts, String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey().substring(prefix.length()), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Where the status queries went, from the simulator's count per prompt: what drives queries per push. */
    private static String queryBreakdown(PeakCheck.Snapshot end, long accepted) {
        long lost = 0;
        long lostQueries = 0;
        long noAnswer = 0;
        long noAnswerQueries = 0;
        long others = 0;
        long othersQueries = 0;
        long queried = 0;
        for (PeakCheck.Prompt p : end.prompts()) {
            if (p.queries() > 0) {
                queried++;
            }
            if (p.callbackNeverSent()) {
                lost++;
                lostQueries += p.queries();
            } else if (Integer.valueOf(1037).equals(p.resultCode())) {
                noAnswer++;
                noAnswerQueries += p.queries();
            } else {
                others++;
                othersQueries += p.queries();
            }
        }
        // poll_attempts counts the queries sent that gave no outcome (pending, or an error), not the one that
        // settled, nor those put off by the budget (ledger api 2.8)
        long pollAttempts = end.pushes().values().stream().mapToLong(PeakCheck.Push::pollAttempts).sum();
        return String.format(Locale.ROOT, "Status queries by prompt (simulator): %,d of %,d prompts were queried;"
                + " callback never came: %,d prompts, %,d queries (%s per push); no answer (1037, callback at"
                + " 60.5–63 s): %,d prompts, %,d queries (%s per push); the rest: %,d prompts, %,d queries (%s per"
                + " push). Per push sent: %s. Queries that gave no outcome (still pending; the ledger's"
                + " poll_attempts): %,d.",
                queried, end.prompts().size(), lost, lostQueries, per(lostQueries, lost), noAnswer, noAnswerQueries,
                per(noAnswerQueries, noAnswer), others, othersQueries, per(othersQueries, others),
                String.format(Locale.ROOT, "lost callbacks %s + 1037s %s + the rest %s", per(lostQueries, accepted),
                        per(noAnswerQueries, accepted), per(othersQueries, accepted)), pollAttempts);
    }

    private static String per(long part, long whole) {
        return whole == 0 ? "–" : Table.number((double) part / whole);
    }

    private static String seconds(Latencies latencies, double p) {
        double millis = latencies.millis(p);
        return Double.isNaN(millis) ? "–" : Table.seconds(millis / 1000);
    }
}
