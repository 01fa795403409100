package io.stkpush.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Live latency (issue 12, part 3), run by {@code scripts/benchmark-live}: how long after a callback is posted an
 * operator's page sees its event on the WebSocket, under the ingestion load of part 1 ({@code clients} senders
 * posting valid STK success callbacks, each for its own waiting push, as fast as they are answered). For every
 * callback: the time it was sent → the time the first event naming its push ({@code push_status_changed} or
 * {@code payment_recorded}) arrived on the page. The script runs it in three phases, the Karafs started and
 * stopped between them by the script:
 * <ol>
 * <li>{@code --phase one}: one node (A). Warm-up with the page connected, then a run with the page on A, the same
 * paced at {@code --pace} callbacks a second (not saturated), then the reference run with no page at all (the
 * callback's own HTTP round trip).</li>
 * <li>{@code --phase two}: node B started on the same PostgreSQL. Callbacks still go to A. A run with the page on
 * B (events relayed by LISTEN/NOTIFY), the same paced, then the reference with the page on A. A LISTEN of the
 * benchmark's own on the relay's channel stamps when each notice could first be heard, to split where the time
 * goes, and a NOTIFY probe of its own times PostgreSQL's delivery alone.</li>
 * <li>{@code --phase print}: the table, from what the runs saved in {@code --results}.</li>
 * </ol>
 *
 * <p>Options: {@code --phase}, {@code --results} (a properties file the phases add to), {@code --a} and
 * {@code --b} the nodes' URLs, {@code --jdbc} the ledger database (user and password {@code postgres}; must run
 * with production durability), {@code --key} the callback HMAC key, {@code --seconds} per run (60),
 * {@code --clients} (8), {@code --warmup} seconds before the phase's runs (60), {@code --operator}
 * ({@code operator:operator}), {@code --pace} callbacks a second of the paced runs (14, the month-end peak of
 * part 2).
 */
public final class LiveLatency {

    /**
     * Events (and notices) of the last callbacks are waited for after the senders stop while they keep coming: until
     * none came for {@code STRAGGLERS}, at most {@code STRAGGLERS_AT_MOST}. A node that fell behind shows as latency.
     */
    private static final Duration STRAGGLERS = Duration.ofSeconds(5);
    private static final Duration STRAGGLERS_AT_MOST = Duration.ofSeconds(120);
    private static final String CHANNEL = "stkpush_events";
    private static final int MAX_PUSHES_PER_RUN = 500_000;
    private static final int WARM_UP_CHUNK = 3_000;
    private static final double ONE_NODE_TARGET_MS = 10;
    private static final double TWO_NODES_TARGET_MS = 50;

    private final Map<String, String> options;
    private final StkCallbacks ledger;
    private final int clients;
    private final Duration runLength;
    private final String operator;
    private final int pace;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The fastest callback rate seen so far: sizes the next run's supply of waiting pushes. */
    private double expectedRate;

    private LiveLatency(Map<String, String> options) {
        this.options = options;
        this.ledger = new StkCallbacks(text("jdbc"), text("key"), "bench-live");
        this.clients = number("clients", 8);
        this.runLength = Duration.ofSeconds(number("seconds", 60));
        this.operator = options.getOrDefault("operator", "operator:operator");
        this.pace = number("pace", 14);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Path results = Path.of(required(options, "results"));
        String phase = required(options, "phase");
        switch (phase) {
            case "one" -> new LiveLatency(options).oneNode(results);
            case "two" -> new LiveLatency(options).twoNodes(results);
            case "print" -> print(load(results));
            default -> throw new IllegalArgumentException("--phase one|two|print");
        }
        System.exit(0); // the JDK's HttpClient keeps a selector thread a little while
    }

    // ---- the phases -----------------------------------------------------------------------------------------------

    private void oneNode(Path results) throws Exception {
        URI a = URI.create(text("a"));
        Properties saved = new Properties();
        saved.setProperty("server", ledger.durableServer());
        saved.setProperty("clients", Integer.toString(clients));
        saved.setProperty("seconds", Long.toString(runLength.toSeconds()));
        saved.setProperty("warmup.one", Integer.toString(number("warmup", 60)));
        saved.setProperty("pace", Integer.toString(pace));
        try (LiveSocket onA = LiveSocket.open(http, a, operator, "A")) {
            warmUp(a, onA, null);
            measure("one", a, 0, onA, null).save(saved);
            measure("onePaced", a, pace, onA, null).save(saved);
        }
        measure("alone", a, 0, null, null).save(saved);
        store(results, saved);
    }

    private void twoNodes(Path results) throws Exception {
        URI a = URI.create(text("a"));
        URI b = URI.create(text("b"));
        Properties saved = load(results);
        saved.setProperty("warmup.two", Integer.toString(number("warmup", 30)));
        try (LiveNotices notices = new LiveNotices(text("jdbc"), StkCallbacks.USER, StkCallbacks.PASSWORD,
                CHANNEL)) {
            try (LiveSocket onB = LiveSocket.open(http, b, operator, "B")) {
                warmUp(a, onB, notices);
                measure("twoB", a, 0, onB, notices).save(saved);
                measure("twoBPaced", a, pace, onB, notices).save(saved);
            }
            try (LiveSocket onA = LiveSocket.open(http, a, operator, "A")) {
                measure("twoA", a, 0, onA, notices).save(saved);
            }
        }
        store(results, saved);
    }

    /**
     * The same load for {@code --warmup} seconds, with the page connected (Karaf's request path and the events'
     * path take a minute or more of load to be compiled on two cores). The rate it reaches sizes the next runs'
     * supply of waiting pushes.
     */
    private void warmUp(URI base, LiveSocket page, LiveNotices notices) throws Exception {
        Duration length = Duration.ofSeconds(number("warmup", 60));
        System.err.printf(Locale.ROOT, "live: warming up for %d s (page on %s)…%n", length.toSeconds(), page.node());
        long end = System.nanoTime() + length.toNanos();
        long posted = 0;
        double seconds = 0;
        while (System.nanoTime() < end) {
            LiveTracker chunk = new LiveTracker(ledger.newPushes(WARM_UP_CHUNK));
            Load load = post(base, chunk, Duration.ofNanos(Math.max(1, end - System.nanoTime())), 0, page, notices);
            posted += load.posted();
            seconds += load.seconds();
        }
        expectedRate = posted / Math.max(seconds, 1e-3);
    }

    /**
     * One measured run, as fast as the callbacks are answered ({@code perSecond} 0) or paced: enough waiting pushes
     * for {@code runLength} at twice the fastest rate seen (or the pace), then the load.
     */
    private Measured measure(String name, URI base, int perSecond, LiveSocket page, LiveNotices notices)
            throws Exception {
        double rate = perSecond > 0 ? perSecond : expectedRate;
        int supply = (int) Math.min(MAX_PUSHES_PER_RUN, Math.ceil(rate * runLength.toSeconds() * 2) + 1_000);
        System.err.printf(Locale.ROOT, "live: run %s: %,d waiting pushes, %d s, %s, page %s…%n", name, supply,
                runLength.toSeconds(), perSecond > 0 ? perSecond + " callbacks a second" : "saturating",
                page == null ? "none" : "on " + page.node());
        LiveTracker tracker = new LiveTracker(ledger.newPushes(supply));
        Thread.sleep(2_000); // the setup's commit and its WAL out of the way
        Load load = post(base, tracker, runLength, perSecond, page, notices);
        if (perSecond == 0) {
            expectedRate = Math.max(expectedRate, load.perSecond());
        }
        long[] check = ledger.confirmedAndPaid(tracker.sentPushes());
        Measured measured = new Measured(name, tracker, load, notices == null ? null : notices.probes(), check[0],
                check[1], page == null ? null : page.closedBy(), notices == null ? null : notices.failure());
        System.err.printf(Locale.ROOT, "live: run %s: %,d callbacks, %,.0f/s, event p50 %s p99 %s%n", name,
                load.posted(), load.perSecond(), ms(measured.series("e2e").p50()), ms(measured.series("e2e").p99()));
        return measured;
    }

    /**
     * What one load gave: callbacks posted (among slots 0 … slots-1: a paced sender may take a slot it is then too
     * late to send), for how long, and whether it ran out of pushes.
     */
    private record Load(int posted, int slots, double seconds, boolean ranOut) {

        double perSecond() {
            return posted / seconds;
        }
    }

    /**
     * Posts the tracker's callbacks from {@code clients} senders until {@code length} has passed or every push has
     * had its callback, each as soon as the sender is free or, when {@code perSecond} is above 0, at its turn of
     * that pace; then waits for the last events. Every callback must be answered 200.
     */
    private Load post(URI base, LiveTracker tracker, Duration length, int perSecond, LiveSocket page,
            LiveNotices notices) throws Exception {
        if (page != null) {
            page.track(tracker);
        }
        if (notices != null) {
            notices.track(tracker);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger posted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int size = tracker.size();
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        long end;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(senders.submit(() -> {
                    try (KeepAliveConnection connection = new KeepAliveConnection(base)) {
                        while (System.nanoTime() < deadline) {
                            int i = next.getAndIncrement();
                            if (i >= size) {
                                break;
                            }
                            UUID push = tracker.pushes.get(i);
                            String path = ledger.path(push);
                            String body = ledger.body(push);
                            if (perSecond > 0) {
                                long due = start + (long) (i * 1e9 / perSecond);
                                if (due >= deadline) {
                                    break;
                                }
                                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                                    LockSupport.parkNanos(wait); // the pace: this callback's turn
                                }
                            }
                            tracker.sentMicros[i] = LiveTracker.micros(Instant.now());
                            tracker.sentNanos[i] = System.nanoTime();
                            int status = connection.post(path, body);
                            tracker.answeredNanos[i] = System.nanoTime();
                            posted.incrementAndGet();
                            if (status != 200) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            end = System.nanoTime();
        } finally {
            senders.shutdownNow(); // a failed sender must not leave idle threads behind
        }
        int slots = Math.min(next.get(), size);
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " of " + posted.get() + " callbacks were not answered 200:"
                    + " see karaf.log");
        }
        // the events (and notices) of the last callbacks are still on their way
        long atMost = System.nanoTime() + STRAGGLERS_AT_MOST.toNanos();
        long lastCame = System.nanoTime();
        int seen = -1;
        while (System.nanoTime() < atMost && ((page != null && tracker.arrived.get() < posted.get())
                || (notices != null && tracker.noticed.get() < posted.get()))) {
            int heard = tracker.arrived.get() + tracker.noticed.get();
            if (heard != seen) {
                seen = heard;
                lastCame = System.nanoTime();
            } else if (System.nanoTime() - lastCame > STRAGGLERS.toNanos()) {
                break;
            }
            Thread.sleep(10); // polling with the deadlines above
        }
        if (page != null) {
            page.track(null);
        }
        if (notices != null) {
            notices.track(null);
        }
        return new Load(posted.get(), slots, (end - start) / 1e9, slots == size && end < deadline);
    }

    // ---- what a run measured --------------------------------------------------------------------------------------

    /** Percentiles of one series, in milliseconds, by nearest rank. */
    private record Summary(int count, double p50, double p99, double max) {

        static Summary of(long[] nanos, int count) {
            if (count == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return new Summary(count, rank(sorted, 50), rank(sorted, 99), sorted[count - 1] / 1e6);
        }

        private static double rank(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
        }
    }

    /** A run's figures, as saved between the phases. */
    private static final class Measured {

        private final String name;
        private final Load load;
        private final Map<String, Summary> series = new HashMap<>();
        private final long confirmed;
        private final long paid;
        private final String pageClosed;
        private final String noticesFailed;

        Measured(String name, LiveTracker t, Load load, long[] probes, long confirmed, long paid, String pageClosed,
                String noticesFailed) {
            this.name = name;
            this.load = load;
            this.confirmed = confirmed;
            this.paid = paid;
            this.pageClosed = pageClosed;
            this.noticesFailed = noticesFailed;
            int n = load.posted();
            int slots = load.slots();
            long[] answer = new long[n];
            long[] event = new long[n];
            long[] toPublished = new long[n];
            long[] publishedToPage = new long[n];
            long[] publishedToNotice = new long[n];
            long[] noticeToPage = new long[n];
            long[] firstHalf = new long[n];
            long[] secondHalf = new long[n];
            int events = 0;
            int notices = 0;
            int both = 0;
            int first = 0;
            int second = 0;
            int answered = 0;
            for (int i = 0; i < slots; i++) {
                if (t.sentNanos[i] == 0) {
                    continue; // a paced sender took the slot too late to send it
                }
                answer[answered++] = t.answeredNanos[i] - t.sentNanos[i];
                long arrived = t.arrivedNanos.get(i);
                long published = t.publishedMicros.get(i);
                // the event's "at" (Karaf's wall clock, after commit) placed against the wall clock at send
                long sentToPublished = (published - t.sentMicros[i]) * 1_000;
                if (arrived != 0 && published != 0) {
                    event[events] = arrived - t.sentNanos[i];
                    toPublished[events] = sentToPublished;
                    publishedToPage[events] = event[events] - sentToPublished;
                    // slots are taken in order: the first half of them is about the first half of the run
                    if (i < slots / 2) {
                        firstHalf[first++] = event[events];
                    } else {
                        secondHalf[second++] = event[events];
                    }
                    events++;
                }
                long noticed = t.noticedNanos.get(i);
                if (noticed != 0 && published != 0) {
                    publishedToNotice[notices++] = noticed - t.sentNanos[i] - sentToPublished;
                    if (arrived != 0) {
                        noticeToPage[both++] = arrived - noticed;
                    }
                }
            }
            series.put("rt", Summary.of(answer, answered));
            series.put("e2e", Summary.of(event, events));
            series.put("pub", Summary.of(toPublished, events));
            series.put("del", Summary.of(publishedToPage, events));
            series.put("ntc", Summary.of(publishedToNotice, notices));
            series.put("ntcws", Summary.of(noticeToPage, both));
            series.put("e2e1", Summary.of(firstHalf, first));
            series.put("e2e2", Summary.of(secondHalf, second));
            if (probes != null) {
                series.put("probe", Summary.of(probes, probes.length));
            }
        }

        Summary series(String key) {
            return series.get(key);
        }

        void save(Properties saved) {
            saved.setProperty(name + ".callbacks", Integer.toString(load.posted()));
            saved.setProperty(name + ".seconds", Double.toString(load.seconds()));
            saved.setProperty(name + ".perSecond", Double.toString(load.perSecond()));
            saved.setProperty(name + ".ranOut", Boolean.toString(load.ranOut()));
            saved.setProperty(name + ".confirmed", Long.toString(confirmed));
            saved.setProperty(name + ".paid", Long.toString(paid));
            if (pageClosed != null) {
                saved.setProperty(name + ".pageClosed", pageClosed);
            }
            if (noticesFailed != null) {
                saved.setProperty(name + ".noticesFailed", noticesFailed);
            }
            series.forEach((key, s) -> {
                saved.setProperty(name + "." + key + ".count", Integer.toString(s.count()));
                saved.setProperty(name + "." + key + ".p50", Double.toString(s.p50()));
                saved.setProperty(name + "." + key + ".p99", Double.toString(s.p99()));
                saved.setProperty(name + "." + key + ".max", Double.toString(s.max()));
            });
        }
    }

    // ---- the table ------------------------------------------------------------------------------------------------

    private static void print(Properties r) {
        List<String> notes = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        rows.add(row(r, "one", "e2e", "one node: callback POST → its event on the node's WebSocket",
                ONE_NODE_TARGET_MS));
        rows.add(row(r, "twoB", "e2e", "two nodes: callback POST to A → its event on B's WebSocket (LISTEN/NOTIFY)",
                TWO_NODES_TARGET_MS));
        rows.add(row(r, "twoA", "e2e", "*reference:* two nodes, the event on A's WebSocket (the node that took it)",
                Double.NaN));
        String pace = r.getProperty("pace", "?");
        rows.add(row(r, "onePaced", "e2e", "*reference:* one node, paced at " + pace + " callbacks a second (not"
                + " saturated)", Double.NaN));
        rows.add(row(r, "twoBPaced", "e2e", "*reference:* two nodes, page on B, paced at " + pace + " callbacks a"
                + " second", Double.NaN));
        rows.add(row(r, "alone", "rt", "*reference:* the callback POST alone, its HTTP round trip (one node, no"
                + " WebSocket)", Double.NaN));
        rows.add(row(r, "one", "rt", "*reference:* the callback POST's round trip in the one-node run", Double.NaN));
        rows.add(row(r, "twoB", "rt", "*reference:* the callback POST's round trip in the two-node run (page on B)",
                Double.NaN));
        String[] probe = row(r, "twoB", "probe", "*reference:* NOTIFY → heard by a waiting LISTEN, PostgreSQL alone"
                + " (a probe every " + LiveNotices.PROBE_MILLIS + " ms during the page-on-B run)", Double.NaN);
        probe[1] = r.getProperty("twoB.probe.count", "n/a");
        probe[2] = "";
        rows.add(probe);
        target(r, "one", "one node: callback POST → event on its WebSocket, p99", ONE_NODE_TARGET_MS,
                "the POST alone p99 " + p99(r, "alone", "rt"));
        target(r, "twoB", "two nodes: POST to A → event on B's WebSocket, p99", TWO_NODES_TARGET_MS,
                "page on A p99 " + p99(r, "twoA", "e2e") + "; NOTIFY alone p99 " + p99(r, "twoB", "probe"));
        String title = String.format(Locale.ROOT, "Live latency (issue 12, part 3): %s clients posting valid STK success"
                + " callbacks over loopback, each for its own waiting push, %s s per run after %s s (one node) and %s s"
                + " (two nodes) of warm-up; PostgreSQL %s with fsync, synchronous_commit and full_page_writes on",
                r.getProperty("clients"), r.getProperty("seconds"), r.getProperty("warmup.one", "?"),
                r.getProperty("warmup.two", "?"), r.getProperty("server"));
        for (String run : List.of("one", "twoB", "twoA", "onePaced", "twoBPaced", "alone")) {
            if (r.getProperty(run + ".callbacks") == null) {
                notes.add("Run " + run + " did not happen (see the script's output).");
                continue;
            }
            long posted = Long.parseLong(r.getProperty(run + ".callbacks"));
            long confirmed = Long.parseLong(r.getProperty(run + ".confirmed"));
            long paid = Long.parseLong(r.getProperty(run + ".paid"));
            String label = label(run);
            notes.add(String.format(Locale.ROOT, "Checked in the ledger, %s: %,d/%,d pushes CONFIRMED, %,d payments%s",
                    label, confirmed, posted, paid, confirmed == posted && paid == posted ? "." : ". **WRONG.**"));
            if (!"alone".equals(run)) {
                long events = Long.parseLong(r.getProperty(run + ".e2e.count"));
                if (events < posted) {
                    notes.add(String.format(Locale.ROOT, "**%,d of %,d callbacks had no event on the page** (%s; waited"
                            + " until none came for %d s): left out of the percentiles.", posted - events, posted,
                            label, STRAGGLERS.toSeconds()));
                }
            }
            if (!"alone".equals(run) && r.getProperty(run + ".e2e1.count") != null) {
                notes.add(String.format(Locale.ROOT, "Event latency p50 / p99, %s: %s / %s for the first half of the"
                        + " callbacks, %s / %s for the second half.", label, ms(figure(r, run + ".e2e1.p50")),
                        ms(figure(r, run + ".e2e1.p99")), ms(figure(r, run + ".e2e2.p50")),
                        ms(figure(r, run + ".e2e2.p99"))));
            }
            if (r.getProperty(run + ".pageClosed") != null) {
                notes.add("**The server closed the page during " + label + ": " + r.getProperty(run + ".pageClosed")
                        + ".**");
            }
            if (r.getProperty(run + ".noticesFailed") != null) {
                notes.add("The benchmark's LISTEN failed during " + label + ": " + r.getProperty(run + ".noticesFailed"));
            }
            if (Boolean.parseBoolean(r.getProperty(run + ".ranOut"))) {
                notes.add(String.format(Locale.ROOT, "%s ran out of waiting pushes after %.1f s.", label,
                        Double.parseDouble(r.getProperty(run + ".seconds"))));
            }
        }
        table(title, new String[] {"", "callbacks", "callbacks/s", "p50", "p99", "max", "target (p99)", ""}, rows,
                List.of());

        List<String[]> split = new ArrayList<>();
        for (String run : List.of("one", "onePaced", "twoB", "twoBPaced", "twoA")) {
            if (r.getProperty(run + ".callbacks") == null) {
                continue;
            }
            boolean relayed = run.startsWith("two");
            split.add(new String[] {label(run), cell(r, run, "pub"), cell(r, run, "del"),
                    relayed ? cell(r, run, "ntc") : "", run.startsWith("twoB") ? cell(r, run, "ntcws") : ""});
        }
        notes.add("Where the time goes: \"published\" is the event's own `at`, stamped by the push service after the"
                + " settlement committed and before any listener runs (Karaf's wall clock, placed against the"
                + " benchmark's wall clock at send; same machine). \"NOTIFY heard\" is when a LISTEN of the"
                + " benchmark's own on the relay's channel (`stkpush_events`) first heard a notice for the push, as"
                + " node B's relay connection would: published → heard is node A's relay (its queue, its NOTIFY)"
                + " and PostgreSQL's delivery; heard → B's page is node B reading the push back from the ledger,"
                + " the fan-out and the WebSocket send.");
        notes.add("The machine has 2 cores shared by the load, PostgreSQL and the Karaf(s), and other work: the"
                + " figures are noisy; compare them with the references measured in the same run.");
        table("Where the time goes: p50 / p99 / max, ms", new String[] {"run", "POST sent → event published",
            "published → on the page", "published → NOTIFY heard", "NOTIFY heard → on B's page"}, split, notes);
    }

    private static String label(String run) {
        return switch (run) {
            case "one" -> "one node";
            case "onePaced" -> "one node, paced";
            case "twoB" -> "two nodes, page on B";
            case "twoBPaced" -> "two nodes, page on B, paced";
            case "twoA" -> "two nodes, page on A";
            default -> "callback alone";
        };
    }

    private static void target(Properties r, String run, String figure, double targetMs, String reference) {
        double p99 = r.getProperty(run + ".callbacks") == null ? Double.NaN : figure(r, run + ".e2e.p99");
        Targets.record("3 live", figure, Double.isNaN(p99) ? "not run" : ms(p99), reference, "≤ " + ms(targetMs),
                p99 <= targetMs);
    }

    private static String p99(Properties r, String run, String series) {
        String key = run + "." + series + ".p99";
        return r.getProperty(key) == null ? "n/a" : ms(figure(r, key));
    }

    private static String[] row(Properties r, String run, String series, String label, double targetMs) {
        if (r.getProperty(run + ".callbacks") == null) {
            return new String[] {label, "n/a", "", "", "", "", Double.isNaN(targetMs) ? "" : "≤ " + ms(targetMs),
                "**not run**"};
        }
        double p99 = figure(r, run + "." + series + ".p99");
        return new String[] {label, String.format(Locale.ROOT, "%,d", Long.parseLong(r.getProperty(run + ".callbacks"))),
            String.format(Locale.ROOT, "%,.0f/s", figure(r, run + ".perSecond")), ms(figure(r, run + "." + series
                    + ".p50")), ms(p99), ms(figure(r, run + "." + series + ".max")),
            Double.isNaN(targetMs) ? "" : "≤ " + ms(targetMs),
            Double.isNaN(targetMs) ? "" : p99 <= targetMs ? "met" : "**missed**"};
    }

    private static String cell(Properties r, String run, String series) {
        String key = run + "." + series;
        if (r.getProperty(key + ".count") == null || "0".equals(r.getProperty(key + ".count"))) {
            return "n/a";
        }
        return ms(figure(r, key + ".p50")) + " / " + ms(figure(r, key + ".p99")) + " / " + ms(figure(r, key + ".max"));
    }

    private static double figure(Properties r, String key) {
        return Double.parseDouble(r.getProperty(key, "NaN"));
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, millis < 10 ? "%.1f ms" : "%.0f ms", millis);
    }

    /** A Markdown table, padded so it also reads in a terminal; figures right-aligned. */
    private static void table(String title, String[] header, List<String[]> rows, List<String> notes) {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.length];
        for (String[] row : all) {
            for (int i = 0; i < header.length; i++) {
                widths[i] = Math.max(Math.max(widths[i], 3), row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n").append(title).append("\n\n");
        for (int r = 0; r < all.size(); r++) {
            line(out, all.get(r), widths);
            if (r == 0) {
                String[] rule = new String[header.length];
                for (int i = 0; i < header.length; i++) {
                    rule[i] = i == 0 ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":";
                }
                line(out, rule, widths);
            }
        }
        for (String note : notes) {
            out.append('\n').append(note).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    private static void line(StringBuilder out, String[] row, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String pad = " ".repeat(widths[i] - row[i].length());
            out.append(' ').append(i == 0 ? row[i] + pad : pad + row[i]).append(" |");
        }
        out.append('\n');
    }

    // ---- options and the results file -----------------------------------------------------------------------------

    private String text(String name) {
        return required(options, name);
    }

    private int number(String name, int whenAbsent) {
        String value = options.get(name);
        return value == null ? whenAbsent : Integer.parseInt(value);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Properties load(Path file) throws IOException {
        Properties saved = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                saved.load(in);
            }
        }
        return saved;
    }

    private static void store(Path file, Properties saved) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            saved.store(out, "scripts/benchmark-live: what the runs measured, read by --phase print");
        }
    }
}
